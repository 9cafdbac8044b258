/**
 * The one description of the system: every Lambda function, the HTTP routes that reach it,
 * the queues and their consumers, and the schedules. The CDK stacks (infra/) and the local
 * runtime (local/) are both built from this module; nothing here is listed anywhere else.
 *
 * Importing this module must stay cheap and side-effect free: the CDK app, the local runtime
 * and every HTTP function bundle read it.
 */
import { Scope } from './auth/scopes.js';

/** What a function may touch; the CDK stack turns it into least-privilege IAM grants. */
export interface FunctionAccess {
  readonly table: 'read' | 'readWrite';
  /** Queues the function sends to (keys of `queues`). */
  readonly sendsTo?: readonly QueueName[];
  /** Whether the function sends email through SES. */
  readonly sendsEmail?: boolean;
}

export interface FunctionDescription {
  /** Path of the handler module, relative to the repository root; it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly access: FunctionAccess;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
}

export const functions = {
  public: {
    entry: 'functions/http/public.ts',
    description: 'Health check and the OpenAPI document',
    access: { table: 'read' },
    timeoutSeconds: 5,
    memoryMb: 256,
  },
  partners: {
    entry: 'functions/http/partners.ts',
    description: 'Partners and their API keys',
    access: { table: 'readWrite' },
    timeoutSeconds: 10,
    memoryMb: 512,
  },
  members: {
    entry: 'functions/http/members.ts',
    description: 'Member enrolment, profile, erasure and ledger reads',
    access: { table: 'readWrite' },
    timeoutSeconds: 10,
    memoryMb: 512,
  },
} as const satisfies Record<string, FunctionDescription>;

export type FunctionName = keyof typeof functions;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpRoute {
  readonly method: HttpMethod;
  /** API Gateway path syntax: `/v1/members/{memberId}`. */
  readonly path: string;
  /** The operation inside the function that serves the route; also the OpenAPI operationId. */
  readonly operation: string;
  readonly fn: FunctionName;
  /** The scope a key needs; `null` for routes that need no key. */
  readonly scope: Scope | null;
  readonly summary: string;
}

export const routes = [
  { method: 'GET', path: '/health', operation: 'health', fn: 'public', scope: null, summary: 'Liveness' },
  {
    method: 'GET',
    path: '/openapi.json',
    operation: 'openapi',
    fn: 'public',
    scope: null,
    summary: 'This API described in OpenAPI 3.1',
  },
  {
    method: 'POST',
    path: '/v1/partners',
    operation: 'createPartner',
    fn: 'partners',
    scope: Scope.admin,
    summary: 'Create a partner',
  },
  {
    method: 'POST',
    path: '/v1/partners/{partnerId}/keys',
    operation: 'issueKey',
    fn: 'partners',
    scope: Scope.admin,
    summary: 'Issue an API key to a partner (the key is shown only in this response)',
  },
  {
    method: 'DELETE',
    path: '/v1/partners/{partnerId}/keys/{keyId}',
    operation: 'revokeKey',
    fn: 'partners',
    scope: Scope.admin,
    summary: 'Revoke an API key',
  },
  {
    method: 'POST',
    path: '/v1/members',
    operation: 'enrolMember',
    fn: 'members',
    scope: Scope.membersWrite,
    summary: 'Enrol a member (idempotent on memberId)',
  },
  {
    method: 'GET',
    path: '/v1/members/{memberId}',
    operation: 'getMember',
    fn: 'members',
    scope: Scope.membersRead,
    summary: 'Read a member; email and phone are masked without pii:read',
  },
  {
    method: 'PATCH',
    path: '/v1/members/{memberId}',
    operation: 'updateMember',
    fn: 'members',
    scope: Scope.membersWrite,
    summary: 'Change profile fields',
  },
  {
    method: 'DELETE',
    path: '/v1/members/{memberId}',
    operation: 'eraseMember',
    fn: 'members',
    scope: Scope.membersWrite,
    summary: 'Erase personal data, keeping the anonymous ledger',
  },
] as const satisfies readonly HttpRoute[];

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
}

export const queues = {} as const satisfies Record<string, QueueDescription>;

export type QueueName = keyof typeof queues;

export interface ScheduleDescription {
  readonly name: string;
  /** Six-field EventBridge Scheduler cron, read in the programme time zone. */
  readonly cron: string;
  readonly timeZone: string;
  readonly job: FunctionDescription;
}

export const schedules = [] as const satisfies readonly ScheduleDescription[];

/** Environment variable names shared by the CDK stack (which sets them) and the handlers (which read them). */
export const Env = {
  tableName: 'TABLE_NAME',
  stage: 'STAGE',
  emailSender: 'EMAIL_SENDER',
  publicBaseUrl: 'PUBLIC_BASE_URL',
  keyCacheSeconds: 'KEY_CACHE_SECONDS',
  queueUrl: (queue: QueueName) => `QUEUE_URL_${String(queue).toUpperCase()}`,
} as const;
