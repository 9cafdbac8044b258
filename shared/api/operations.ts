import * as z from 'zod';
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
import { createPartnerBody, issuedKeyView, issueKeyBody, keyView, partnerView } from './partners.js';
import {
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

export interface OperationSchemas {
  readonly body?: z.ZodType;
  /** Query parameters, beyond the paging ones of `paged`. */
  readonly query?: z.ZodObject;
  /** Success status and body; a missing body means an empty response. */
  readonly status: number;
  readonly response?: z.ZodType;
  readonly paged?: true;
}

const transactionView = z.object({
  transactionId: z.string(),
  type: z.enum(['earn', 'bonus', 'activity', 'redeem', 'hold', 'release', 'reversal', 'expire', 'adjust']),
  points: z.int().describe('Signed: + credit, − debit'),
  createdAt: z.string(),
  occurredAt: z.string(),
  reference: z.string(),
  description: z.string(),
  reverses: z.string().optional(),
  pendingUntil: z.string().optional(),
});

const anyObject = z.object({}).loose();

const unsubscribeQuery = z.object({ token: z.string().describe('The signed token of the email’s link') });

/** Request and response schemas of every operation, for the OpenAPI document. */
export const operationSchemas: Record<Route['operation'], OperationSchemas> = {
  health: { status: 200, response: z.object({ status: z.literal('ok') }) },
  openapi: { status: 200, response: anyObject },
  createPartner: { body: createPartnerBody, status: 201, response: partnerView },
  issueKey: { body: issueKeyBody, status: 201, response: issuedKeyView },
  revokeKey: { status: 204 },
  listPartners: { status: 200, response: z.object({ items: z.array(partnerView) }) },
  listKeys: { status: 200, response: z.object({ items: z.array(keyView) }) },
  issueMemberCode: { body: issueMemberCodeBody, status: 201, response: memberCodeView },
  enrolMember: { body: enrolMemberBody, status: 201, response: memberView },
  getMember: { status: 200, response: memberView },
  updateMember: { body: updateMemberBody, status: 200, response: memberView },
  eraseMember: { status: 204 },
  unsubscribe: { query: unsubscribeQuery, status: 200 },
  unsubscribeOneClick: { query: unsubscribeQuery, status: 200 },
  listTransactions: { status: 200, response: pageOf(transactionView), paged: true },
  createPurchase: { body: purchaseBody, status: 202, response: purchaseAccepted },
  createPurchaseBatch: { body: purchaseBatchBody, status: 202, response: purchaseBatchResult },
  getPurchase: { status: 200, response: purchaseView },
  createRefund: { body: refundBody, status: 201, response: refundView },
  recordActivity: { body: activityBody, status: 201, response: activityView },
  listRewards: { status: 200, response: z.object({ items: z.array(rewardView) }) },
  putReward: { body: rewardBody, status: 200, response: rewardView },
  createRedemption: { body: redemptionBody, status: 201, response: redemptionView },
  getRedemption: { status: 200, response: redemptionView },
  captureRedemption: { status: 200, response: redemptionView },
  voidRedemption: { status: 200, response: redemptionView },
  reverseRedemption: { status: 200, response: redemptionView },
  getCoupon: { status: 200, response: couponView },
  useCoupon: { body: useCouponBody, status: 200, response: couponView },
  getProgram: { status: 200, response: anyObject },
  putProgram: { body: anyObject, status: 200, response: anyObject },
  startJob: { body: startJobBody, status: 202, response: z.object({ runId: z.string() }) },
  getJobRun: { status: 200, response: jobRunView },
  listJobRuns: { status: 200, response: jobRunListView },
  listAudit: { query: auditQuery, status: 200, response: pageOf(auditEntryView), paged: true },
  listDeadLetters: { status: 200, response: z.object({ items: z.array(deadLetterStateView) }) },
  redriveDeadLetters: {
    status: 202,
    response: z.object({ queue: z.string(), messages: z.int().describe('Messages being moved back') }),
  },
  summaryReport: { query: summaryQuery, status: 200, response: summaryReportView },
  ledgerCheck: {
    status: 200,
    response: z.object({ ok: z.boolean(), membersChecked: z.int(), mismatches: z.array(anyObject) }),
  },
};
