import * as z from 'zod';
import { ErrorCode } from './errors.js';

/** Identifiers chosen by callers: member ids, partner ids, operation ids. */
export const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Use 1-64 letters, digits, "_" or "-".');

export const isoDateTimeSchema = z.iso.datetime({ offset: true });

export const isoDateSchema = z.iso.date();

export const moneySchema = z.strictObject({
  amount: z.int(),
  currency: z.string().regex(/^[A-Z]{3}$/),
});

/** RFC 9457 problem details, the body of every error; the OpenAPI document's `Problem` component. */
export const problemSchema = z
  .object({
    type: z.string().describe('A URI naming the kind of problem: https://jifen.dev/problems/<code>'),
    title: z.string().describe('A short summary of the kind of problem'),
    status: z.int().min(400).max(599).describe('The HTTP status'),
    code: z.enum(ErrorCode).describe('The stable machine-readable code; new codes may be added'),
    detail: z.string().optional().describe('What went wrong with this request, for a person'),
    instance: z.string().optional().describe('The request id, also in the logs'),
    errors: z
      .array(
        z.object({ path: z.string().describe('The bad field, dotted: items.0.sku'), message: z.string() }),
      )
      .optional()
      .describe('With validation_failed: each bad field'),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details (application/problem+json)' });

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
