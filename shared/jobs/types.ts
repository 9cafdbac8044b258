/** What a job is (one file a job in this folder, listed in list.ts), its messages and what it needs. */
import type { Clock } from '../core/clock.js';
import type { EmailMessage } from '../features/notifications/emails.js';
import type { AccrualMessage } from '../features/purchases/records.js';
import type { AggregateStore } from '../ports/AggregateStore.js';
import type { JobRun, JobStore } from '../ports/JobStore.js';
import type { LedgerStore } from '../ports/LedgerStore.js';
import type { MemberStore } from '../ports/MemberStore.js';
import type { StoreDirectory } from '../ports/PartnerStore.js';
import type { ProgramSource } from '../ports/ProgramSource.js';
import type { Queue } from '../ports/Queue.js';

/** A job's name: its runs' id prefix, its schedule's and its route's (`POST /v1/admin/jobs/{job}`). */
export type JobName = string;

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
      /** Derived from the scan page that sent it: the same work twice has the same id. */
      readonly id?: string;
      readonly runId: string;
      readonly job: JobName;
      readonly keys: readonly string[];
    };

export interface JobsDeps {
  readonly jobs: JobStore;
  readonly jobQueue: Queue<JobMessage>;
  readonly emailQueue: Queue<EmailMessage>;
  readonly accrualQueue: Queue<AccrualMessage>;
  readonly ledger: LedgerStore;
  readonly members: MemberStore;
  readonly programs: ProgramSource;
  readonly clock: Clock;
  /** The partners' store registries (redemptions read through the holds job). */
  readonly partners: StoreDirectory;
  /** The stream's aggregates and the members' figures (the segments job). */
  readonly aggregates?: AggregateStore;
}

/** When a job's schedule starts it, and what its start function is called. */
export interface JobSchedule {
  /** Six-field EventBridge Scheduler cron, read in the programme time zone. */
  readonly cron: string;
  /** The description of the function the schedule invokes. */
  readonly description: string;
  /**
   * Started every minute: the next minute's start does the same work, so its schedule retries
   * little, and its runs are neither audited nor listed and are kept two days (not a year).
   */
  readonly everyMinute?: true;
}

/** A job run for a month (`period`), not a day. */
export interface JobPeriod {
  /** The period of a start that names none. */
  of(asOfMs: number, tz: string): string;
  /** Why a named period cannot run yet (a month not over, a month to come), or undefined. */
  refused(period: string, nowMs: number, tz: string): string | undefined;
}

export interface Job extends JobDefinition {
  readonly name: JobName;
  /** None for a job only another job starts (the second pass of segments). */
  readonly schedule?: JobSchedule;
  readonly period?: JobPeriod;
}

export interface JobDefinition {
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
  /**
   * The change for a whole work message, in place of `work` per key (one write for many members);
   * idempotent for the message's id.
   */
  workBatch?(deps: JobsDeps, run: JobRun, keys: readonly string[], messageId: string): Promise<void>;
  /** What follows a finished run (called again by a redelivered last message: idempotent). */
  finished?(
    deps: JobsDeps,
    run: JobRun,
    next: { start(job: JobName, asOf: string): Promise<void> },
  ): Promise<void>;
}

/** How many index items a scan message reads at once. */
export const pageSize = 250;
