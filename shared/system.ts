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
  /** Queues whose dead letters the function may count and move back (message move tasks). */
  readonly redrives?: readonly QueueName[];
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
  purchases: {
    entry: 'functions/http/purchases.ts',
    description: 'Purchases (accepted onto the accrual queue), refunds and activities',
    access: { table: 'readWrite', sendsTo: ['accrual'] },
    timeoutSeconds: 15,
    memoryMb: 512,
  },
  redemptions: {
    entry: 'functions/http/redemptions.ts',
    description: 'Rewards, redemptions, payment holds and coupons',
    access: { table: 'readWrite' },
    timeoutSeconds: 15,
    memoryMb: 512,
  },
  admin: {
    entry: 'functions/http/admin.ts',
    description: 'The programme, ledger reports, job runs and dead-letter redrives',
    access: { table: 'readWrite', sendsTo: ['jobs'], redrives: ['accrual', 'jobs', 'emails'] },
    timeoutSeconds: 29,
    memoryMb: 1024,
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
  {
    method: 'GET',
    path: '/v1/members/{memberId}/transactions',
    operation: 'listTransactions',
    fn: 'members',
    scope: Scope.membersRead,
    summary: "The member's ledger entries, newest first",
  },
  {
    method: 'POST',
    path: '/v1/purchases',
    operation: 'createPurchase',
    fn: 'purchases',
    scope: Scope.pointsEarn,
    summary: 'Accept a purchase; its points are credited through the accrual queue',
  },
  {
    method: 'POST',
    path: '/v1/purchases/batch',
    operation: 'createPurchaseBatch',
    fn: 'purchases',
    scope: Scope.pointsEarn,
    summary: 'Accept up to 100 purchases; each stands or falls alone',
  },
  {
    method: 'GET',
    path: '/v1/purchases/{purchaseId}',
    operation: 'getPurchase',
    fn: 'purchases',
    scope: Scope.pointsEarn,
    summary: "A purchase's state and credited points",
  },
  {
    method: 'POST',
    path: '/v1/refunds',
    operation: 'createRefund',
    fn: 'purchases',
    scope: Scope.pointsEarn,
    summary: 'Refund (part of) a purchase, reversing its points in proportion',
  },
  {
    method: 'POST',
    path: '/v1/members/{memberId}/activities',
    operation: 'recordActivity',
    fn: 'purchases',
    scope: Scope.pointsEarn,
    summary: 'Credit an activity (sign-in, review, share, survey) within its daily limit',
  },
  {
    method: 'GET',
    path: '/v1/rewards',
    operation: 'listRewards',
    fn: 'redemptions',
    scope: Scope.pointsRedeem,
    summary: 'The reward catalogue',
  },
  {
    method: 'PUT',
    path: '/v1/rewards/{rewardId}',
    operation: 'putReward',
    fn: 'redemptions',
    scope: Scope.admin,
    summary: 'Create or replace a reward',
  },
  {
    method: 'POST',
    path: '/v1/redemptions',
    operation: 'createRedemption',
    fn: 'redemptions',
    scope: Scope.pointsRedeem,
    summary: 'Redeem a reward, or pay with points (optionally as a hold)',
  },
  {
    method: 'GET',
    path: '/v1/redemptions/{redemptionId}',
    operation: 'getRedemption',
    fn: 'redemptions',
    scope: Scope.pointsRedeem,
    summary: 'A redemption',
  },
  {
    method: 'POST',
    path: '/v1/redemptions/{redemptionId}/capture',
    operation: 'captureRedemption',
    fn: 'redemptions',
    scope: Scope.pointsRedeem,
    summary: 'Capture a held payment',
  },
  {
    method: 'POST',
    path: '/v1/redemptions/{redemptionId}/void',
    operation: 'voidRedemption',
    fn: 'redemptions',
    scope: Scope.pointsRedeem,
    summary: 'Void a held payment, returning its points',
  },
  {
    method: 'POST',
    path: '/v1/redemptions/{redemptionId}/reverse',
    operation: 'reverseRedemption',
    fn: 'redemptions',
    scope: Scope.pointsRedeem,
    summary: 'Reverse a completed redemption; the points return with their expiry dates',
  },
  {
    method: 'GET',
    path: '/v1/coupons/{code}',
    operation: 'getCoupon',
    fn: 'redemptions',
    scope: Scope.pointsRedeem,
    summary: 'A coupon',
  },
  {
    method: 'POST',
    path: '/v1/coupons/{code}/use',
    operation: 'useCoupon',
    fn: 'redemptions',
    scope: Scope.pointsRedeem,
    summary: 'Use a coupon once',
  },
  {
    method: 'GET',
    path: '/v1/program',
    operation: 'getProgram',
    fn: 'admin',
    scope: Scope.admin,
    summary: "The programme's rules in force, with its version",
  },
  {
    method: 'PUT',
    path: '/v1/program',
    operation: 'putProgram',
    fn: 'admin',
    scope: Scope.admin,
    summary: 'Publish a new programme version, applying to events from its effective time',
  },
  {
    method: 'GET',
    path: '/v1/admin/queues',
    operation: 'listDeadLetters',
    fn: 'admin',
    scope: Scope.admin,
    summary: 'Messages waiting in each dead-letter queue, and the last redrive',
  },
  {
    method: 'POST',
    path: '/v1/admin/queues/{queue}/redrive',
    operation: 'redriveDeadLetters',
    fn: 'admin',
    scope: Scope.admin,
    summary: 'Move a queue’s dead letters back to it, once what made them fail is fixed',
  },
  {
    method: 'GET',
    path: '/v1/reports/summary',
    operation: 'summaryReport',
    fn: 'admin',
    scope: Scope.admin,
    summary: 'Members, points issued, redeemed, expired and reversed over a period, the liability and tiers',
  },
  {
    method: 'GET',
    path: '/v1/reports/ledger-check',
    operation: 'ledgerCheck',
    fn: 'admin',
    scope: Scope.admin,
    summary: "Checks every member's balances against the sum of their ledger entries",
  },
  {
    method: 'GET',
    path: '/v1/unsubscribe',
    operation: 'unsubscribe',
    fn: 'members',
    scope: null,
    summary: 'Follows the unsubscribe link of a member email (a signed token); answers a small page',
  },
  {
    method: 'POST',
    path: '/v1/unsubscribe',
    operation: 'unsubscribeOneClick',
    fn: 'members',
    scope: null,
    summary: 'RFC 8058 one-click unsubscribe (List-Unsubscribe-Post)',
  },
  {
    method: 'POST',
    path: '/v1/admin/jobs/{job}',
    operation: 'startJob',
    fn: 'admin',
    scope: Scope.admin,
    summary:
      'Start a job (expire-points, tier-review, release-holds) as of a date; the same date again has no second effect',
  },
  {
    method: 'GET',
    path: '/v1/admin/jobs/runs/{runId}',
    operation: 'getJobRun',
    fn: 'admin',
    scope: Scope.admin,
    summary: 'A job run with its processed and failed counts',
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
  /** Most batches processed at once (the event source's maximum concurrency; local pollers). */
  readonly maxConcurrency: number;
}

/** The queues; listed here so access declarations can name them before they are described. */
export type QueueName = 'accrual' | 'jobs' | 'emails';

export const queues: Readonly<Record<QueueName, QueueDescription>> = {
  accrual: {
    consumer: {
      entry: 'functions/queues/accrual.ts',
      description: 'Credits accepted purchases',
      access: { table: 'readWrite' },
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
      access: { table: 'readWrite', sendsEmail: true },
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
      access: { table: 'readWrite', sendsTo: ['jobs', 'emails'] },
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

export interface ScheduleDescription {
  readonly name: string;
  /** Six-field EventBridge Scheduler cron, read in the programme time zone. */
  readonly cron: string;
  readonly timeZone: string;
  readonly job: FunctionDescription;
}

const jobStarter = (entry: string, description: string): FunctionDescription => ({
  entry,
  description,
  access: { table: 'readWrite', sendsTo: ['jobs', 'emails'] },
  timeoutSeconds: 30,
  memoryMb: 256,
});

const programmeTimeZone = 'Asia/Shanghai';

export const schedules: readonly ScheduleDescription[] = [
  {
    name: 'expire-points',
    // Daily just after midnight: finds only members with points due (the reference policy's
    // dates are all 1 January; rolling policies expire on any day).
    cron: '1 0 * * ? *',
    timeZone: programmeTimeZone,
    job: jobStarter('functions/jobs/expirePoints.ts', 'Starts the points expiry run'),
  },
  {
    name: 'tier-review',
    cron: '0 2 1 * ? *',
    timeZone: programmeTimeZone,
    job: jobStarter('functions/jobs/tierReview.ts', 'Starts the monthly tier review'),
  },
  {
    name: 'release-holds',
    cron: '* * * * ? *',
    timeZone: programmeTimeZone,
    job: jobStarter('functions/jobs/releaseHolds.ts', 'Voids payment holds not captured in time'),
  },
  {
    name: 'expiry-reminders',
    cron: '0 9 * * ? *',
    timeZone: programmeTimeZone,
    job: jobStarter('functions/jobs/expiryReminders.ts', 'Reminds members of points expiring within 30 days'),
  },
  {
    name: 'statements',
    cron: '0 9 2 * ? *',
    timeZone: programmeTimeZone,
    job: jobStarter(
      'functions/jobs/statements.ts',
      "Prepares every member's statement for the previous month",
    ),
  },
  {
    name: 'send-notifications',
    cron: '* * * * ? *',
    timeZone: programmeTimeZone,
    job: jobStarter(
      'functions/jobs/sendNotifications.ts',
      'Relays pending member emails outside quiet hours',
    ),
  },
];

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
  queueUrl: (queue: QueueName) => `QUEUE_URL_${String(queue).toUpperCase()}`,
  deadLetterQueueUrl: (queue: QueueName) => `DLQ_URL_${String(queue).toUpperCase()}`,
} as const;
