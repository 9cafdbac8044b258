import type { Scope } from '../auth/scopes.js';

/** The partner behind an authenticated API key. */
export interface Caller {
  readonly partnerId: string;
  readonly keyId: string;
  readonly scopes: readonly Scope[];
}
