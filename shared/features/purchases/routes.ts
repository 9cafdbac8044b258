/** Purchases, refunds and activities: the ways points are earned; each route with its API contract. */

import type { RouteDescription } from '../../core/manifest.js';
import { Scope } from '../../core/scopes.js';
import {
  activityBody,
  activityView,
  purchaseAccepted,
  purchaseBatchBody,
  purchaseBatchResult,
  purchaseBody,
  purchaseView,
  refundBody,
  refundView,
  simulateBody,
  simulateView,
} from './schemas.js';

export const purchaseRoutes = [
  {
    method: 'POST',
    path: '/v1/purchases',
    operation: 'createPurchase',
    fn: 'purchases',
    scope: Scope.pointsEarn,
    summary: 'Accept a purchase; its points are credited through the accrual queue',
    contract: {
      body: purchaseBody,
      status: 202,
      response: purchaseAccepted,
      errors: ['not_found', 'idempotency_conflict', 'claim_window_closed', 'unknown_store'],
    },
  },
  {
    method: 'POST',
    path: '/v1/purchases/batch',
    operation: 'createPurchaseBatch',
    fn: 'purchases',
    scope: Scope.pointsEarn,
    summary: 'Accept up to 100 purchases; each stands or falls alone',
    contract: {
      body: purchaseBatchBody,
      status: 202,
      response: purchaseBatchResult,
    },
  },
  {
    method: 'GET',
    path: '/v1/purchases/{purchaseId}',
    operation: 'getPurchase',
    fn: 'purchases',
    scope: Scope.pointsEarn,
    summary: "A purchase's state and credited points",
    contract: {
      status: 200,
      response: purchaseView,
      errors: ['not_found'],
    },
  },
  {
    method: 'POST',
    path: '/v1/refunds',
    operation: 'createRefund',
    fn: 'purchases',
    scope: Scope.pointsEarn,
    summary: 'Refund (part of) a purchase, reversing its points in proportion',
    contract: {
      body: refundBody,
      status: 201,
      response: refundView,
      errors: ['not_found', 'idempotency_conflict', 'invalid_state', 'claim_window_closed', 'unknown_store'],
    },
  },
  {
    method: 'POST',
    path: '/v1/members/{memberId}/activities',
    operation: 'recordActivity',
    fn: 'purchases',
    scope: Scope.pointsEarn,
    summary: 'Credit an activity (sign-in, review, share, survey) within its daily limit',
    contract: {
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
  },
  {
    method: 'POST',
    path: '/v1/program/simulate',
    operation: 'simulateEarning',
    fn: 'purchases',
    scope: Scope.pointsEarn,
    summary:
      'What a purchase would earn, with its breakdown by rule, now or under a draft programme; writes nothing',
    contract: {
      body: simulateBody,
      status: 200,
      response: simulateView,
      errors: ['not_found'],
    },
  },
] as const satisfies readonly RouteDescription[];
