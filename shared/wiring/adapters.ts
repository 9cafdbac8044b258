/**
 * The composition root: the production adapters, built once per Lambda container on first use.
 * Handlers take what they need from here; tests build use cases with their own.
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
import type { Queue } from '../ports/Queue.js';
import { requiredEnvironmentValue } from '../runtimeEnvironment.js';
import { Env } from '../system.js';

export interface Adapters {
  readonly clock: typeof businessClock;
  readonly ledger: DynamoLedgerStore;
  readonly members: DynamoMemberStore;
  readonly partners: DynamoPartnerStore;
  readonly programs: StoredProgramSource;
  readonly authenticate: (token: string) => Promise<Caller | null>;
}

let built: Adapters | undefined;

export function adapters(): Adapters {
  if (!built) {
    const ledger = new DynamoLedgerStore();
    const partners = new DynamoPartnerStore();
    built = {
      clock: businessClock,
      ledger,
      members: new DynamoMemberStore(),
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
  return accrual;
}

const emails = SqsQueue.named<EmailMessage>('emails');
export function emailQueue(): Queue<EmailMessage> {
  return emails;
}

let jobs: JobsDeps | undefined;
export function jobsDeps(): JobsDeps {
  jobs ??= {
    ...adapters(),
    jobs: new DynamoJobStore(),
    jobQueue: SqsQueue.named<JobMessage>('jobs'),
    emailQueue: emailQueue(),
    accrualQueue: accrualQueue(),
    aggregates: aggregateStore(),
  };
  return jobs;
}

let aggregates: DynamoAggregateStore | undefined;
/** The stream's daily aggregates and the members' figures. */
export function aggregateStore(): DynamoAggregateStore {
  aggregates ??= new DynamoAggregateStore();
  return aggregates;
}

let deadLetters: SqsDeadLetters | undefined;
let auditLog: DynamoAuditLog | undefined;
export function deadLettersDeps() {
  deadLetters ??= new SqsDeadLetters();
  return { deadLetters, audit: auditDeps().audit, clock: businessClock };
}

export function auditDeps() {
  auditLog ??= new DynamoAuditLog();
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
