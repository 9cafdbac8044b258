/**
 * What the API's Lambda authorizer (functions/http/authorizer.ts) hands to API Gateway, which
 * puts it in the access log (`$context.authorizer.keyId`) and in the function's event
 * (`requestContext.authorizer.lambda`). API Gateway takes only strings, numbers and booleans,
 * so lists travel as JSON. The authorizer only resolves the key; the function decides 401 and 403.
 */

import type { Caller } from '../core/caller.js';
import type { Scope } from '../core/scopes.js';

/** The key id logged for a request without a valid key (API Gateway logs `-` for a missing value too). */
export const noKeyId = '-';

export type AuthorizerContext =
  | {
      readonly partnerId: string;
      readonly keyId: string;
      /** JSON array of scopes. */
      readonly scopes: string;
      /** JSON array of store ids, or `null` for every store. */
      readonly storeIds: string;
    }
  | { readonly keyId: typeof noKeyId };

export function authorizerContextOf(caller: Caller | null): AuthorizerContext {
  if (!caller) return { keyId: noKeyId };
  return {
    partnerId: caller.partnerId,
    keyId: caller.keyId,
    scopes: JSON.stringify(caller.scopes),
    storeIds: JSON.stringify(caller.storeIds ?? null),
  };
}

const isStringList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

function parsed(json: unknown): unknown {
  if (typeof json !== 'string') return undefined;
  try {
    return JSON.parse(json);
  } catch {
    return undefined;
  }
}

/**
 * The caller the authorizer resolved: a caller, `null` when it found no valid key, or
 * `undefined` when there is no authorizer context to go by (no authorizer ran, or it could not
 * look the key up): the function then authenticates the request itself.
 */
export function callerOfAuthorizerContext(context: unknown): Caller | null | undefined {
  if (typeof context !== 'object' || context === null) return undefined;
  const { partnerId, keyId, scopes, storeIds } = context as Record<string, unknown>;
  if (keyId === noKeyId) return null;
  const scopeList = parsed(scopes);
  const storeList = parsed(storeIds);
  if (typeof partnerId !== 'string' || typeof keyId !== 'string' || !isStringList(scopeList))
    return undefined;
  if (storeList !== null && !isStringList(storeList)) return undefined;
  return { partnerId, keyId, scopes: scopeList as Scope[], storeIds: storeList };
}
