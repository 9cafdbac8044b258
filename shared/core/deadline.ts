/**
 * The time a request has left. The HTTP function sets it from the Lambda context; work that
 * retries (the ledger's optimistic retries) gives up in time to answer `429 rate_limited`, which a
 * till retries with the same id, rather than being cut off by the function's timeout.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const deadlines = new AsyncLocalStorage<number>();

/** Runs `work` with a deadline (epoch ms) for everything it starts. */
export function withDeadline<T>(deadlineMs: number, work: () => T): T {
  return deadlines.run(deadlineMs, work);
}

/** The deadline of the running request, or none (jobs and tests run to completion). */
export function currentDeadline(): number | undefined {
  return deadlines.getStore();
}
