import type { Clock } from '../../core/clock.js';
import { ValidationFailed } from '../../core/errors.js';
import { encodeCursor, type PageRequest } from '../../core/paging.js';
import type { AuditAction } from '../../domain/audit.js';
import type { AuditLog } from '../../ports/AuditLog.js';

const dayMs = 86_400_000;

/** The audit trail over [from, to) (default: the last 90 days), newest first, filtered by action and actor partner. */
export async function listAudit(
  deps: { audit: AuditLog; clock: Clock },
  query: { from?: string; to?: string; action?: AuditAction; partnerId?: string },
  page: PageRequest,
) {
  const toMs = query.to ? Date.parse(query.to) : deps.clock.nowMs() + 1;
  const fromMs = query.from ? Date.parse(query.from) : toMs - 90 * dayMs;
  if (toMs <= fromMs) throw new ValidationFailed([{ path: 'to', message: '`to` must be after `from`.' }]);
  const { items, next } = await deps.audit.list({
    fromMs,
    toMs,
    action: query.action,
    partnerId: query.partnerId,
    limit: page.limit,
    cursor: page.cursor,
  });
  return { items, nextCursor: encodeCursor(next) };
}
