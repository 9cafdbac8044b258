/**
 * The one description of the system: every Lambda function, the HTTP routes that reach it,
 * the queues and their consumers, and the schedules (built from the jobs, shared/jobs/list.ts); the
 * table beside it (tableDefinition.ts, its keys in adapters/dynamodb/keys.ts). The CDK stacks (infra/) and the local
 * runtime (local/) are both built from this module; nothing here is listed anywhere else.
 *
 * Importing this module must stay cheap and side-effect free: the CDK app, the local runtime
 * and every HTTP function bundle read it.
 */
import { ledgerStreamFilter } from './adapters/dynamodb/keys.js';
import type { FunctionDescription, QueueName, RouteDescription, TableAccess } from './core/manifest.js';
import { memberRoutes } from './features/members/routes.js';
import { adminRoutes } from './features/operator/routes.js';
import { partnerRoutes } from './features/partners/routes.js';
import { programRoutes } from './features/program/routes.js';
import { publicRoutes } from './features/public/routes.js';
import { purchaseRoutes } from './features/purchases/routes.js';
import { redemptionRoutes } from './features/redemptions/routes.js';
import { reportRoutes } from './features/reports/routes.js';
import { serviceRoutes } from './features/service/routes.js';

export * from './core/manifest.js';

const readOnly: TableAccess = { read: true };
const readWrite: TableAccess = { read: true, write: true };

export const functions = {
  public: {
    entry: 'functions/http/public.ts',
    description: 'Health check and the OpenAPI document',
    access: {},
    timeoutSeconds: 5,
    memoryMb: 256,
  },
  partners: {
    entry: 'functions/http/partners.ts',
    description: 'Partners and their API keys',
    access: { table: readWrite },
    timeoutSeconds: 10,
    memoryMb: 512,
  },
  members: {
    entry: 'functions/http/members.ts',
    description: 'Member enrolment, profile, erasure, member codes and ledger reads',
    access: { table: readWrite, sendsTo: ['emails'], buildsLinks: true },
    timeoutSeconds: 10,
    memoryMb: 512,
  },
  purchases: {
    entry: 'functions/http/purchases.ts',
    description: 'Purchases (accepted onto the accrual queue), refunds and activities',
    access: { table: readWrite, sendsTo: ['accrual'] },
    timeoutSeconds: 15,
    memoryMb: 512,
  },
  redemptions: {
    entry: 'functions/http/redemptions.ts',
    description: 'Rewards, redemptions, payment holds and coupons',
    access: { table: readWrite },
    timeoutSeconds: 15,
    memoryMb: 512,
  },
  admin: {
    entry: 'functions/http/admin.ts',
    description: 'The programme, the ledger check, job runs and dead-letter redrives',
    access: { table: readWrite, sendsTo: ['jobs'], redrives: ['accrual', 'jobs', 'emails'] },
    timeoutSeconds: 29,
    memoryMb: 1024,
  },
  reports: {
    entry: 'functions/http/reports.ts',
    description:
      'Reports read from the daily aggregates (O(days)): daily figures, summary, liability, settlement, segments, repurchase',
    access: { table: readOnly },
    timeoutSeconds: 15,
    memoryMb: 512,
  },
  service: {
    entry: 'functions/http/service.ts',
    description: 'Point adjustments with approval, bulk imports of members and balances, exports',
    // An import chunk writes up to 1,000 members; the welcome emails it asks for go through the outbox.
    access: { table: readWrite },
    timeoutSeconds: 29,
    memoryMb: 1024,
  },
} as const satisfies Record<string, FunctionDescription>;

export type FunctionName = keyof typeof functions;

/** A route of this system: served by one of its functions. */
export type HttpRoute = RouteDescription & { readonly fn: FunctionName };

/**
 * The Lambda authorizer of every route that needs a scope (an API Gateway REQUEST authorizer
 * with simple responses, no identity source and no caching, so that a request without a key
 * still reaches its function). It resolves the bearer key and always allows, passing the
 * caller, or `keyId: '-'`, in its context: the access log records the key id and the function
 * takes the caller from it; the function still answers 401 and 403. The local gateway calls it
 * the same way.
 */
export const httpAuthorizer = {
  entry: 'functions/http/authorizer.ts',
  description: 'Resolves the API key of each request for the access log and the function',
  access: { table: readOnly },
  timeoutSeconds: 5,
  memoryMb: 256,
} as const satisfies FunctionDescription;

export const routes = [
  ...publicRoutes,
  ...partnerRoutes,
  ...memberRoutes,
  ...purchaseRoutes,
  ...redemptionRoutes,
  ...programRoutes,
  ...adminRoutes,
  ...reportRoutes,
  ...serviceRoutes,
] as const satisfies readonly (HttpRoute & { readonly fn: FunctionName })[];

