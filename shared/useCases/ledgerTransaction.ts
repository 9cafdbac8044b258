import { setTimeout as sleep } from 'node:timers/promises';
import { RateLimited } from '../errors.js';
import {
  type LedgerStore,
  type OperationRecord,
  StaleRecord,
  VersionConflict,
} from '../ports/LedgerStore.js';

/**
 * Runs an optimistic ledger operation: read, compute with the pure domain, commit with
 * version conditions. When an account moved on in between (or DynamoDB reports a transaction
 * conflict) it reads again and recomputes, after a jittered backoff. Domain errors and
 * failed record conditions are not retried.
 */
export async function withOptimisticRetry<T>(attempt: () => Promise<T>, maxAttempts = 60): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof VersionConflict)) throw error;
      if (tries >= maxAttempts) {
        throw new RateLimited('The account is busy; retry the request with the same id in a second.');
      }
      const capMs = Math.min(200, 5 * 2 ** Math.min(tries, 6));
      await sleep(Math.random() * capMs);
    }
  }
}

/**
 * Replaces a record whose status is still `fromStatus`, alone (no account changes); false when
 * something else moved it on first.
 */
export async function transitionRecord(
  ledger: LedgerStore,
  record: OperationRecord,
  fromStatus: string,
): Promise<boolean> {
  try {
    await ledger.commit({ accounts: [], entries: [], records: [{ mode: 'transition', fromStatus, record }] });
    return true;
  } catch (error) {
    if (error instanceof StaleRecord) return false;
    throw error;
  }
}
