/**
 * Jobs that visit many members: a start (schedule or API) creates the run and one scan message per
 * index shard; each scan message reads one page of its shard, sends the members found as work
 * messages and sends itself on with the next cursor, so no invocation runs long; work messages do
 * the per-member change. The run counts what was processed and finishes when every shard is read
 * and every work message done.
 */
import { jobIndexShards } from '../adapters/dynamodb/tableDefinition.js';
import type { Clock } from '../clock.js';
import { addDays, programDay, programMonth } from '../domain/calendar.js';
import { inQuietHours, previousPeriod } from '../domain/statement.js';
import { NotFound, ValidationFailed } from '../errors.js';
import { type JobRun, JobStatus, type JobStore } from '../ports/JobStore.js';
import type { LedgerStore } from '../ports/LedgerStore.js';
import type { MemberStore } from '../ports/MemberStore.js';
import type { ProgramSource } from '../ports/ProgramSource.js';
import type { Queue } from '../ports/Queue.js';
import { expireMemberPoints } from './expirePoints.js';
import { type EmailMessage, relayNotification } from './notifications.js';
import { getRedemption } from './redemptions.js';
import { prepareStatement, remindExpiringPoints } from './statements.js';
import { reviewMemberTier } from './tierReview.js';

export const JobName = {
  expirePoints: 'expire-points',
  tierReview: 'tier-review',
  releaseHolds: 'release-holds',
  expiryReminders: 'expiry-reminders',
  statements: 'statements',
  sendNotifications: 'send-notifications',
} as const;
export type JobName = (typeof JobName)[keyof typeof JobName];

export const jobShards = jobIndexShards;
const pageSize = 250;
const membersPerMessage = 25;

export type JobMessage =
  | {
      readonly type: 'scan';
      readonly runId: string;
      readonly job: JobName;
      readonly shard: number;
      readonly cursor?: Record<string, unknown>;
    }
  | {
      readonly type: 'work';
      readonly runId: string;
      readonly job: JobName;
      readonly keys: readonly string[];
    };

export interface JobsDeps {
  readonly jobs: JobStore;
  readonly jobQueue: Queue<JobMessage>;
  readonly emailQueue: Queue<EmailMessage>;
  readonly ledger: LedgerStore;
  readonly members: MemberStore;
  readonly programs: ProgramSource;
  readonly clock: Clock;
}

/** Jobs whose runs are for a month (`period`), not a day. */
const periodJobs: ReadonlySet<JobName> = new Set([JobName.tierReview, JobName.statements]);

interface JobDefinition {
  /** What makes two runs the same run: the day, month or minute they are for. */
  runKey(asOfMs: number, tz: string, period: string | null): string;
  /** One page of the shard's index: the keys of the items to work on. */
  page(
    deps: JobsDeps,
    run: JobRun,
    shard: number,
    cursor?: Record<string, unknown>,
  ): Promise<{ keys: string[]; next?: Record<string, unknown> }>;
  /** The change for one key; idempotent. */
  work(deps: JobsDeps, run: JobRun, key: string): Promise<void>;
}

const definitions: Record<JobName, JobDefinition> = {
  [JobName.expirePoints]: {
    runKey: (asOfMs, tz) => programDay(asOfMs, tz),
    async page(deps, run, shard, cursor) {
      const tz = (await deps.programs.at(Date.parse(run.asOf))).timeZone;
      const page = await deps.jobs.dueForExpiry(
        shard,
        programDay(Date.parse(run.asOf), tz),
        pageSize,
        cursor,
      );
      return { keys: [...page.items], next: page.next };
    },
    async work(deps, run, memberId) {
      await expireMemberPoints(deps, memberId, Date.parse(run.asOf));
    },
  },
  [JobName.tierReview]: {
    runKey: (asOfMs, tz, period) => period ?? programMonth(asOfMs, tz),
    async page(deps, _run, shard, cursor) {
      const page = await deps.jobs.aboveFirstTier(shard, pageSize, cursor);
      return { keys: [...page.items], next: page.next };
    },
    async work(deps, run, memberId) {
      await reviewMemberTier(deps, memberId, Date.parse(run.asOf), run.period ?? run.runId);
    },
  },
  [JobName.expiryReminders]: {
    runKey: (asOfMs, tz) => programDay(asOfMs, tz),
    async page(deps, run, shard, cursor) {
      const asOfMs = Date.parse(run.asOf);
      const program = await deps.programs.at(asOfMs);
      const horizon = addDays(programDay(asOfMs, program.timeZone), program.reminders.daysBefore);
      const page = await deps.jobs.dueForExpiry(shard, horizon, pageSize, cursor);
      return { keys: [...page.items], next: page.next };
    },
    async work(deps, run, memberId) {
      await remindExpiringPoints(deps, memberId, Date.parse(run.asOf));
    },
  },
  [JobName.statements]: {
    runKey: (asOfMs, tz, period) => period ?? previousPeriod(asOfMs, tz),
    async page(deps, _run, shard, cursor) {
      const page = await deps.jobs.membersWithEmail(shard, pageSize, cursor);
      return { keys: [...page.items], next: page.next };
    },
    async work(deps, run, memberId) {
      await prepareStatement(deps, memberId, run.period!, Date.parse(run.asOf));
    },
  },
  [JobName.sendNotifications]: {
    runKey: (asOfMs) => new Date(asOfMs).toISOString().slice(0, 16),
    async page(deps, run, shard, cursor) {
      // Nothing leaves in quiet hours: the notifications wait in the outbox until 08:00.
      const program = await deps.programs.at(Date.parse(run.asOf));
      if (inQuietHours(deps.clock.nowMs(), program.timeZone)) return { keys: [] };
      const page = await deps.jobs.pendingNotifications(shard, pageSize, cursor);
      return { keys: [...page.items], next: page.next };
    },
    async work(deps, _run, key) {
      const [memberId = '', notificationKey = ''] = key.split('/');
      await relayNotification(deps, memberId, notificationKey);
    },
  },
  [JobName.releaseHolds]: {
    runKey: (asOfMs) => new Date(asOfMs).toISOString().slice(0, 16),
    async page(deps, run, shard, cursor) {
      const page = await deps.jobs.expiredHolds(shard, run.asOf, pageSize, cursor);
      return { keys: page.items.map((hold) => `${hold.partnerId}/${hold.redemptionId}`), next: page.next };
    },
    async work(deps, _run, key) {
      const [partnerId = '', redemptionId = ''] = key.split('/');
      // Reading a hold past its time voids it (once; a second read finds it voided).
      await getRedemption(deps, { partnerId, keyId: 'job', scopes: [] }, redemptionId);
    },
  },
};

