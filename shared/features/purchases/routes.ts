/** Purchases, refunds and activities: the ways points are earned. */
import { Scope } from '../../core/scopes.js';
import type { HttpRoute } from '../../system.js';

export const purchaseRoutes = [
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
    method: 'POST',
    path: '/v1/program/simulate',
    operation: 'simulateEarning',
    fn: 'purchases',
    scope: Scope.pointsEarn,
    summary:
      'What a purchase would earn, with its breakdown by rule, now or under a draft programme; writes nothing',
  },
] as const satisfies readonly HttpRoute[];
