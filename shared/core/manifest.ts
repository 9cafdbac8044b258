/**
 * The vocabulary the manifest (shared/system.ts) is written in: what a function may touch, what a
 * route, a schedule and an environment variable are. Here, in core, so that a feature's routes and
 * a job's schedule can be declared beside their code without importing the manifest that lists them.
 */
import type { OperationSchemas } from './contract.js';
import type { RouteScope } from './scopes.js';

/**
 * What a function does to the table. Each kind is exactly the DynamoDB actions it needs
 * (infra/stateless/tableActions.ts): `read` GetItem, BatchGetItem, Query (table and indexes),
 * Scan; `write` PutItem, UpdateItem, ConditionCheckItem (a TransactWriteItems of puts, updates
 * and condition checks needs nothing more); `delete` DeleteItem (nothing deletes today: erasure
 * and expiry rewrite items, and TTL removes them). BatchWriteItem can delete, so it comes only
 * with `write` and `delete` together.
 */
export interface TableAccess {
  readonly read?: boolean;
  readonly write?: boolean;
  readonly delete?: boolean;
}

/**
 * What a function may touch; the CDK stack turns it into least-privilege IAM grants, and both
 * runtimes into the function's environment (shared/runtimeEnvironment.ts): a function sees only
 * the table, queues, SES settings and links it declares here.
 */
export interface FunctionAccess {
  /** Omitted: the function never touches the table (no grant, no TABLE_NAME). */
  readonly table?: TableAccess;
  /** Queues the function sends to (keys of `queues`). */
  readonly sendsTo?: readonly QueueName[];
  /** Queues whose dead letters the function may count and move back (message move tasks). */
  readonly redrives?: readonly QueueName[];
  /** Whether the function sends email through SES (EMAIL_SENDER, EMAIL_SEND_RATE). */
  readonly sendsEmail?: boolean;
  /** Whether the function builds links to the public API, such as unsubscribe links (PUBLIC_BASE_URL). */
  readonly buildsLinks?: boolean;
}

export interface FunctionDescription {
  /** Path of the handler module, relative to the repository root; it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly access: FunctionAccess;
  /** The job a start function starts (its environment names it): see shared/jobs/list.ts. */
  readonly startsJob?: string;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteDescription {
  readonly method: HttpMethod;
  /** API Gateway path syntax: `/v1/members/{memberId}`. */
  readonly path: string;
  /** The operation inside the function that serves the route; also the OpenAPI operationId. */
  readonly operation: string;
  /** The function (a key of `functions` in shared/system.ts). */
  readonly fn: string;
  /** The scope a key needs (`anyKey`: any valid key); `null` for routes that need no key. */
  readonly scope: RouteScope | null;
  readonly summary: string;
  /** The route's API contract (body, query, statuses, errors), beside the route in its feature. */
  readonly contract: OperationSchemas;
}

/** The queues (described in shared/system.ts); named here so access declarations can name them. */
export const queueNames = ['accrual', 'emails', 'jobs'] as const;
export type QueueName = (typeof queueNames)[number];

export interface ScheduleDescription {
  readonly name: string;
  /** Six-field EventBridge Scheduler cron, read in the programme time zone. */
  readonly cron: string;
  readonly timeZone: string;
  /** The function the schedule invokes (functions/jobs/start.ts, told which job). */
  readonly job: FunctionDescription;
  /** How EventBridge Scheduler retries a failed start before dead-lettering it; default `defaultScheduleRetry`. */
  readonly retry?: ScheduleRetry;
}

/**
 * Retries of a schedule's invocation (Lambda throttled or failing): every job start is
 * idempotent for its date, period or minute, so a retry is safe. What still fails goes to the
 * schedule's dead-letter queue (alarmed in AWS).
 */
export interface ScheduleRetry {
  readonly maxRetries: number;
  /** An invocation not delivered within this age is dead-lettered (60 s to 24 h). */
  readonly maxEventAgeSeconds: number;
}

export const defaultScheduleRetry: ScheduleRetry = { maxRetries: 3, maxEventAgeSeconds: 3600 };

/** Environment variable names shared by the CDK stack (which sets them) and the handlers (which read them). */
/** SES's starting production quota (emails/s); set context `emailSendRate` to the account's own. */
export const defaultEmailSendRate = 14;

export const Env = {
  tableName: 'TABLE_NAME',
  stage: 'STAGE',
  emailSender: 'EMAIL_SENDER',
  /** The SES account's maximum send rate (emails per second); senders share it. */
  emailSendRate: 'EMAIL_SEND_RATE',
  publicBaseUrl: 'PUBLIC_BASE_URL',
  keyCacheSeconds: 'KEY_CACHE_SECONDS',
  programCacheSeconds: 'PROGRAM_CACHE_SECONDS',
  /** The job a start function starts (shared/jobs/list.ts: one function, one job each). */
  jobName: 'JOB_NAME',
  queueUrl: (queue: QueueName) => `QUEUE_URL_${String(queue).toUpperCase()}`,
  deadLetterQueueUrl: (queue: QueueName) => `DLQ_URL_${String(queue).toUpperCase()}`,
} as const;
