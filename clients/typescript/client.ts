/**
 * A typed client of the Jifen API: openapi-fetch over the types that openapi-typescript generates
 * from GET /openapi.json (schema.d.ts; `npm run openapi:types` rewrites it).
 *
 *   const jifen = jifenClient({ baseUrl: 'http://127.0.0.1:3000', key: process.env.JIFEN_KEY! });
 *   const { data, error } = await jifen.GET('/v1/members/{memberId}', {
 *     params: { path: { memberId: 'm-1001' } },
 *   });
 */
import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './schema.js';

export type { components, operations, paths } from './schema.js';

/** The problem+json body of every error. */
export type Problem = components['schemas']['Problem'];

export type JifenClient = Client<paths>;

export interface JifenClientOptions {
  /** The API's root, without `/v1`: `https://loyalty.example.com`, `http://127.0.0.1:3000`. */
  readonly baseUrl: string;
  /** An API key (`jf_…`); sent as `Authorization: Bearer <key>`. */
  readonly key?: string;
  /** Another fetch (tests, proxies); globalThis.fetch by default. */
  readonly fetch?: (request: Request) => Promise<Response>;
}

export function jifenClient({ baseUrl, key, fetch }: JifenClientOptions): JifenClient {
  return createClient<paths>({
    baseUrl,
    ...(key ? { headers: { authorization: `Bearer ${key}` } } : {}),
    ...(fetch ? { fetch } : {}),
  });
}
