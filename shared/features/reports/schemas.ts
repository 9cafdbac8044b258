/** Schemas of the reports read from the daily aggregates (CONTRACT §5.4). */
import * as z from 'zod';
import { idSchema, isoDateTimeSchema, moneySchema } from '../../core/schemas.js';

const daySchema = z.iso.date().describe('A programme day, YYYY-MM-DD');
const monthSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'A month, YYYY-MM.')
  .describe('A programme month, YYYY-MM');

export const dailyQuery = z
  .object({
    from: daySchema.describe('First day, YYYY-MM-DD (programme time zone)'),
    to: daySchema.describe('Last day, included; at most 366 days after `from`'),
    partnerId: idSchema
      .optional()
      .describe('Only what this partner’s keys did (new members: those it enrolled)'),
    storeId: idSchema
      .optional()
      .describe('Only what happened at this store of `partnerId` (a store id is read within its partner)'),
  })
  .refine((query) => query.storeId === undefined || query.partnerId !== undefined, {
    path: ['partnerId'],
    message: 'A store is read within its partner: name the partnerId with the storeId.',
  });

export const dailyRowView = z.object({
  date: z.string(),
  purchases: z.int().describe('Purchases credited that day'),
  spend: moneySchema.describe('Their amounts'),
  points: z.object({
    issued: z.int().describe('Purchases, bonuses and activities'),
    redeemed: z.int().describe('Spent on rewards and payments, net of voided holds and reversed redemptions'),
    expired: z.int(),
    reversed: z.int().describe('Taken back by refunds'),
    adjusted: z.int().describe('Signed'),
    net: z
      .int()
      .describe('The change of the outstanding points: issued − redeemed − expired − reversed + adjusted'),
  }),
  members: z.object({ new: z.int().describe('Enrolled that day (by the partner, with `partnerId`)') }),
  redemptions: z.int().describe('Redemptions that day, net of voided and reversed ones'),
  rewards: z.record(z.string(), z.int()).describe('Redemptions by reward (net)'),
});

export const dailyReportView = z.object({ items: z.array(dailyRowView) });

export const liabilityView = z.object({
  points: z.int().describe('Outstanding points: every member’s balance (available and pending, less debt)'),
  value: moneySchema.describe('Their value at the redemption rate (payments.pointsPerYuan)'),
  expiring: z
    .array(z.object({ month: z.string(), points: z.int() }))
    .describe(
      'Points (available and pending) by the month they expire, this month and the next 11; this month includes points past their date that the expiry job has not removed yet',
    ),
  later: z.int().describe('Points expiring after those 12 months'),
  never: z.int().describe('Points that never expire'),
  debt: z.int().describe('Points owed by members whose refunds took back points already spent'),
});

export const settlementQuery = z.object({ period: monthSchema });

const pointsValue = z.object({ points: z.int(), value: moneySchema });

const netOfLine = moneySchema.describe(
  'value(redeemed) − value(issued): above zero the clearing house pays the line, below zero the line pays it',
);

export const settlementView = z.object({
  period: z.string(),
  partners: z.array(
    z.object({
      partnerId: z.string(),
      issued: pointsValue.describe('Points credited at its stores, less those its refunds took back'),
      redeemed: pointsValue
        .extend({
          programmeCoupons: moneySchema.describe(
            "The programme's own coupons (birthday gifts) its tills took: part of `value`, paid by the programme",
          ),
        })
        .describe('Points spent at its stores; `value` also counts the programme coupons taken there'),
      net: netOfLine,
    }),
  ),
  clearing: z
    .array(
      z.object({
        line: z
          .enum(['adjustments', 'opening_balances', 'programme_coupons', 'unattributed', 'breakage', 'float'])
          .describe(
            '`adjustments` desk credits (issued) and debits (redeemed); `opening_balances` imported balances; `programme_coupons` coupons the programme issued (value); `unattributed` points moved without a partner otherwise; `breakage` expired points; `float` what the programme holds for what is outstanding (its points: the growth of outstanding points), balancing every other line',
          ),
        issued: pointsValue,
        redeemed: pointsValue,
        net: netOfLine,
      }),
    )
    .describe(
      "The programme's lines as clearing house: with the partners' nets they sum to zero, to the fen",
    ),
});

export const segmentsView = z.object({
  asOf: z.string().describe('When the members were scored (before the first run: now, with no segments)'),
  runId: z.string().nullable(),
  segments: z.record(z.string(), z.int()),
});

export const repurchaseQuery = z.object({ period: monthSchema });

export const repurchaseView = z.object({
  period: z.string(),
  buyers: z.int().describe('Members with a purchase credited in the month'),
  returning: z.int().describe('Buyers who had bought before the month'),
  repeat: z.int().describe('Buyers with two or more purchases in the month'),
  repurchasers: z.int().describe('Buyers who bought again: before the month or a second time in it'),
  rate: z.number().describe('repurchasers / buyers, to four places'),
});

/** The report's period [from, to); other query parameters are ignored, as on every GET. */
export const summaryQuery = z.object({
  from: isoDateTimeSchema,
  to: isoDateTimeSchema,
});

export const summaryReportView = z.object({
  from: z.string(),
  to: z.string(),
  days: z
    .object({ from: z.string(), to: z.string() })
    .describe('The programme days the period touches, both included: the report counts whole days'),
  members: z.object({
    total: z.int(),
    new: z.int().describe('Enrolled in the period'),
    active: z
      .int()
      .describe(
        'Whose latest ledger entry other than expiry is in the period: for a period up to now, the members active in it',
      ),
  }),
  points: z.object({
    issued: z.int(),
    redeemed: z.int().describe('Net of voided holds and reversed redemptions'),
    expired: z.int(),
    reversed: z.int().describe('Taken back by refunds'),
    outstanding: z.int().describe('Every member’s balance now'),
  }),
  liability: z.object({ amount: z.int().describe('Minor units (fen)'), currency: z.string() }),
  redemptionRate: z.number().describe('redeemed / issued, to four places'),
  tiers: z.record(z.string(), z.int()),
});
