/** Schemas of the operator's exports: every member, every ledger entry of a period, in pages. */
import * as z from 'zod';
import { isoDateTimeSchema, moneySchema } from '../../core/schemas.js';

export const maxExportPage = 1000;

const exportPaging = {
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(maxExportPage)
    .default(100)
    .describe('Items per page (a page may hold fewer; follow nextCursor until it is null)'),
  cursor: z.string().min(1).max(2048).optional(),
};

export const exportMembersQuery = z.object(exportPaging);

export const exportLedgerQuery = z.object({
  from: isoDateTimeSchema.optional().describe('Entries recorded from this instant (default: the beginning)'),
  to: isoDateTimeSchema.optional().describe('Until this instant, exclusive (default: now)'),
  ...exportPaging,
});

export const memberExportView = z.object({
  memberId: z.string(),
  status: z.enum(['active', 'erased']),
  name: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  birthday: z.string().nullable(),
  locale: z.string().nullable(),
  marketingConsent: z.boolean(),
  enrolledAt: z.string(),
  tier: z.object({ code: z.string(), since: z.string() }),
  points: z.object({ available: z.int(), pending: z.int(), held: z.int() }),
  value: moneySchema.describe('What the available points are worth when paying with them (fen)'),
  qualifyingSpend: moneySchema.describe('Trailing 12 months (fen)'),
  expiring: z.array(z.object({ points: z.int(), expiresOn: z.string() })),
});

export const ledgerExportView = z.object({
  transactionId: z.string(),
  memberId: z.string(),
  type: z.string(),
  points: z.int(),
  value: moneySchema.describe('The points’ value when paying with them (fen), signed'),
  createdAt: z.string(),
  occurredAt: z.string(),
  reference: z.string(),
  description: z.string(),
});