/** Jobs that run every minute; their run records are kept two days. */
const frequentJobs: ReadonlySet<JobName> = new Set([JobName.releaseHolds, JobName.sendNotifications]);

export function isJobName(job: string): job is JobName {
  return Object.values(JobName).includes(job as JobName);
}

/**
 * Starts a job "as of" an instant (default now). Starting it again for the same day, month or
 * minute returns the same run and has no second effect, unless that run failed.
 */
export async function startJob(
  deps: JobsDeps,
  job: string,
  options: { asOf?: string; period?: string } = {},
) {
  if (!isJobName(job)) throw new NotFound(`Job "${job}"`);
  if (options.period !== undefined && !periodJobs.has(job)) {
    throw new ValidationFailed([
      { path: 'period', message: `The ${job} job runs as of a date, not for a period.` },
    ]);
  }
  const asOfMs = options.asOf ? Date.parse(options.asOf) : deps.clock.nowMs();
  const program = await deps.programs.at(asOfMs);
  const period =
    options.period ??
    (job === JobName.tierReview
      ? programMonth(asOfMs, program.timeZone)
      : job === JobName.statements
        ? previousPeriod(asOfMs, program.timeZone)
        : null);
  const runId = `${job}-${definitions[job].runKey(asOfMs, program.timeZone, period)}`;
  const run: JobRun = {
    runId,
    job,
    status: JobStatus.running,
    asOf: new Date(asOfMs).toISOString(),
    period,
    startedAt: new Date(deps.clock.nowMs()).toISOString(),
    finishedAt: null,
    processed: 0,
    failed: 0,
    shards: jobShards,
    shardsDone: 0,
    outstanding: 0,
    // Frequent runs are kept two days, the others a year.
    ttl: Math.floor(deps.clock.nowMs() / 1000) + (frequentJobs.has(job) ? 2 : 366) * 86_400,
  };
  const { created, run: existing } = await deps.jobs.createRun(run);
  if (!created && existing.status !== JobStatus.failed) return { runId, started: false };
  if (!created) await deps.jobs.restartRun(run);
  await deps.jobQueue.sendAll(
    Array.from({ length: jobShards }, (_, shard) => ({ type: 'scan' as const, runId, job, shard })),
  );
  return { runId, started: true };
}

async function finishIfDone(deps: JobsDeps, run: JobRun) {
  if (run.status === JobStatus.running && run.shardsDone >= run.shards && run.outstanding <= 0) {
    await deps.jobs.finish(
      run.runId,
      run.failed > 0 ? JobStatus.failed : JobStatus.succeeded,
      new Date(deps.clock.nowMs()).toISOString(),
    );
  }
}

/**
 * Handles one job message. Work that fails is thrown so SQS retries it; on its last attempt
 * (`finalAttempt`) the failures are counted first, and the message then goes to the DLQ.
 */
export async function handleJobMessage(
  deps: JobsDeps,
  message: JobMessage,
  finalAttempt: boolean,
): Promise<void> {
  const run = await deps.jobs.getRun(message.runId);
  if (!run) throw new Error(`Job run ${message.runId} not found`);
  const definition = definitions[message.job];

  if (message.type === 'scan') {
    const page = await definition.page(deps, run, message.shard, message.cursor);
    const work: JobMessage[] = [];
    for (let i = 0; i < page.keys.length; i += membersPerMessage) {
      work.push({
        type: 'work',
        runId: run.runId,
        job: message.job,
        keys: page.keys.slice(i, i + membersPerMessage),
      });
    }
    // Count the work before sending it, so the run cannot look finished while it is under way.
    await deps.jobs.count(run.runId, { outstanding: work.length });
    await deps.jobQueue.sendAll(page.next ? [...work, { ...message, cursor: page.next }] : work);
    if (!page.next) await finishIfDone(deps, await deps.jobs.count(run.runId, { shardsDone: 1 }));
    return;
  }

  let processed = 0;
  const failures: unknown[] = [];
  for (const key of message.keys) {
    try {
      await definition.work(deps, run, key);
      processed++;
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length > 0 && !finalAttempt) throw failures[0];
  await finishIfDone(
    deps,
    await deps.jobs.count(run.runId, { processed, failed: failures.length, outstanding: -1 }),
  );
  if (failures.length > 0) throw failures[0];
}

export async function getJobRun(deps: Pick<JobsDeps, 'jobs'>, runId: string) {
  const run = await deps.jobs.getRun(runId);
  if (!run) throw new NotFound(`Job run "${runId}"`);
  return {
    runId: run.runId,
    job: run.job,
    status: run.status,
    asOf: run.asOf,
    period: run.period,
    processed: run.processed,
    failed: run.failed,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
  };
}
