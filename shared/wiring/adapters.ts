/**
 * The composition root: the production adapters, built once per Lambda container on first use.
 * Handlers take what they need from here; tests build use cases with their own, or put other
 * stores under every handler with `useStores` (the memory ones, shared/wiring/memory.ts).
 */

import { DynamoAggregateStore } from '../adapters/dynamodb/DynamoAggregateStore.js';
import { DynamoAuditLog } from '../adapters/dynamodb/DynamoAuditLog.js';
import { DynamoJobStore } from '../adapters/dynamodb/DynamoJobStore.js';
import { DynamoLedgerStore } from '../adapters/dynamodb/DynamoLedgerStore.js';
import { DynamoMemberStore } from '../adapters/dynamodb/DynamoMemberStore.js';
import { DynamoPartnerStore } from '../adapters/dynamodb/DynamoPartnerStore.js';
import { SesMailer } from '../adapters/ses/SesMailer.js';
import { SqsDeadLetters } from '../adapters/sqs/SqsDeadLetters.js';
import { SqsQueue } from '../adapters/sqs/SqsQueue.js';
import { type Caller, schedulerActor } from '../core/caller.js';
import { businessClock } from '../core/clock.js';
import { observed } from '../core/observability.js';
import type { EmailMessage } from '../features/notifications/emails.js';
import { keyAuthenticator } from '../features/partners/apiKeys.js';
import { StoredProgramSource } from '../features/program/versions.js';
import type { AccrualMessage } from '../features/purchases/records.js';
import { startJob } from '../jobs/engine.js';
import type { JobMessage, JobsDeps } from '../jobs/types.js';
import type { AdjustmentList } from '../ports/AdjustmentList.js';
import type { AggregateStore } from '../ports/AggregateStore.js';
import type { AuditLog } from '../ports/AuditLog.js';
import type { ImportStore } from '../ports/ImportStore.js';
import type { JobStore } from '../ports/JobStore.js';
import type { LedgerStore } from '../ports/LedgerStore.js';
import type { MemberStore } from '../ports/MemberStore.js';
import type { PartnerStore } from '../ports/PartnerStore.js';
import type { Queue } from '../ports/Queue.js';
import { requiredEnvironmentValue } from '../runtimeEnvironment.js';
import { Env, type QueueName } from '../system.js';

export interface Adapters {
  readonly clock: typeof businessClock;
  readonly ledger: LedgerStore;
  readonly members: MemberStore;
  readonly partners: PartnerStore;
  readonly programs: StoredProgramSource;
  readonly authenticate: (token: string) => Promise<Caller | null>;
}

/** Stores and queues put under every handler of the process instead of DynamoDB and SQS (tests only). */
export interface StoreOverride {
  readonly ledger: LedgerStore;
  readonly members: MemberStore;
  readonly partners: PartnerStore;
  readonly jobs: JobStore;
  readonly aggregates: AggregateStore;
  readonly audit: AuditLog;
  readonly adjustments: AdjustmentList;
  readonly imports: ImportStore;
  readonly queue: <M>(name: QueueName) => Queue<M>;
}

let override: StoreOverride | null = null;
let built: Adapters | undefined;
let jobs: JobsDeps | undefined;
let aggregates: AggregateStore | undefined;
let auditLog: AuditLog | undefined;

/**
 * Every handler of the process uses these stores and queues from now on (null: DynamoDB and SQS
 * again). Call it before the first handler runs; what was built before is forgotten.
 */
export function useStores(stores: StoreOverride | null): void {
  override = stores;
  built = undefined;
  jobs = undefined;
  aggregates = undefined;
  auditLog = undefined;
}

/** The stores put in place by `useStores`, if any (the seeding of a test's data uses them). */
export function storeOverride(): StoreOverride | null {
  return override;
}

export function adapters(): Adapters {
  if (!built) {
    const ledger = override?.ledger ?? new DynamoLedgerStore();
    const partners = override?.partners ?? new DynamoPartnerStore();
    built = {
      clock: businessClock,
      ledger,
      members: override?.members ?? new DynamoMemberStore(),
      partners,
      programs: new StoredProgramSource(ledger, businessClock),
      authenticate: keyAuthenticator(partners),
    };
  }
  return built;
}

// Named queues look their URL up in the running function's environment on every send (see
// SqsQueue.named), so these can be shared by every function of a process, as locally.
const accrual = SqsQueue.named<AccrualMessage>('accrual');
export function accrualQueue(): Queue<AccrualMessage> {
  return override?.queue<AccrualMessage>('accrual') ?? accrual;
}

const emails = SqsQueue.named<EmailMessage>('emails');
export function emailQueue(): Queue<EmailMessage> {
  return override?.queue<EmailMessage>('emails') ?? emails;
}

export function jobsDeps(): JobsDeps {
  jobs ??= {
    ...adapters(),
    jobs: override?.jobs ?? new DynamoJobStore(),
    jobQueue: override?.queue<JobMessage>('jobs') ?? SqsQueue.named<JobMessage>('jobs'),
    emailQueue: emailQueue(),
    accrualQueue: accrualQueue(),
    aggregates: aggregateStore(),
  };
  return jobs;
}

/** The stream's daily aggregates and the members' figures. */
export function aggregateStore(): AggregateStore {
  aggregates ??= override?.aggregates ?? new DynamoAggregateStore();
  return aggregates;
}

let deadLetters: SqsDeadLetters | undefined;
export function deadLettersDeps() {
  deadLetters ??= new SqsDeadLetters();
  return { deadLetters, audit: auditDeps().audit, clock: businessClock };
}

export function auditDeps() {
  auditLog ??= override?.audit ?? new DynamoAuditLog();
  return { audit: auditLog, clock: businessClock };
}

let mailer: SesMailer | undefined;
/** What the email sender needs: the stores, SES, the sender identity and the public base URL. */
export function senderDeps() {
  mailer ??= new SesMailer();
  return {
    ...adapters(),
    mailer,
    sender: requiredEnvironmentValue(Env.emailSender),
    baseUrl: requiredEnvironmentValue(Env.publicBaseUrl),
  };
}

/**
 * A schedule's Lambda handler: starts its job (named by the function's environment, see
 * shared/jobs/list.ts) as of the schedule's fire time.
 */
export function scheduledJob() {
  return observed(async (event: { time?: string }) =>
    startJob(jobsDeps(), requiredEnvironmentValue(Env.jobName), { asOf: event.time }, schedulerActor),
  );
}
