import * as z from 'zod';
import { idSchema, isoDateTimeSchema } from './common.js';

export const activityTypes = ['sign_in', 'review', 'share', 'survey'] as const;

export const activityBody = z.strictObject({
  activityId: idSchema,
  type: z.enum(activityTypes),
  occurredAt: isoDateTimeSchema,
  storeId: idSchema
    .optional()
    .describe(
      "The store of the caller's partner where it happened (checked against the store registry when the programme requires it)",
    ),
});
export type ActivityBody = z.output<typeof activityBody>;

export const activityView = z.object({ activityId: z.string(), type: z.string(), points: z.int() });
