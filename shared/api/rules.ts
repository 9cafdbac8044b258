/** Schemas of the simulator (POST /v1/program/simulate); breakdowns are in purchases.ts. */
import * as z from 'zod';
import { idSchema, isoDateTimeSchema } from './common.js';
import { breakdownView, itemsAddUp, purchaseItemSchema } from './purchases.js';

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
