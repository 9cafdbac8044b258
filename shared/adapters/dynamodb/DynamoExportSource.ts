import { BatchGetCommand, type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ValidationFailed } from '../../core/errors.js';
import type { AccountState } from '../../domain/account.js';
import type { ExportPage, ExportSource } from '../../ports/ExportSource.js';
import type { MemberProfile } from '../../ports/MemberStore.js';
import { toAccount, toEntry } from './DynamoLedgerStore.js';
import { toProfile } from './DynamoMemberStore.js';
import { documentClient, tableName } from './documentClient.js';
import { isTableCursor, keyOf, memberKeys } from './keys.js';

/** Items a scan request evaluates at most; the filter keeps only the kind being exported. */
const scanPageItems = 1000;
/** A page stops early (with a cursor) rather than run near API Gateway's 30 s. */
const pageBudgetMs = 8000;

function checkCursor(cursor: Record<string, unknown> | undefined) {
  if (cursor && !isTableCursor(cursor)) {
    throw new ValidationFailed([{ path: 'cursor', message: 'Not a cursor of this export.' }]);
  }
}

/**
 * Exports by scanning the single table (one sequential pass; each page resumes after the last
 * item it returned). For programmes too large to page through the API, the README shows a
 * DynamoDB export to S3 and Athena instead.
 */
export class DynamoExportSource implements ExportSource {
  constructor(
    private readonly client: DynamoDBDocumentClient = documentClient(),
    private readonly table: string = tableName(),
  ) {}

  private async scan(
    filter: { expression: string; names: Record<string, string>; values: Record<string, unknown> },
    limit: number,
    cursor: Record<string, unknown> | undefined,
  ): Promise<ExportPage<Record<string, unknown>>> {
    checkCursor(cursor);
    const startedMs = Date.now();
    const items: Record<string, unknown>[] = [];
    let start = cursor;
    do {
      const { Items = [], LastEvaluatedKey } = await this.client.send(
        new ScanCommand({
          TableName: this.table,
          FilterExpression: filter.expression,
          ExpressionAttributeNames: filter.names,
          ExpressionAttributeValues: filter.values,
          Limit: scanPageItems,
          ExclusiveStartKey: start,
        }),
      );
      if (items.length + Items.length > limit) {
        // Keep what fits; the next page resumes right after the last item kept.
        const kept = Items.slice(0, limit - items.length);
        items.push(...kept);
        const last = kept.at(-1)!;
        return { items, next: keyOf(last) };
      }
      items.push(...Items);
      start = LastEvaluatedKey;
    } while (start && items.length < limit && Date.now() - startedMs < pageBudgetMs);
    return { items, next: start };
  }

  async members(limit: number, cursor?: Record<string, unknown>) {
    const page = await this.scan(
      {
        expression: '#type = :account',
        names: { '#type': 'type' },
        values: { ':account': 'memberAccount' },
      },
      limit,
      cursor,
    );
    const accounts = page.items.map(toAccount);
    const profiles = new Map<string, MemberProfile>();
    for (let i = 0; i < accounts.length; i += 100) {
      let keys: Record<string, unknown>[] = accounts
        .slice(i, i + 100)
        .map((account) => memberKeys.profile(account.memberId));
      while (keys.length > 0) {
        const { Responses = {}, UnprocessedKeys = {} } = await this.client.send(
          new BatchGetCommand({ RequestItems: { [this.table]: { Keys: keys } } }),
        );
        for (const item of Responses[this.table] ?? []) {
          profiles.set(String(item.memberId), toProfile(item));
        }
        keys = (UnprocessedKeys[this.table]?.Keys ?? []) as Record<string, unknown>[];
      }
    }
    return {
      items: accounts.map((account: AccountState) => ({
        account,
        profile: profiles.get(account.memberId) ?? null,
      })),
      next: page.next,
    };
  }

  async entries(range: { fromIso: string; toIso: string }, limit: number, cursor?: Record<string, unknown>) {
    const page = await this.scan(
      {
        expression: '#type = :entry AND createdAt >= :from AND createdAt < :to',
        names: { '#type': 'type' },
        values: { ':entry': 'entry', ':from': range.fromIso, ':to': range.toIso },
      },
      limit,
      cursor,
    );
    return { items: page.items.map(toEntry), next: page.next };
  }
}