export type Route = (typeof routes)[number];
export type OperationOf<F extends FunctionName> = Extract<Route, { fn: F }>['operation'];

export interface QueueDescription {
  /** The consumer module, relative to the repository root; it exports `handler`. */
  readonly consumer: FunctionDescription;
  readonly batchSize: number;
  readonly visibilityTimeoutSeconds: number;
  /** After this many receives a message goes to the queue's dead-letter queue. */
  readonly maxReceiveCount: number;
  /** Lambda event source: report partial batch failures. */
  readonly reportBatchItemFailures: true;
  /** Most batches processed at once (the event source's maximum concurrency; local pollers). */
  readonly maxConcurrency: number;
}

export const queues: Readonly<Record<QueueName, QueueDescription>> = {
  accrual: {
    consumer: {
      entry: 'functions/queues/accrual.ts',
      description: 'Credits accepted purchases',
      access: { table: readWrite },
      timeoutSeconds: 30,
      memoryMb: 512,
    },
    batchSize: 10,
    visibilityTimeoutSeconds: 60,
    maxReceiveCount: 5,
    reportBatchItemFailures: true,
    maxConcurrency: 8,
  },
  emails: {
    consumer: {
      entry: 'functions/queues/emails.ts',
      description: 'Sends member emails through SES',
      access: { table: readWrite, sendsEmail: true, buildsLinks: true },
      timeoutSeconds: 60,
      memoryMb: 512,
    },
    batchSize: 10,
    visibilityTimeoutSeconds: 120,
    maxReceiveCount: 5,
    reportBatchItemFailures: true,
    // Few senders at once keep within the account's SES send rate.
    maxConcurrency: 2,
  },
  jobs: {
    consumer: {
      entry: 'functions/queues/jobs.ts',
      description: 'Pages through job indexes and does the per-member work of jobs',
      access: { table: readWrite, sendsTo: ['jobs', 'emails', 'accrual'] },
      timeoutSeconds: 120,
      memoryMb: 1024,
    },
    batchSize: 5,
    visibilityTimeoutSeconds: 180,
    maxReceiveCount: 5,
    reportBatchItemFailures: true,
    maxConcurrency: 8,
  },
};

/**
 * A consumer of the table's change stream (tableDefinition.stream): a Lambda DynamoDB event source
 * in AWS, `local/streamPoller.ts` locally, both built from this.
 */
export interface StreamDescription {
  readonly consumer: FunctionDescription;
  /** Records per invocation. */
  readonly batchSize: number;
  /** How long the event source may gather records before invoking. */
  readonly maxBatchingWindowSeconds: number;
  /** Where a new consumer starts: every record still in the stream, or only new ones. */
  readonly startingPosition: 'TRIM_HORIZON' | 'LATEST';
  /** Retries of a failing batch before its records are given up on (and reported to the DLQ). */
  readonly retryAttempts: number;
  /** Split a failing batch in two and retry each half, to isolate a record that cannot be processed. */
  readonly bisectBatchOnError: boolean;
  /** Records older than this are given up on (the stream keeps them 24 hours). */
  readonly maxRecordAgeSeconds: number;
  /** Batches of one stream shard processed at once (1: in order). */
  readonly parallelizationFactor: number;
  /** Report partial batch failures by sequence number. */
  readonly reportBatchItemFailures: true;
  /**
   * Which items' changes reach the consumer (event filtering: others are dropped before any
   * invocation, at no cost): a sort key equal to one of `sortKeyEquals` or beginning with one of
   * `sortKeyPrefixes`. The consumer's own writes are not among them.
   */
  readonly filter: { readonly sortKeyEquals: readonly string[]; readonly sortKeyPrefixes: readonly string[] };
}

export type StreamName = 'ledger';

export const streams: Readonly<Record<StreamName, StreamDescription>> = {
  ledger: {
    consumer: {
      entry: 'functions/streams/aggregator.ts',
      description: 'Folds committed ledger entries and account changes into the daily aggregates',
      access: { table: readWrite },
      timeoutSeconds: 60,
      memoryMb: 1024,
    },
    batchSize: 500,
    maxBatchingWindowSeconds: 1,
    startingPosition: 'TRIM_HORIZON',
    retryAttempts: 10,
    bisectBatchOnError: true,
    maxRecordAgeSeconds: 86_400,
    parallelizationFactor: 1,
    reportBatchItemFailures: true,
    // Entries, accounts, and settlement facts that move no points (programme coupons).
    filter: ledgerStreamFilter,
  },
};
