import * as z from 'zod';
import type { ErrorCode } from '../core/errors.js';
import type { Route } from '../system.js';
import { activityBody, activityView } from './activities.js';
import {
  auditEntryView,
  auditQuery,
  deadLetterStateView,
  jobRunListView,
  jobRunView,
  startJobBody,
  summaryQuery,
  summaryReportView,
} from './admin.js';
import { pageOf } from './common.js';
import {
  enrolMemberBody,
  issueMemberCodeBody,
  memberCodeView,
  memberView,
  updateMemberBody,
} from './members.js';
import {
  callerView,
  createPartnerBody,
  issuedKeyView,
  issueKeyBody,
  keyView,
  partnerView,
  saveStoreBody,
  storeView,
} from './partners.js';
import {
  breakdownView,
  purchaseAccepted,
  purchaseBatchBody,
  purchaseBatchResult,
  purchaseBody,
  purchaseView,
  refundBody,
  refundView,
} from './purchases.js';
import {
  couponView,
  redemptionBody,
  redemptionView,
  rewardBody,
  rewardView,
  useCouponBody,
} from './redemptions.js';
import {
  dailyQuery,
  dailyReportView,
  liabilityView,
  repurchaseQuery,
  repurchaseView,
  segmentsView,
  settlementQuery,
  settlementView,
} from './reports.js';
import { simulateBody, simulateView } from './rules.js';
import { serviceOperationSchemas } from './service.js';

export interface OperationSchemas {
  readonly body?: z.ZodType;
  /** Query parameters, beyond the paging ones of `paged`. */
  readonly query?: z.ZodObject;
  /** Success status and body; a missing body means an empty response. */
  readonly status: number;
  readonly response?: z.ZodType;
  readonly paged?: true;
  /** Other success statuses answering the same body: 200 for a replay that changes nothing, … */
  readonly otherStatuses?: readonly number[];
  /**
   * The error codes of the operation itself (`not_found`, `member_exists`, …). The OpenAPI document
   * adds the ones every route of its kind can answer: `validation_failed` for input,
   * `unauthorized`, `forbidden` and `rate_limited` for a key, `payload_too_large` for a body.
   */
  readonly errors?: readonly ErrorCode[];
  /** The answer is an HTML page for a person (an email's link): the success status, or 400 for a bad link. */
  readonly html?: true;
  /** A report: it answers `text/csv` instead of JSON when the request's `Accept` asks for it. */
  readonly csv?: true;
}

const transactionView = z.object({
  transactionId: z
    .string()
    .describe('For another partner’s entry an opaque id (`tx_…`) that names no operation of that partner'),
  type: z.enum(['earn', 'bonus', 'activity', 'redeem', 'hold', 'release', 'reversal', 'expire', 'adjust']),
  points: z.int().describe('Signed: + credit, − debit'),
  createdAt: z.string(),
  occurredAt: z.string(),
  partner: z
    .literal('other')
    .optional()
    .describe(
      'Present on another partner’s entries (read through a partner’s key): they carry no reference, description, store, amount or breakdown',
    ),
  reference: z
    .string()
    .optional()
    .describe('The operation, e.g. `purchase:P-1001`; absent on another partner’s entries'),
  description: z.string().optional().describe('Absent on another partner’s entries'),
  reverses: z.string().optional(),
  pendingUntil: z.string().optional(),
  breakdown: breakdownView.optional().describe('For purchase earnings: the points by rule'),
});

const anyObject = z.object({}).loose();

const unsubscribeQuery = z.object({ token: z.string().describe('The signed token of the email’s link') });

