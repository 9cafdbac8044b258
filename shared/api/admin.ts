/** Schemas of the operator's operations: job runs, reports and dead letters. */
import * as z from 'zod';
import { auditActions } from '../domain/audit.js';
import { idSchema, isoDateTimeSchema } from './common.js';

export const startJobBody = z.strictObject({
  asOf: isoDateTimeSchema.optional().describe('Run as of this instant (backfill); default now'),
  period: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'A month, YYYY-MM.')
    .optional(),
});

export const jobRunView = z.object({
  runId: z.string(),
  job: z.string(),
  status: z.enum(['running', 'succeeded', 'failed']),
  asOf: z.string(),
  period: z.string().nullable(),
  processed: z.int(),
  failed: z.int(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
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

export const deadLetterStateView = z.object({
  queue: z.string(),
  waiting: z.int().describe('Messages waiting in the dead-letter queue (approximate)'),
  lastRedrive: z
    .object({
      status: z.enum(['RUNNING', 'COMPLETED', 'CANCELLING', 'CANCELLED', 'FAILED']),
      moved: z.int(),
      toMove: z.int(),
      startedAt: z.string(),
      failureReason: z.string().nullable(),
    })
    .nullable(),
});

export const auditQuery = z.object({
  from: isoDateTimeSchema.optional().describe('From this instant (default: 90 days before `to`)'),
  to: isoDateTimeSchema.optional().describe('Until this instant, exclusive (default: now)'),
  action: z.enum(auditActions).optional(),
  partnerId: idSchema.optional().describe('Acts by keys of this partner'),
});

export const auditEntryView = z.object({
  auditId: z.string(),
  at: z.string(),
  actor: z.object({ partnerId: z.string(), keyId: z.string() }),
  action: z.enum(auditActions),
  target: z.string(),
  detail: z.record(z.string(), z.unknown()),
});

export const jobRunListView = z.object({ items: z.array(jobRunView) });
