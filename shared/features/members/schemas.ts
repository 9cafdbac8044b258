import * as z from 'zod';
import { idSchema, isoDateSchema, moneySchema } from '../../core/schemas.js';
import { breakdownView } from '../purchases/schemas.js';

export const localeSchema = z.enum(['zh-CN', 'en']);

const email = z.email().max(254);
const phone = z.string().regex(/^\+?[0-9][0-9 -]{5,19}$/, 'A phone number of 6-20 digits.');
const name = z.string().trim().min(1).max(100);

export const enrolMemberBody = z.strictObject({
  memberId: idSchema,
  email: email.optional(),
  phone: phone.optional(),
  name: name.optional(),
  birthday: isoDateSchema.optional(),
  locale: localeSchema.optional(),
  marketingConsent: z.boolean().optional(),
  referrerId: idSchema.optional(),
});
export type EnrolMemberBody = z.output<typeof enrolMemberBody>;

/** Only profile fields may change; points, tier and status are not fields of this body, so they are refused. */
export const updateMemberBody = z
  .strictObject({
    email: email.nullable().optional(),
    phone: phone.nullable().optional(),
    name: name.nullable().optional(),
    birthday: isoDateSchema
      .nullable()
      .optional()
      .describe('Once set, changing or removing it needs members:identity (audited member.birthday_changed)'),
    locale: localeSchema.optional(),
    marketingConsent: z.boolean().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'Name at least one field to change.');
export type UpdateMemberBody = z.output<typeof updateMemberBody>;

export const memberView = z.object({
  memberId: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  birthday: z.string().nullable(),
  locale: localeSchema,
  marketingConsent: z.boolean(),
  status: z.enum(['active', 'erased']),
  createdAt: z.string(),
  tier: z.object({ code: z.string(), name: z.string(), since: z.string() }),
  nextTier: z.object({ code: z.string(), name: z.string(), spendNeeded: moneySchema }).nullable(),
  qualifyingSpend: moneySchema,
  discountRate: z.number(),
  points: z.object({
    available: z.int(),
    pending: z.int(),
    held: z.int().describe('Reserved by payment holds not yet captured or voided; not in `available`'),
    expiring: z.array(z.object({ points: z.int(), expiresAt: z.string() })),
  }),
  segment: z
    .enum(['champions', 'loyal', 'potential', 'new', 'at_risk', 'hibernating'])
    .nullable()
    .describe('The RFM segment of the last monthly segments run; null before the member was first scored'),
});
export type MemberView = z.output<typeof memberView>;

export const issueMemberCodeBody = z.strictObject({
  channel: z
    .enum(['app', 'email'])
    .default('app')
    .describe('app: the code is answered (valid 60 s); email: it is sent to the member (valid 5 minutes)'),
});

export const memberCodeView = z.object({
  code: z.string().optional().describe('18 digits; only for the app channel'),
  expiresAt: z.string(),
});

/** A ledger entry of the member's history (GET /v1/members/{memberId}/transactions). */
export const transactionView = z.object({
  transactionId: z
    .string()
    .describe('For another partner’s entry an opaque id (`tx_…`) that names no operation of that partner'),
  type: z.enum(['earn', 'bonus', 'activity', 'redeem', 'hold', 'release', 'reversal', 'expire', 'adjust']),
  points: z.int().describe('Signed: + credit, − debit'),
  createdAt: z.string(),
  occurredAt: z.string(),
  partner: z
    .literal('other')
    .optional()
    .describe(
      'Present on another partner’s entries (read through a partner’s key): they carry no reference, description, store, amount or breakdown',
    ),
  reference: z
    .string()
    .optional()
    .describe('The operation, e.g. `purchase:P-1001`; absent on another partner’s entries'),
  description: z.string().optional().describe('Absent on another partner’s entries'),
  reverses: z.string().optional(),
  pendingUntil: z.string().optional(),
  breakdown: breakdownView.optional().describe('For purchase earnings: the points by rule'),
});

export const unsubscribeQuery = z.object({
  token: z.string().describe('The signed token of the email’s link'),
});
