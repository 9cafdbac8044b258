import * as z from 'zod';
import { isoDateTimeSchema } from './common.js';

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
