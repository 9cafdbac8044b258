import { setTimeout as sleep } from 'node:timers/promises';
import { currentDeadline } from '../../core/deadline.js';
import { RateLimited } from '../../core/errors.js';
import type { OperationKind, OperationRecord, StatusOf } from '../../core/records.js';
import {
  type ClearingFact,
  type LedgerStore,
  StaleRecord,
  VersionConflict,
} from '../../ports/LedgerStore.js';

/**
 * Runs an optimistic ledger operation: read, compute with the pure domain, commit with
 * version conditions. When an account moved on in between (or DynamoDB reports a transaction
 * conflict) it reads again and recomputes, after a jittered backoff. Domain errors and
 * failed record conditions are not retried.
 */
export async function withOptimisticRetry<T>(attempt: () => Promise<T>, maxAttempts = 60): Promise<T> {
  const deadlineMs = currentDeadline();
  // Time kept before the deadline for one more attempt and the answer: never less than
  // `lastAttemptMs`, and twice the slowest attempt of this request, so that a slow table (a busy
  // machine, a hot account) still leaves room to answer 429 before the function is cut off.
  let reserveMs = lastAttemptMs;
  for (let tries = 1; ; tries++) {
    const startedMs = Date.now();
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof VersionConflict)) throw error;
      reserveMs = Math.max(reserveMs, 2 * (Date.now() - startedMs));
      const capMs = Math.min(200, 5 * 2 ** Math.min(tries, 6));
      // Out of attempts, or of the request's time: the till retries with the same id.
      const outOfTime = deadlineMs !== undefined && Date.now() + capMs + reserveMs > deadlineMs;
      if (tries >= maxAttempts || outOfTime) {
        throw new RateLimited('The account is busy; retry the request with the same id in a second.');
      }
      await sleep(Math.random() * capMs);
    }
  }
}

/** The least time kept for one more attempt and the answer, before a request's deadline. */
const lastAttemptMs = 2_000;

/**
 * Replaces a record whose status is still `fromStatus`, alone (no account changes); false when
 * something else moved it on first.
 */
export async function transitionRecord<K extends OperationKind>(
  ledger: LedgerStore,
  record: OperationRecord<K>,
  fromStatus: StatusOf<K>,
  facts: readonly ClearingFact[] = [],
): Promise<boolean> {
  try {
    await ledger.commit({
      accounts: [],
      entries: [],
      records: [{ mode: 'transition', fromStatus, record }],
      ...(facts.length > 0 ? { facts } : {}),
    });
    return true;
  } catch (error) {
    if (error instanceof StaleRecord) return false;
    throw error;
  }
}
