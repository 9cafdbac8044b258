import type { AuditEntry } from '../domain/audit.js';

/** Shards of the job indexes: one expiry date or tier is spread over this many partitions. */
export const jobIndexShards = 16;

export const JobStatus = { running: 'running', succeeded: 'succeeded', failed: 'failed' } as const;
export type JobStatus = (typeof JobStatus)[keyof typeof JobStatus];

export interface JobRun {
  readonly runId: string;
  readonly job: string;
  readonly status: JobStatus;
  /** The instant the job runs "as of" (its schedule time, or the caller's `asOf`). */
  readonly asOf: string;
  readonly period: string | null;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly processed: number;
  readonly failed: number;
  readonly shards: number;
  readonly shardsDone: number;
  /** Work messages sent and not yet finished. */
  readonly outstanding: number;
  /** Whether every scan message went out; `false` means the start died and may be dispatched again. */
  readonly dispatched?: boolean;
  /** Listed for the operator (every job but the minute-by-minute ones). */
  readonly listed?: boolean;
  /** 1 for a run's first start, one more for each restart after a failure: it keys the run's counts. */
  readonly attempt?: number;
  /** Epoch seconds after which DynamoDB may delete the run record. */
  readonly ttl?: number;
}

export interface JobRunDelta {
  readonly processed?: number;
  readonly failed?: number;
  readonly shardsDone?: number;
  readonly outstanding?: number;
}

export interface IndexPage<T> {
  readonly items: readonly T[];
  readonly next: Record<string, unknown> | undefined;
}

/** Job runs and the sparse indexes that find the members a job must visit. */
export interface JobStore {
  /** Creates the run (with its audit entries) unless a run with this id exists; returns the stored one. */
  createRun(run: JobRun, audit?: readonly AuditEntry[]): Promise<{ created: boolean; run: JobRun }>;
  /** Replaces a failed run with a fresh start of the same id. */
  restartRun(run: JobRun, audit?: readonly AuditEntry[]): Promise<void>;
  /** Records that every scan message of the run went out. */
  markDispatched(runId: string): Promise<void>;
  getRun(runId: string): Promise<JobRun | null>;
  /**
   * Adds a message's counts to the run once: a marker of `messageId` is written in the same
   * transaction, so the same message again counts nothing. Returns the run as it is after.
   */
  countOnce(run: JobRun, messageId: string, delta: JobRunDelta): Promise<{ counted: boolean; run: JobRun }>;
  /** Recent runs, newest first (the operator console). */
  listRuns(limit: number): Promise<readonly JobRun[]>;
  /** Marks a running run finished (once). */
  finish(runId: string, status: JobStatus, finishedAt: string): Promise<void>;
  /** Members whose soonest expiry date is on or before `day`. */
  dueForExpiry(
    shard: number,
    day: string,
    limit: number,
    cursor?: Record<string, unknown>,
  ): Promise<IndexPage<string>>;
  /** Members above the first tier. */
  aboveFirstTier(shard: number, limit: number, cursor?: Record<string, unknown>): Promise<IndexPage<string>>;
  /** Held redemptions whose hold ran out before `nowIso`. */
  expiredHolds(
    shard: number,
    nowIso: string,
    limit: number,
    cursor?: Record<string, unknown>,
  ): Promise<IndexPage<{ partnerId: string; redemptionId: string }>>;
  /** Purchases accepted before `beforeIso` and still not credited or rejected: `<partnerId>/<purchaseId>`. */
  staleAcceptedPurchases(
    shard: number,
    beforeIso: string,
    limit: number,
    cursor?: Record<string, unknown>,
  ): Promise<IndexPage<string>>;
  /** Notifications not sent yet: `<memberId>/<key>`. */
  pendingNotifications(
    shard: number,
    limit: number,
    cursor?: Record<string, unknown>,
  ): Promise<IndexPage<string>>;
  /** Active members whose birthday (`MM-DD`) is in [fromMonthDay, toMonthDay]. */
  birthdaysBetween(
    shard: number,
    fromMonthDay: string,
    toMonthDay: string,
    limit: number,
    cursor?: Record<string, unknown>,
  ): Promise<IndexPage<string>>;
  /** Active, subscribed members with an email. */
  membersWithEmail(
    shard: number,
    limit: number,
    cursor?: Record<string, unknown>,
  ): Promise<IndexPage<string>>;
}
