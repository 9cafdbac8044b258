import * as z from 'zod';
import { idSchema, isoDateTimeSchema } from '../../core/schemas.js';

export const breakdownLineView = z.object({
  ruleId: z.string().describe('base, item:<ruleId>, tier:<code>, birthday, campaign:<campaignId>, threshold'),
  label: z.string(),
  points: z.int(),
});

/** The points by rule, as purchases, ledger entries and the simulator show them. */
export const breakdownView = z
  .array(breakdownLineView)
  .describe('The points by rule; the lines add up to the points');

const amountFen = z.int().min(1).max(100_000_000_00);

/** CONTRACT 6.1: when items are given, their amounts add up to the purchase's (or refund's) amount. */
export function itemsAddUp(what: 'purchase' | 'refund') {
  return (
    body: { readonly amount: number; readonly items?: readonly { readonly amount: number }[] },
    ctx: z.RefinementCtx,
  ) => {
    if (!body.items) return;
    const sum = body.items.reduce((total, item) => total + item.amount, 0);
    if (sum !== body.amount) {
      ctx.addIssue({
        code: 'custom',
        path: ['items'],
        message: `The items add up to ${sum} fen, not the ${what} amount of ${body.amount} fen.`,
      });
    }
  };
}

export const purchaseItemSchema = z.strictObject({
  sku: z.string().min(1).max(64),
  category: z.string().min(1).max(64).optional(),
  quantity: z.int().min(1).max(100_000),
  amount: z.int().min(0).max(100_000_000_00),
});

export const purchaseBody = z
  .strictObject({
    purchaseId: idSchema,
    memberId: idSchema,
    storeId: idSchema,
    occurredAt: isoDateTimeSchema,
    currency: z.string().regex(/^[A-Z]{3}$/, 'An ISO 4217 code such as CNY.'),
    amount: amountFen.describe('Integer minor units (fen)'),
    items: z.array(purchaseItemSchema).max(500).optional(),
  })
  .superRefine(itemsAddUp('purchase'));
export type PurchaseBody = z.output<typeof purchaseBody>;

export const purchaseBatchBody = z.strictObject({
  purchases: z.array(z.unknown()).min(1).max(100),
});

export const purchaseAccepted = z.object({
  purchaseId: z.string(),
  status: z.literal('accepted'),
  estimatedPoints: z.int(),
});

export const purchaseBatchResult = z.object({
  results: z.array(
    z.object({
      purchaseId: z.string().nullable(),
      status: z.enum(['accepted', 'rejected']),
      estimatedPoints: z.int().optional(),
      error: z
        .object({
          code: z.string(),
          detail: z.string(),
          errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
        })
        .optional(),
    }),
  ),
});

export const purchaseView = z.object({
  purchaseId: z.string(),
  memberId: z.string(),
  storeId: z.string(),
  status: z.enum(['accepted', 'credited', 'rejected']),
  amount: z.int(),
  currency: z.string(),
  occurredAt: z.string(),
  points: z.int(),
  availableAt: z.string().nullable(),
  refundedAmount: z.int(),
  pointsReversed: z.int(),
  acceptedAt: z.string(),
  creditedAt: z.string().nullable(),
  reason: z.string().optional(),
  breakdown: breakdownView.optional().describe('Once credited: the points by rule, adding up to points'),
});

export const refundItemSchema = z.strictObject({
  sku: z.string().min(1).max(64),
  quantity: z.int().min(1).max(100_000),
  amount: z.int().min(0).max(100_000_000_00),
});

export const refundBody = z
  .strictObject({
    refundId: idSchema,
    purchaseId: idSchema,
    amount: amountFen,
    occurredAt: isoDateTimeSchema,
    items: z
      .array(refundItemSchema)
      .min(1)
      .max(500)
      .optional()
      .describe('The refunded lines: their item-rule and per-unit points are reversed with them'),
  })
  .superRefine(itemsAddUp('refund'));
export type RefundBody = z.output<typeof refundBody>;

export const refundView = z.object({
  refundId: z.string(),
  purchaseId: z.string(),
  amount: z.int(),
  pointsReversed: z.int(),
});

// Activities (POST /v1/members/{memberId}/activities).
export const activityTypes = ['sign_in', 'review', 'share', 'survey'] as const;

export const activityBody = z.strictObject({
  activityId: idSchema,
  type: z.enum(activityTypes),
  occurredAt: isoDateTimeSchema,
  storeId: idSchema
    .optional()
    .describe(
      "The store of the caller's partner where it happened (checked against the store registry when the programme requires it)",
    ),
});
export type ActivityBody = z.output<typeof activityBody>;

export const activityView = z.object({ activityId: z.string(), type: z.string(), points: z.int() });

// The simulator (POST /v1/program/simulate).
export const simulateBody = z
  .strictObject({
    memberId: idSchema.optional().describe('Simulate for this member as they are now'),
    tier: z
      .string()
      .min(1)
      .max(32)
      .optional()
      .describe('Or for a member of this tier: no purchase that day, not a first purchase, no birthday'),
    purchase: z
      .strictObject({
        partnerId: idSchema
          .optional()
          .describe("The store's partner (admin keys; other keys simulate at their own partner's stores)"),
        storeId: idSchema.describe("A store of the partner (the caller's own unless partnerId says)"),
        occurredAt: isoDateTimeSchema,
        currency: z.string().regex(/^[A-Z]{3}$/, 'An ISO 4217 code such as CNY.'),
        amount: z.int().min(1).max(100_000_000_00),
        items: z.array(purchaseItemSchema).max(500).optional(),
      })
      .superRefine(itemsAddUp('purchase')),
    programVersion: z.int().min(1).optional().describe('A published version, instead of the one in force'),
    draft: z
      .record(z.string(), z.unknown())
      .optional()
      .describe(
        'A programme body, validated as PUT /v1/program validates it, instead of a published version',
      ),
  })
  .refine((body) => body.memberId === undefined || body.tier === undefined, {
    path: ['tier'],
    message: 'Name a member or a tier, not both.',
  })
  .refine((body) => body.programVersion === undefined || body.draft === undefined, {
    path: ['draft'],
    message: 'Send a draft or a programVersion, not both.',
  });
export type SimulateBody = z.output<typeof simulateBody>;

export const simulateView = z.object({
  points: z.int(),
  breakdown: breakdownView,
  qualifyingSpend: z.object({ amount: z.int().describe('Minor units (fen)'), currency: z.string() }),
  programVersion: z.int().describe('The version the answer is under (the draft would be this number)'),
});
