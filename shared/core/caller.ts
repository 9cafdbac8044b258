import { Forbidden } from './errors.js';
import type { Scope } from './scopes.js';

/** The partner behind an authenticated API key. */
export interface Caller {
  readonly partnerId: string;
  readonly keyId: string;
  readonly scopes: readonly Scope[];
  /** The stores the key may act for; `null` for every store of the partner. */
  readonly storeIds?: readonly string[] | null;
}

/** Who did something, as the audit trail records it: ids only, never a key. */
export interface Actor {
  readonly partnerId: string;
  readonly keyId: string;
}

export const actorOf = (caller: Caller): Actor => ({ partnerId: caller.partnerId, keyId: caller.keyId });

/** The actor of scheduled jobs (EventBridge Scheduler, or the local runtime's timers). */
export const schedulerActor: Actor = { partnerId: 'system', keyId: 'scheduler' };

/** A key limited to some stores may not act for another one (403). */
export function assertStore(caller: Caller, storeId: string): void {
  if (caller.storeIds && !caller.storeIds.includes(storeId)) {
    throw new Forbidden(
      null,
      `This API key may act only for stores ${caller.storeIds.join(', ')}, not "${storeId}".`,
    );
  }
}