/** Request and response schemas of every operation, for the OpenAPI document. */
export const operationSchemas: Record<Route['operation'], OperationSchemas> = {
  health: { status: 200, response: z.object({ status: z.literal('ok') }) },
  openapi: { status: 200, response: anyObject },
  createPartner: {
    body: createPartnerBody,
    status: 201,
    otherStatuses: [200],
    response: partnerView,
    errors: ['partner_exists'],
  },
  issueKey: { body: issueKeyBody, status: 201, response: issuedKeyView, errors: ['not_found'] },
  revokeKey: { status: 204, errors: ['not_found'] },
  listPartners: { status: 200, response: z.object({ items: z.array(partnerView) }) },
  listKeys: { status: 200, response: z.object({ items: z.array(keyView) }), errors: ['not_found'] },
  whoAmI: { status: 200, response: callerView },
  saveStore: {
    body: saveStoreBody,
    status: 201,
    otherStatuses: [200],
    response: storeView,
    errors: ['not_found'],
  },
  listStores: { status: 200, response: pageOf(storeView), paged: true, errors: ['not_found'] },
  issueMemberCode: {
    body: issueMemberCodeBody,
    status: 201,
    otherStatuses: [202],
    response: memberCodeView,
    errors: ['not_found', 'invalid_state'],
  },
  enrolMember: {
    body: enrolMemberBody,
    status: 201,
    otherStatuses: [200],
    response: memberView,
    errors: ['member_exists'],
  },
  getMember: { status: 200, response: memberView, errors: ['not_found'] },
  updateMember: {
    body: updateMemberBody,
    status: 200,
    response: memberView,
    errors: ['not_found', 'invalid_state'],
  },
  eraseMember: { status: 204, errors: ['not_found'] },
  unsubscribe: { query: unsubscribeQuery, status: 200, html: true, errors: ['rate_limited'] },
  unsubscribeOneClick: { query: unsubscribeQuery, status: 200, html: true, errors: ['rate_limited'] },
  listTransactions: { status: 200, response: pageOf(transactionView), paged: true, errors: ['not_found'] },
  createPurchase: {
    body: purchaseBody,
    status: 202,
    response: purchaseAccepted,
    errors: ['not_found', 'idempotency_conflict', 'claim_window_closed', 'unknown_store'],
  },
  createPurchaseBatch: { body: purchaseBatchBody, status: 202, response: purchaseBatchResult },
  getPurchase: { status: 200, response: purchaseView, errors: ['not_found'] },
  simulateEarning: {
    body: simulateBody,
    status: 200,
    response: simulateView,
    errors: ['not_found'],
  },
  createRefund: {
    body: refundBody,
    status: 201,
    response: refundView,
    errors: ['not_found', 'idempotency_conflict', 'invalid_state', 'claim_window_closed', 'unknown_store'],
  },
  recordActivity: {
    body: activityBody,
    status: 201,
    response: activityView,
    errors: [
      'not_found',
      'idempotency_conflict',
      'activity_limit_reached',
      'claim_window_closed',
      'unknown_store',
    ],
  },
  listRewards: { status: 200, response: z.object({ items: z.array(rewardView) }) },
  putReward: { body: rewardBody, status: 200, otherStatuses: [201], response: rewardView },
  createRedemption: {
    body: redemptionBody,
    status: 201,
    response: redemptionView,
    errors: [
      'not_found',
      'idempotency_conflict',
      'reward_out_of_stock',
      'insufficient_points',
      'reward_not_eligible',
      'member_code_invalid',
      'unknown_store',
    ],
  },
  getRedemption: { status: 200, response: redemptionView, errors: ['not_found'] },
  captureRedemption: { status: 200, response: redemptionView, errors: ['not_found', 'invalid_state'] },
  voidRedemption: { status: 200, response: redemptionView, errors: ['not_found', 'invalid_state'] },
  reverseRedemption: { status: 200, response: redemptionView, errors: ['not_found', 'invalid_state'] },
  getCoupon: { status: 200, response: couponView, errors: ['not_found'] },
  useCoupon: {
    body: useCouponBody,
    status: 200,
    response: couponView,
    errors: ['not_found', 'coupon_already_used', 'invalid_state', 'unknown_store'],
  },
  getProgram: { status: 200, response: anyObject },
  putProgram: { body: anyObject, status: 200, response: anyObject },
  startJob: {
    body: startJobBody,
    status: 202,
    response: z.object({ runId: z.string() }),
    errors: ['not_found'],
  },
  getJobRun: { status: 200, response: jobRunView, errors: ['not_found'] },
  listJobRuns: { status: 200, response: jobRunListView },
  listAudit: { query: auditQuery, status: 200, response: pageOf(auditEntryView), paged: true },
  listDeadLetters: { status: 200, response: z.object({ items: z.array(deadLetterStateView) }) },
  redriveDeadLetters: {
    status: 202,
    response: z.object({ queue: z.string(), messages: z.int().describe('Messages being moved back') }),
    errors: ['not_found', 'invalid_state'],
  },
  summaryReport: { query: summaryQuery, status: 200, response: summaryReportView, csv: true },
  dailyReport: { query: dailyQuery, status: 200, response: dailyReportView, csv: true },
  liabilityReport: { status: 200, response: liabilityView, csv: true },
  settlementReport: { query: settlementQuery, status: 200, response: settlementView, csv: true },
  segmentsReport: { status: 200, response: segmentsView, csv: true },
  repurchaseReport: { query: repurchaseQuery, status: 200, response: repurchaseView, csv: true },
  ledgerCheck: {
    status: 200,
    response: z.object({ ok: z.boolean(), membersChecked: z.int(), mismatches: z.array(anyObject) }),
  },
  ...serviceOperationSchemas,
};
