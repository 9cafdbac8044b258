/** Rewards, redemptions, payment holds and coupons: the ways points are spent. */
import { Scope } from '../../core/scopes.js';
import type { HttpRoute } from '../../system.js';

export const redemptionRoutes = [
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
] as const satisfies readonly HttpRoute[];
