/** Schemas of the operator's operations: job runs, reports and dead letters. */
import * as z from 'zod';
import { idSchema, isoDateTimeSchema } from '../../core/schemas.js';
import { auditActions } from '../../domain/audit.js';

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

export const ledgerCheckView = z.object({
  ok: z.boolean(),
  membersChecked: z.int(),
  mismatches: z.array(z.object({}).loose()),
});
