/** Rewards, redemptions, payment holds and coupons: the ways points are spent; each route with its API contract. */

import * as z from 'zod';
import type { RouteDescription } from '../../core/manifest.js';
import { Scope } from '../../core/scopes.js';
import {
  couponView,
  redemptionBody,
  redemptionView,
  rewardBody,
  rewardView,
  useCouponBody,
} from './schemas.js';

export const redemptionRoutes = [
  {
    method: 'GET',
    path: '/v1/rewards',
    operation: 'listRewards',
    fn: 'redemptions',
    scope: Scope.pointsRedeem,
    summary: 'The reward catalogue',
    contract: {
      status: 200,
      response: z.object({ items: z.array(rewardView) }),
    },
  },
  {
    method: 'PUT',
    path: '/v1/rewards/{rewardId}',
    operation: 'putReward',
    fn: 'redemptions',
    scope: Scope.admin,
    summary: 'Create or replace a reward',
    contract: {
      body: rewardBody,
      status: 200,
      otherStatuses: [201],
      response: rewardView,
    },
  },
  {
    method: 'POST',
    path: '/v1/redemptions',
    operation: 'createRedemption',
    fn: 'redemptions',
    scope: Scope.pointsRedeem,
    summary: 'Redeem a reward, or pay with points (optionally as a hold)',
    contract: {
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
  },
  {
    method: 'GET',
    path: '/v1/redemptions/{redemptionId}',
    operation: 'getRedemption',
    fn: 'redemptions',
    scope: Scope.pointsRedeem,
    summary: 'A redemption',
    contract: {
      status: 200,
      response: redemptionView,
      errors: ['not_found'],
    },
  },
  {
    method: 'POST',
    path: '/v1/redemptions/{redemptionId}/capture',
    operation: 'captureRedemption',
    fn: 'redemptions',
    scope: Scope.pointsRedeem,
    summary: 'Capture a held payment',
    contract: {
      status: 200,
      response: redemptionView,
      errors: ['not_found', 'invalid_state'],
    },
  },
  {
    method: 'POST',
    path: '/v1/redemptions/{redemptionId}/void',
    operation: 'voidRedemption',
    fn: 'redemptions',
    scope: Scope.pointsRedeem,
    summary: 'Void a held payment, returning its points',
    contract: {
      status: 200,
      response: redemptionView,
      errors: ['not_found', 'invalid_state'],
    },
  },
  {
    method: 'POST',
    path: '/v1/redemptions/{redemptionId}/reverse',
    operation: 'reverseRedemption',
    fn: 'redemptions',
    scope: Scope.pointsRedeem,
    summary: 'Reverse a completed redemption; the points return with their expiry dates',
    contract: {
      status: 200,
      response: redemptionView,
      errors: ['not_found', 'invalid_state'],
    },
  },
  {
    method: 'GET',
    path: '/v1/coupons/{code}',
    operation: 'getCoupon',
    fn: 'redemptions',
    scope: Scope.pointsRedeem,
    summary: 'A coupon',
    contract: {
      status: 200,
      response: couponView,
      errors: ['not_found'],
    },
  },
  {
    method: 'POST',
    path: '/v1/coupons/{code}/use',
    operation: 'useCoupon',
    fn: 'redemptions',
    scope: Scope.pointsRedeem,
    summary: 'Use a coupon once',
    contract: {
      body: useCouponBody,
      status: 200,
      response: couponView,
      errors: ['not_found', 'coupon_already_used', 'invalid_state', 'unknown_store'],
    },
  },
] as const satisfies readonly RouteDescription[];
