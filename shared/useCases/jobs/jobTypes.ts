/** The jobs, their messages and what they need. */
import type { Clock } from '../../clock.js';
import type { AggregateStore } from '../../ports/AggregateStore.js';
import type { JobRun, JobStore } from '../../ports/JobStore.js';
import type { LedgerStore } from '../../ports/LedgerStore.js';
import type { MemberStore } from '../../ports/MemberStore.js';
import type { StoreDirectory } from '../../ports/PartnerStore.js';
import type { ProgramSource } from '../../ports/ProgramSource.js';
import type { Queue } from '../../ports/Queue.js';
import type { EmailMessage } from '../notifications.js';
import type { AccrualMessage } from '../purchases.js';

export const JobName = {
  expirePoints: 'expire-points',
  tierReview: 'tier-review',
  releaseHolds: 'release-holds',
  expiryReminders: 'expiry-reminders',
  statements: 'statements',
  sendNotifications: 'send-notifications',
  resendPurchases: 'resend-purchases',
  birthdayGifts: 'birthday-gifts',
  /** RFM segments, first pass: every member's values into the run's histograms. */
  segments: 'segments',
  /** RFM segments, second pass (started when the first ends): each member's segment. */
  segmentsAssign: 'segments-assign',
} as const;
export type JobName = (typeof JobName)[keyof typeof JobName];

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
