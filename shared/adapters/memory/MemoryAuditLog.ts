/** The audit trail in memory: the entries the stores wrote with their acts, newest first, as DynamoAuditLog reads them. */
import { ValidationFailed } from '../../core/errors.js';
import type { AuditLog, AuditQuery } from '../../ports/AuditLog.js';
import { byKey, copy, type MemoryDatabase } from './MemoryDatabase.js';

export class MemoryAuditLog implements AuditLog {
  constructor(private readonly db: MemoryDatabase) {}

  async append(entry: Parameters<AuditLog['append']>[0]) {
    if (this.db.auditTaken([entry])) throw new Error(`Audit entry ${entry.auditId} exists`);
    this.db.putAudit([entry]);
  }

  async list(query: AuditQuery) {
    if (query.cursor && typeof query.cursor.before !== 'string') {
      throw new ValidationFailed([{ path: 'cursor', message: 'Not a cursor of this list.' }]);
    }
    const from = new Date(query.fromMs).toISOString();
    const to = new Date(query.toMs).toISOString();
    const before = query.cursor?.before as string | undefined;
    const matching = [...this.db.audit]
      .filter(([key, entry]) => {
        // As the table's range read over time and audit id, from and to included.
        if (key < from || key > to || (before !== undefined && key >= before)) return false;
        if (query.action && entry.action !== query.action) return false;
        return !query.partnerId || entry.actor.partnerId === query.partnerId;
      })
      .sort(byKey)
      .reverse();
    const page = matching.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map(([, entry]) => copy(entry)),
      next: matching.length > query.limit && last ? { before: last[0] } : undefined,
    };
  }
}
