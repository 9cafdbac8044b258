/** Schemas of adjustments: a signed number of points with a reason, approved by a second key above a threshold. */
import * as z from 'zod';
import { idSchema } from '../../core/schemas.js';
import { adjustmentReasons, adjustmentStatuses } from '../../domain/adjustments.js';

export const adjustmentBody = z.strictObject({
  adjustmentId: idSchema.describe('Your id of this adjustment: the same id and body again changes nothing'),
  points: z
    .int()
    .min(-1_000_000_000)
    .max(1_000_000_000)
    .refine((points) => points !== 0, 'Points must not be zero.')
    .describe('+ credit, − debit'),
  reason: z.enum(adjustmentReasons),
  note: z.string().max(500).optional().describe('For the service desk; never shown to the member'),
});
export type AdjustmentBody = z.output<typeof adjustmentBody>;

const actorView = z.object({ partnerId: z.string(), keyId: z.string() });

export const adjustmentView = z.object({
  adjustmentId: z.string(),
  memberId: z.string(),
  points: z.int(),
  reason: z.enum(adjustmentReasons),
  note: z.string().nullable(),
  status: z.enum(adjustmentStatuses),
  requestedBy: actorView.describe('The key that asked for it'),
  approvedBy: actorView
    .optional()
    .describe('The other key that approved it (adjustments above the threshold)'),
  rejectedBy: actorView.optional(),
  createdAt: z.string(),
  decidedAt: z.string().nullable().describe('When it was approved or rejected'),
  transactionId: z.string().nullable().describe('Its ledger entry (type adjust), once applied'),
});

export const adjustmentListQuery = z.object({
  status: z
    .enum(adjustmentStatuses)
    .optional()
    .describe('Only these; without it: pending first, then applied, then rejected, each newest first'),
});
