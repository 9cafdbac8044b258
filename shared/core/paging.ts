import * as z from 'zod';
import { ValidationFailed } from './errors.js';
import { parse } from './validate.js';

export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(2048).optional(),
});

export interface PageRequest {
  readonly limit: number;
  /** An opaque position returned as `nextCursor` by the previous page. */
  readonly cursor?: Record<string, unknown>;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

export function encodeCursor(position: Record<string, unknown> | undefined): string | null {
  return position ? Buffer.from(JSON.stringify(position), 'utf8').toString('base64url') : null;
}

export function pageRequestOf(query: Readonly<Record<string, string | undefined>>): PageRequest {
  const { limit, cursor } = parse(pageQuerySchema, { limit: query.limit, cursor: query.cursor }, 'The query');
  if (cursor === undefined) return { limit };
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (decoded && typeof decoded === 'object' && !Array.isArray(decoded)) {
      return { limit, cursor: decoded as Record<string, unknown> };
    }
  } catch {
    // fall through to the validation error
  }
  throw new ValidationFailed([{ path: 'cursor', message: 'Not a cursor returned by this API.' }]);
}
