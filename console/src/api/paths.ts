/** The paths the console calls: the generated schema's. */

import type { operations, paths } from '../../../clients/typescript/schema';

export type ApiPaths = paths;

type Json<R> = R extends { content: { 'application/json': infer J } } ? J : never;

/** The JSON body an operation answers on success (200, 201 or 202). */
export type ResultOf<O extends keyof operations> = operations[O]['responses'] extends infer R
  ? { [S in keyof R]: S extends 200 | 201 | 202 ? Json<R[S]> : never }[keyof R]
  : never;

/** The JSON body of a request to an operation. */
export type BodyOf<O extends keyof operations> = operations[O] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;
