/**
 * Jobs that visit many members: a start (schedule or API) creates the run and one scan message per
 * index shard; each scan message reads one page of its shard, sends the members found as work
 * messages and sends itself on with the next cursor, so no invocation runs long; work messages do
 * the per-member change. The run counts what was processed and finishes when every shard is read
 * and every work message done.
 *
 * Exactly once, whatever SQS does: every message has an id derived from its shard and cursor, and
 * its effect on the run's counters is written with a marker of that id in one transaction, so a
 * redelivered or duplicated message changes the work (idempotent) but never the counts. A run
 * whose scan messages did not all go out (its start died) is dispatched again by the next start.
 */

import { type Actor, schedulerActor } from '../core/caller.js';
import { NotFound, ValidationFailed } from '../core/errors.js';
import { fingerprint } from '../core/fingerprint.js';
import { countJobProgress } from '../core/observability.js';
import { AuditAction, auditEntry } from '../domain/audit.js';
import { type JobRun, JobStatus, jobIndexShards } from '../ports/JobStore.js';
import { jobNamed } from './list.js';
import type { Job, JobMessage, JobsDeps } from './types.js';

export const jobShards = jobIndexShards;
const membersPerMessage = 25;
/** Schedulers fire on time; an `asOf` this far ahead of the business clock is still "now". */
const asOfToleranceMs = 60_000;

/**
 * A job may only run as of now or the past: a future `asOf` would expire every point at once or
 * downgrade every member; a statement for a month not yet over would block the real one.
 */
function refuseFuture(job: Job, asOfMs: number, period: string | null, nowMs: number, tz: string) {
  if (asOfMs > nowMs + asOfToleranceMs) {
    throw new ValidationFailed([
      { path: 'asOf', message: 'asOf is in the future; a job runs as of now or an instant before.' },
    ]);
  }
  if (period === null) return;
  const refused = job.period?.refused(period, nowMs, tz);
  if (refused) throw new ValidationFailed([{ path: 'period', message: refused }]);
}

/** Sends the run's scan messages and marks it dispatched. */
async function dispatch(deps: JobsDeps, run: JobRun) {
  await deps.jobQueue.sendAll(
    Array.from({ length: run.shards }, (_, shard) => ({
      type: 'scan' as const,
      runId: run.runId,
      job: run.job,
      shard,
    })),
  );
  await deps.jobs.markDispatched(run.runId);
}

/** The job of that name, asked for a period only when it runs for periods. */
function jobToStart(name: string, options: { period?: string }): Job {
  const job = jobNamed(name);
  if (!job) throw new NotFound(`Job "${name}"`);
  if (options.period !== undefined && !job.period) {
    throw new ValidationFailed([
      { path: 'period', message: `The ${name} job runs as of a date, not for a period.` },
    ]);
  }
  return job;
}

/** A new run of the job, not yet dispatched. Minute-by-minute runs are neither audited nor listed. */
function newRun(job: Job, runId: string, asOfMs: number, period: string | null, nowMs: number): JobRun {
  const frequent = job.schedule?.everyMinute === true;
  return {
    runId,
    job: job.name,
    status: JobStatus.running,
    asOf: new Date(asOfMs).toISOString(),
    period,
    startedAt: new Date(nowMs).toISOString(),
    finishedAt: null,
    processed: 0,
    failed: 0,
    shards: jobShards,
    shardsDone: 0,
    outstanding: 0,
    dispatched: false,
    listed: !frequent,
    // Frequent runs are kept two days, the others a year.
    ttl: Math.floor(nowMs / 1000) + (frequent ? 2 : 366) * 86_400,
  };
}

/**
 * Starts a job "as of" an instant (default now). Starting it again for the same day, month or
 * minute returns the same run and has no second effect, unless that run failed, or its start
 * died before its scan messages went out: then it is started again.
 */
export async function startJob(
  deps: JobsDeps,
  name: string,
  options: { asOf?: string; period?: string },
  actor: Actor,
) {
  const job = jobToStart(name, options);
  const nowMs = deps.clock.nowMs();
  const asOfMs = options.asOf ? Date.parse(options.asOf) : nowMs;
  const program = await deps.programs.at(Math.min(asOfMs, nowMs));
  const period = options.period ?? job.period?.of(asOfMs, program.timeZone) ?? null;
  refuseFuture(job, asOfMs, period, nowMs, program.timeZone);
  const runId = `${name}-${job.runKey(asOfMs, program.timeZone, period)}`;
  let run = newRun(job, runId, asOfMs, period, nowMs);
  const audit = run.listed
    ? [
        auditEntry(actor, AuditAction.jobStarted, `job:${runId}`, nowMs, {
          job: name,
          asOf: run.asOf,
          period,
        }),
      ]
    : [];
  const { created, run: existing } = await deps.jobs.createRun(run, audit);
  if (!created) {
    if (existing.status === JobStatus.failed) {
      // A fresh attempt: its messages count anew (the failed attempt's markers do not hold them back).
      run = { ...run, attempt: (existing.attempt ?? 1) + 1 };
      await deps.jobs.restartRun(run, audit);
    } else if (!(existing.status === JobStatus.running && existing.dispatched === false)) {
      return { runId, started: false };
    }
  }
  await dispatch(deps, created || existing.status === JobStatus.failed ? run : existing);
  return { runId, started: true };
}

