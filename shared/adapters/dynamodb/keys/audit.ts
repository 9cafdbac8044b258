/** The audit log's items: a partition per UTC month (`AUDIT#<YYYY-MM>`), sorted by `<at>#<auditId>`. */
import type { AuditEntry } from '../../../domain/audit.js';
import { ifAbsent, inRange } from './table.js';

/** The audit log's partition of a UTC month (`YYYY-MM`). */
export const auditPartition = (month: string) => `AUDIT#${month}`;

/** An audit entry as stored: one partition per UTC month, sorted by time. */
export function auditItem(entry: AuditEntry) {
  return {
    pk: auditPartition(entry.at.slice(0, 7)),
    sk: `${entry.at}#${entry.auditId}`,
    type: 'audit',
    ...entry,
  };
}

/** A month's entries between two instants (ISO strings, both included), with `values` of a filter. */
export const auditMonthQuery = (
  month: string,
  fromIso: string,
  toIso: string,
  values: Record<string, unknown>,
) => inRange(auditPartition(month), fromIso, toIso, values);

/** A Put of each audit entry, for a TransactWriteItems that also performs the act. */
export function auditPuts(table: string, entries: readonly AuditEntry[] = []) {
  return entries.map((entry) => ({
    Put: { TableName: table, Item: auditItem(entry), ConditionExpression: ifAbsent },
  }));
}
