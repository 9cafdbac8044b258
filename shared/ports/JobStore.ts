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
  /** Epoch seconds after which DynamoDB may delete the run record. */
  readonly ttl?: number;
}

export interface IndexPage<T> {
  readonly items: readonly T[];
  readonly next: Record<string, unknown> | undefined;
}

/** Job runs and the sparse indexes that find the members a job must visit. */
export interface JobStore {
  /** Creates the run unless a run with this id exists; returns the stored one. */
  createRun(run: JobRun): Promise<{ created: boolean; run: JobRun }>;
  /** Replaces a failed run with a fresh start of the same id. */
  restartRun(run: JobRun): Promise<void>;
  getRun(runId: string): Promise<JobRun | null>;
  /** Adds to the run's counters and returns the run after the change. */
  count(
    runId: string,
    delta: { processed?: number; failed?: number; shardsDone?: number; outstanding?: number },
  ): Promise<JobRun>;
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
  /** Notifications not sent yet: `<memberId>/<key>`. */
  pendingNotifications(
    shard: number,
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