/**
 * Finishes a run whose work is all counted. What follows a successful run (its `finished`: the
 * segments' second pass, their publication) happens before the run reads as succeeded, so that
 * whoever sees it succeeded sees what it did; a failure there leaves the run running and the
 * message is retried. A redelivered last message that finds the run succeeded does it again
 * (each `finished` is idempotent): it may not have happened.
 */
async function finishIfDone(deps: JobsDeps, run: JobRun) {
  if (run.shardsDone < run.shards || run.outstanding > 0) return;
  const status = run.failed > 0 ? JobStatus.failed : JobStatus.succeeded;
  if ((run.status === JobStatus.running ? status : run.status) === JobStatus.succeeded) {
    await jobNamed(run.job)?.finished?.(deps, run, {
      start: async (job, asOf) => {
        await startJob(deps, job, { asOf }, schedulerActor);
      },
    });
  }
  if (run.status === JobStatus.running) {
    await deps.jobs.finish(run.runId, status, new Date(deps.clock.nowMs()).toISOString());
  }
}

type ScanMessage = Extract<JobMessage, { type: 'scan' }>;
type WorkMessage = Extract<JobMessage, { type: 'work' }>;

/**
 * A scan message: one page of its shard sent on as work messages, and itself with the next cursor.
 * The work is counted before it is sent, so the run cannot look finished while it is under way; a
 * redelivered scan sends its messages again (their ids dedupe the counts) but counts nothing.
 */
async function scan(deps: JobsDeps, run: JobRun, definition: Job, message: ScanMessage) {
  const page = await definition.page(deps, run, message.shard, message.cursor);
  const at = `${message.shard}-${message.cursor ? fingerprint(message.cursor) : 'start'}`;
  const work: JobMessage[] = [];
  for (let i = 0; i < page.keys.length; i += membersPerMessage) {
    work.push({
      type: 'work',
      id: `w${at}-${i / membersPerMessage}`,
      runId: run.runId,
      job: message.job,
      keys: page.keys.slice(i, i + membersPerMessage),
    });
  }
  const { run: counted } = await deps.jobs.countOnce(run, `s${at}`, {
    outstanding: work.length,
    shardsDone: page.next ? 0 : 1,
  });
  await deps.jobQueue.sendAll(page.next ? [...work, { ...message, cursor: page.next }] : work);
  if (!page.next) await finishIfDone(deps, counted);
}

/** Does a work message's keys, as one batch or one by one: how many were processed, and the failures. */
async function doWork(deps: JobsDeps, run: JobRun, definition: Job, message: WorkMessage, messageId: string) {
  let processed = 0;
  const failures: unknown[] = [];
  if (definition.workBatch) {
    try {
      await definition.workBatch(deps, run, message.keys, messageId);
      processed = message.keys.length;
    } catch (error) {
      failures.push(...message.keys.map(() => error));
    }
  } else {
    for (const key of message.keys) {
      try {
        await definition.work(deps, run, key);
        processed++;
      } catch (error) {
        failures.push(error);
      }
    }
  }
  return { processed, failures };
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
  const definition = jobNamed(message.job);
  if (!definition) throw new Error(`Job ${message.job} not found`);
  if (message.type === 'scan') return scan(deps, run, definition, message);

  const messageId = message.id ?? `w-${fingerprint(message.keys)}`;
  const { processed, failures } = await doWork(deps, run, definition, message, messageId);
  if (failures.length > 0 && !finalAttempt) throw failures[0];
  const { counted: first, run: counted } = await deps.jobs.countOnce(run, messageId, {
    processed,
    failed: failures.length,
    outstanding: -1,
  });
  if (first) countJobProgress(run.job, processed, failures.length);
  await finishIfDone(deps, counted);
  if (failures.length > 0) throw failures[0];
}

const runView = (run: JobRun) => ({
  runId: run.runId,
  job: run.job,
  status: run.status,
  asOf: run.asOf,
  period: run.period,
  processed: run.processed,
  failed: run.failed,
  startedAt: run.startedAt,
  finishedAt: run.finishedAt,
});

/** The latest runs of every job but the minute-by-minute ones, newest first. */
export async function listJobRuns(deps: Pick<JobsDeps, 'jobs'>) {
  return { items: (await deps.jobs.listRuns(50)).map(runView) };
}

export async function getJobRun(deps: Pick<JobsDeps, 'jobs'>, runId: string) {
  const run = await deps.jobs.getRun(runId);
  if (!run) throw new NotFound(`Job run "${runId}"`);
  return runView(run);
}
