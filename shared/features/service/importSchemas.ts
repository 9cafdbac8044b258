/** Schemas of bulk imports: members with opening balances, fed in chunks of rows. */
import * as z from 'zod';
import { idSchema, isoDateSchema, isoDateTimeSchema } from '../../core/schemas.js';
import { enrolMemberBody } from '../members/schemas.js';

/** An instant with its offset, or a day (`YYYY-MM-DD`: 00:00 of that day in the programme's time zone). */
const instantOrDay = z.union([isoDateTimeSchema, isoDateSchema]);

export const maxRowsPerChunk = 1000;
export const maxBalancesPerRow = 50;

export const createImportBody = z.strictObject({
  importId: idSchema.describe('Your id of this import; rows are sent to it in chunks'),
  options: z
    .strictObject({
      enrolmentBonus: z.boolean().default(false).describe("Credit the programme's enrolment bonus"),
      welcomeEmail: z.boolean().default(false).describe('Send the welcome email to members with an email'),
    })
    .optional(),
});
export type CreateImportBody = z.output<typeof createImportBody>;

/** One member of the file, with the row number that names it in errors and makes it idempotent. */
export const importRowSchema = z.strictObject({
  row: z
    .int()
    .min(1)
    .max(999_999_999)
    .optional()
    .describe(
      'The row number in the file (1 = first member); absent: its position in the import (the rows sent without a number, in the order they arrive). Send numbers to make resending a chunk change nothing',
    ),
  memberId: idSchema,
  name: enrolMemberBody.shape.name,
  email: enrolMemberBody.shape.email,
  phone: enrolMemberBody.shape.phone,
  birthday: enrolMemberBody.shape.birthday,
  locale: enrolMemberBody.shape.locale,
  marketingConsent: enrolMemberBody.shape.marketingConsent,
  enrolledAt: instantOrDay.describe('When the member joined the old programme'),
  tier: z
    .string()
    .regex(/^[a-z0-9_-]{1,32}$/)
    .optional()
    .describe('A tier code of the programme; kept until the next monthly tier review'),
  qualifyingSpend: z
    .int()
    .min(0)
    .max(1_000_000_000_000)
    .optional()
    .describe('Qualifying spend over the trailing 12 months, in fen'),
  lastPurchaseAt: instantOrDay
    .optional()
    .describe('The last purchase, for the tier review’s inactivity rule'),
  balances: z
    .array(
      z.strictObject({
        points: z.int().min(1).max(1_000_000_000),
        earnedAt: instantOrDay.describe('Expiry counts from here, by the programme’s policy'),
      }),
    )
    .max(maxBalancesPerRow)
    .optional()
    .describe('Opening balances, one lot each'),
});
export type ImportRow = z.output<typeof importRowSchema>;

/** The chunk is checked for its shape only; each row is checked alone and a bad row fails alone. */
export const importRowsBody = z.strictObject({
  rows: z
    .array(z.looseObject({ row: z.int().min(1).max(999_999_999).optional() }))
    .min(1)
    .max(maxRowsPerChunk)
    .refine((rows) => {
      const numbers = rows.flatMap((row) => (row.row === undefined ? [] : [row.row]));
      return new Set(numbers).size === numbers.length;
    }, 'Row numbers must be unique.')
    .describe('Rows as importRow describes them (validated one by one)'),
});

/** The same chunk as the API describes it: each row an importRow (what clients should send). */
export const importRowsDocument = z.strictObject({
  rows: z
    .array(importRowSchema)
    .min(1)
    .max(maxRowsPerChunk)
    .describe('Rows, each validated alone: a bad row fails alone'),
});

export const importErrorView = z.object({
  row: z.int(),
  memberId: z.string().nullable(),
  code: z.string().describe('validation_failed, member_exists, idempotency_conflict, …'),
  detail: z.string(),
});

export const importView = z.object({
  importId: z.string(),
  status: z.enum(['open', 'completed']),
  options: z.object({ enrolmentBonus: z.boolean(), welcomeEmail: z.boolean() }),
  rows: z.object({
    received: z.int().describe('Distinct rows received: imported + failed'),
    imported: z.int(),
    failed: z.int().describe('Rows whose last attempt failed (see …/errors)'),
  }),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
});

export const importRowsResult = z.object({
  received: z.int().describe('Rows in this request'),
  imported: z.int().describe('Rows this request imported'),
  alreadyImported: z.int().describe('Rows imported before with the same content: nothing changed'),
  failed: z.int(),
  errors: z.array(importErrorView).describe('The failed rows of this request'),
  unprocessed: z
    .array(z.int())
    .describe('Rows not written within the request’s time budget (the service was busy): send them again'),
});
