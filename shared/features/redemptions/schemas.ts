import * as z from 'zod';
import { idSchema } from '../../core/schemas.js';

export const rewardBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  pointsCost: z.int().min(1).max(100_000_000),
  kind: z.enum(['coupon', 'item', 'service']),
  stock: z.int().min(0).max(100_000_000).nullable().default(null),
  minTier: z.string().min(1).max(32).nullable().default(null),
  coupon: z
    .strictObject({ value: z.int().min(1).max(100_000_00), validDays: z.int().min(1).max(3650) })
    .optional()
    .describe('For coupon rewards: the coupon value in fen and how many days it is valid'),
});
export type RewardBody = z.output<typeof rewardBody>;

export const rewardView = z.object({
  rewardId: z.string(),
  name: z.string(),
  pointsCost: z.int(),
  kind: z.string(),
  stock: z.int().nullable(),
  minTier: z.string().nullable(),
});

const presence = {
  memberId: idSchema.optional().describe('The member; may be left out when memberCode is sent'),
  memberCode: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .describe('The 18-digit code the member shows at the till (their app, or an email); single use'),
};
const needsMember = {
  message: 'Name the member: memberId, memberCode, or both.',
  path: ['memberId'],
};

export const redemptionBody = z.union([
  z
    .strictObject({
      redemptionId: idSchema,
      ...presence,
      storeId: idSchema,
      rewardId: idSchema,
    })
    .refine((body) => body.memberId !== undefined || body.memberCode !== undefined, needsMember),
  z
    .strictObject({
      redemptionId: idSchema,
      ...presence,
      storeId: idSchema,
      payment: z.strictObject({ points: z.int().min(1).max(100_000_000) }),
      hold: z.boolean().optional(),
    })
    .refine((body) => body.memberId !== undefined || body.memberCode !== undefined, needsMember),
]);
export type RedemptionBody = z.output<typeof redemptionBody>;

export const couponView = z.object({
  code: z.string(),
  memberId: z.string(),
  value: z.object({ amount: z.int(), currency: z.string() }),
  status: z.enum(['issued', 'used', 'expired', 'voided']),
  expiresAt: z.string(),
  usedAt: z.string().nullable(),
});

export const redemptionView = z.object({
  redemptionId: z.string(),
  memberId: z.string(),
  storeId: z.string(),
  status: z.enum(['held', 'completed', 'voided', 'reversed']),
  points: z.int(),
  rewardId: z.string().nullable(),
  value: z.object({ amount: z.int(), currency: z.string() }).nullable(),
  holdExpiresAt: z.string().nullable(),
  createdAt: z.string(),
  coupon: z
    .object({
      code: z.string(),
      value: z.object({ amount: z.int(), currency: z.string() }),
      expiresAt: z.string(),
    })
    .optional(),
});

export const useCouponBody = z.strictObject({ storeId: idSchema, orderId: idSchema });
