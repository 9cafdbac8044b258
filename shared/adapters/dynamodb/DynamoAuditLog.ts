import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ValidationFailed } from '../../core/errors.js';
import type { AuditEntry } from '../../domain/audit.js';
import { addMonths } from '../../domain/calendar.js';
import type { AuditLog, AuditQuery } from '../../ports/AuditLog.js';
import { documentClient, storedAs, tableName } from './documentClient.js';
import { auditItem, auditMonthQuery, ifAbsent, withoutKeys } from './keys.js';

function toEntry(item: Record<string, unknown>): AuditEntry {
  const { type: _type, ...entry } = withoutKeys(item);
  return storedAs<AuditEntry>(entry);
}

const monthOf = (ms: number) => new Date(ms).toISOString().slice(0, 7);

/** The audit trail in the single table: a partition per UTC month, read newest first across months. */
export class DynamoAuditLog implements AuditLog {
  constructor(
    private readonly client: DynamoDBDocumentClient = documentClient(),
    private readonly table: string = tableName(),
  ) {}

  async append(entry: AuditEntry) {
    await this.client.send(
      new PutCommand({
        TableName: this.table,
        Item: auditItem(entry),
        ConditionExpression: ifAbsent,
      }),
    );
  }

  async list(query: AuditQuery) {
    const from = new Date(query.fromMs).toISOString();
    const to = new Date(query.toMs).toISOString();
    const firstMonth = monthOf(query.fromMs);
    let month = monthOf(query.toMs - 1);
    let start: Record<string, unknown> | undefined;
    if (query.cursor) {
      const { month: cursorMonth, key } = query.cursor as { month?: unknown; key?: unknown };
      if (typeof cursorMonth !== 'string' || !/^\d{4}-\d{2}$/.test(cursorMonth) || typeof key !== 'object') {
        throw new ValidationFailed([{ path: 'cursor', message: 'Not a cursor of this list.' }]);
      }
      month = cursorMonth;
      start = (key ?? undefined) as Record<string, unknown> | undefined;
    }
    const filters: string[] = [];
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    if (query.action) {
      filters.push('#action = :action');
      names['#action'] = 'action';
      values[':action'] = query.action;
    }
    if (query.partnerId) {
      filters.push('#actor.#partnerId = :partnerId');
      names['#actor'] = 'actor';
      names['#partnerId'] = 'partnerId';
      values[':partnerId'] = query.partnerId;
    }
    const items: AuditEntry[] = [];
    while (month >= firstMonth) {
      do {
        const { Items = [], LastEvaluatedKey } = await this.client.send(
          new QueryCommand({
            TableName: this.table,
            ...auditMonthQuery(month, from, to, values),
            ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
            ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
            ScanIndexForward: false,
            Limit: query.limit - items.length,
            ExclusiveStartKey: start,
          }),
        );
        items.push(...Items.map(toEntry));
        start = LastEvaluatedKey;
        if (items.length >= query.limit) {
          // Where the next page starts: the rest of this month, or the month before.
          const next = start
            ? { month, key: start }
            : month > firstMonth
              ? { month: addMonths(month, -1), key: null }
              : undefined;
          return { items, next };
        }
      } while (start);
      month = addMonths(month, -1);
    }
    return { items, next: undefined };
  }
}
