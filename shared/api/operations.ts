import * as z from 'zod';
import type { OperationSchemas } from '../features/contract.js';
import { type Route, routes } from '../system.js';
import { activityBody, activityView } from './activities.js';
import {
  auditEntryView,
  auditQuery,
  deadLetterStateView,
  jobRunListView,
  jobRunView,
  startJobBody,
} from './admin.js';
import { pageOf } from './common.js';
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
import { simulateBody, simulateView } from './rules.js';

export type { OperationSchemas } from '../features/contract.js';

const anyObject = z.object({}).loose();

/** The routes whose contract is already beside them, in their feature's routes.ts. */
type ContractRoute = Extract<Route, { contract: OperationSchemas }>;

/** The contracts of the operations not yet moved to their feature folder. */
const notYetInFeatures: Record<Exclude<Route['operation'], ContractRoute['operation']>, OperationSchemas> = {
  health: { status: 200, response: z.object({ status: z.literal('ok') }) },
  openapi: { status: 200, response: anyObject },
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
  ledgerCheck: {
    status: 200,
    response: z.object({ ok: z.boolean(), membersChecked: z.int(), mismatches: z.array(anyObject) }),
  },
};

/** Request and response schemas of every operation, for the OpenAPI document. */
export const operationSchemas: Record<Route['operation'], OperationSchemas> = {
  ...notYetInFeatures,
  ...(Object.fromEntries<OperationSchemas>(
    routes.flatMap((route) => ('contract' in route ? [[route.operation, route.contract]] : [])),
  ) as Record<ContractRoute['operation'], OperationSchemas>),
};
