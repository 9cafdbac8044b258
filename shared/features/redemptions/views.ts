/** What the API answers for rewards, redemptions and coupons. */

import { CouponStatus } from '../../core/records.js';
import type { CouponData, RedemptionData, RewardData } from './records.js';

export function rewardView(data: RewardData) {
  return {
    rewardId: data.rewardId,
    name: data.name,
    pointsCost: data.pointsCost,
    kind: data.kind,
    stock: data.stock,
    minTier: data.minTier,
  };
}

export function redemptionView(data: RedemptionData) {
  return {
    redemptionId: data.redemptionId,
    memberId: data.memberId,
    storeId: data.storeId,
    status: data.status,
    points: data.points,
    rewardId: data.rewardId,
    value: data.valueFen === null ? null : { amount: data.valueFen, currency: data.currency },
    holdExpiresAt: data.holdUntil,
    createdAt: data.createdAt,
    ...(data.coupon
      ? {
          coupon: {
            code: data.coupon.code,
            value: { amount: data.coupon.valueFen, currency: data.currency },
            expiresAt: data.coupon.expiresAt,
          },
        }
      : {}),
  };
}

export function couponView(data: CouponData, nowMs: number) {
  const expired = data.status === CouponStatus.issued && Date.parse(data.expiresAt) <= nowMs;
  return {
    code: data.code,
    memberId: data.memberId,
    value: { amount: data.valueFen, currency: data.currency },
    status: expired ? CouponStatus.expired : data.status,
    expiresAt: data.expiresAt,
    usedAt: data.usedAt,
  };
}
