import type * as z from 'zod';
import { type FieldError, ValidationFailed } from './errors.js';

function pathOf(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

/** Turns zod issues into field errors that name each bad field, one entry per unknown key. */
export function fieldErrorsOf(error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue): FieldError[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: pathOf([...issue.path, key]), message: 'Unknown field.' }));
    }
    if (issue.code === 'invalid_type' && issue.input === undefined) {
      return [{ path: pathOf(issue.path), message: 'Required.' }];
    }
    return [{ path: pathOf(issue.path), message: issue.message }];
  });
}

/** Parses `input` with `schema`, or throws `ValidationFailed` naming every bad field. */
export function parse<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what = 'The request body',
): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationFailed(fieldErrorsOf(result.error), `${what} is not valid.`);
}
