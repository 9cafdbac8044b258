import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { ValidationFailed } from '../../core/errors.js';
import type { OperationKind, OperationRecord } from '../../core/records.js';
import type { AccountState } from '../../domain/account.js';
import { assertAccount } from '../../domain/invariants.js';
import type { LedgerEntry } from '../../domain/ledgerEntry.js';
import type { LedgerChange, LedgerStore } from '../../ports/LedgerStore.js';
import { commitRefusal } from '../commitRefusal.js';
import { documentClient, putIfAbsent, queryAll, storedAs, tableName } from './documentClient.js';
import {
  accountAttributes,
  accountItem,
  auditPuts,
  boundedCounterKey,
  boundedCounterOfItem,
  clearingFactKey,
  entryAttributes,
  entryItem,
  entryKeys,
  ifAbsent,
  memberKeys,
  recordItem,
  recordKey,
  recordListings,
} from './keys.js';
import { counterTake, recordWrite } from './ledgerWrites.js';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** A stored record item as the record of its kind: the data is what was written under that key. */
export function toRecord<K extends OperationKind>(item: Record<string, unknown>): OperationRecord<K> {
  return {
    kind: item.kind,
    scope: String(item.scope),
    id: String(item.id),
    data: item.data,
  } as OperationRecord<K>;
}

export function toAccount(item: Record<string, unknown>): AccountState {
  return storedAs<AccountState>(accountAttributes(item));
}

/** A stored ledger entry item as the domain's entry. */
export function toEntry(item: Record<string, unknown>): LedgerEntry {
  return storedAs<LedgerEntry>(entryAttributes(item));
}

export class DynamoLedgerStore implements LedgerStore {
  constructor(
    private readonly client: DynamoDBDocumentClient = documentClient(),
    private readonly table: string = tableName(),
  ) {}

  async getAccount(memberId: string) {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.table, Key: memberKeys.account(memberId), ConsistentRead: true }),
    );
    return Item ? toAccount(Item) : null;
  }

  async getRecord<K extends OperationKind>(kind: K, scope: string, id: string) {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.table, Key: recordKey(kind, scope, id), ConsistentRead: true }),
    );
    return Item ? toRecord<K>(Item) : null;
  }

  async createRecord<K extends OperationKind>(record: OperationRecord<K>) {
    const existing = await putIfAbsent(this.client, this.table, recordItem(record));
    return existing ? { created: false, record: toRecord<K>(existing) } : { created: true, record };
  }

  async putRecord(record: OperationRecord) {
    await this.client.send(new PutCommand({ TableName: this.table, Item: recordItem(record) }));
  }

  async commit(change: LedgerChange) {
    // The invariants before any write: an account that breaks one is a bug, refused whole.
    for (const { next } of change.accounts) assertAccount(next);
    const items: TransactItem[] = [];
    for (const { next, expectedVersion } of change.accounts) {
      items.push({
        Put: {
          TableName: this.table,
          Item: accountItem(next),
          ...(expectedVersion < 0
            ? { ConditionExpression: ifAbsent }
            : {
                ConditionExpression: 'version = :expected',
                ExpressionAttributeValues: { ':expected': expectedVersion },
              }),
        },
      });
    }
    for (const write of change.records) items.push(recordWrite(this.table, write));
    for (const entry of change.entries) {
      items.push({
        Put: {
          TableName: this.table,
          Item: entryItem(entry),
          ConditionExpression: ifAbsent,
        },
      });
    }
    items.push(...auditPuts(this.table, change.audit));
    const countersAt = items.length;
    for (const take of change.counters ?? []) items.push(counterTake(this.table, take));
    for (const fact of change.facts ?? []) {
      items.push({
        Put: {
          TableName: this.table,
          Item: { ...clearingFactKey(fact), type: 'clearingFact', ...fact },
          ConditionExpression: ifAbsent,
        },
      });
    }
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      throw this.translateCancellation(change, error, countersAt);
    }
  }

  /** Maps the cancellation reasons, in item order, to the ledger's errors (replays first). */
  private translateCancellation(
    change: LedgerChange,
    error: TransactionCanceledException,
    countersAt: number,
  ): Error {
    const reasons = error.CancellationReasons ?? [];
    const accountCount = change.accounts.length;
    const records = new Map<number, OperationRecord | null>();
    for (const index of change.records.keys()) {
      const reason = reasons[accountCount + index];
      if (reason?.Code !== 'ConditionalCheckFailed') continue;
      records.set(index, reason.Item ? toRecord(unmarshall(reason.Item as never)) : null);
    }
    // A counter with less room than assumed: what it had counted, to recompute with.
    const counters: Record<string, number> = {};
    for (const [index, take] of (change.counters ?? []).entries()) {
      const reason = reasons[countersAt + index];
      if (reason?.Code !== 'ConditionalCheckFailed') continue;
      const item = reason.Item ? unmarshall(reason.Item as never) : {};
      counters[take.counter] = Number(item.spent ?? 0);
    }
    const accountMoved = reasons
      .slice(0, accountCount)
      .some((reason) => reason?.Code === 'ConditionalCheckFailed' || reason?.Code === 'TransactionConflict');
    const conflicted = reasons.some((reason) => reason?.Code === 'TransactionConflict');
    return commitRefusal(change, { records, counters, accountMoved, conflicted }) ?? error;
  }

  async getEntry(memberId: string, createdAt: string, transactionId: string) {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.table,
        Key: memberKeys.entry(memberId, createdAt, transactionId),
        ConsistentRead: true,
      }),
    );
    return Item ? toEntry(Item) : null;
  }

  async entries(memberId: string, limit: number, cursor?: Record<string, unknown>) {
    if (cursor && !entryKeys.isCursor(memberId, cursor)) {
      throw new ValidationFailed([{ path: 'cursor', message: 'Not a cursor of this list.' }]);
    }
    const { Items = [], LastEvaluatedKey } = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        ...entryKeys.all(memberId),
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: cursor,
      }),
    );
    return { items: Items.map(toEntry), next: LastEvaluatedKey };
  }

  async *allEntries(memberId: string, range?: { fromIso: string; toIso: string }) {
    let start: Record<string, unknown> | undefined;
    do {
      const { Items = [], LastEvaluatedKey } = await this.client.send(
        new QueryCommand({
          TableName: this.table,
          ...(range ? entryKeys.between(memberId, range.fromIso, range.toIso) : entryKeys.all(memberId)),
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of Items) yield toEntry(item);
      start = LastEvaluatedKey;
    } while (start);
  }

  async *scanAccounts(part?: { index: number; of: number }) {
    let start: Record<string, unknown> | undefined;
    do {
      const { Items = [], LastEvaluatedKey } = await this.client.send(
        new ScanCommand({
          TableName: this.table,
          ...(part ? { Segment: part.index, TotalSegments: part.of } : {}),
          FilterExpression: '#type = :account',
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: { ':account': 'memberAccount' },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      if (Items.length > 0) yield Items.map(toAccount);
      start = LastEvaluatedKey;
    } while (start);
  }

  async readCounters(counters: readonly string[]) {
    const counts: Record<string, number> = Object.fromEntries(counters.map((counter) => [counter, 0]));
    for (let i = 0; i < counters.length; i += 100) {
      let keys: Record<string, unknown>[] | undefined = counters.slice(i, i + 100).map(boundedCounterKey);
      while (keys && keys.length > 0) {
        const answer: BatchGetCommandOutput = await this.client.send(
          new BatchGetCommand({ RequestItems: { [this.table]: { Keys: keys, ConsistentRead: true } } }),
        );
        for (const item of answer.Responses?.[this.table] ?? []) {
          counts[boundedCounterOfItem(item)] = Number(item.spent ?? 0);
        }
        keys = answer.UnprocessedKeys?.[this.table]?.Keys;
      }
    }
    return counts;
  }

  async listRecords<K extends OperationKind>(kind: K, scope: string) {
    const items = await queryAll(this.client, {
      TableName: this.table,
      ...recordListings.catalogue(kind, scope),
    });
    return items.map((item) => toRecord<K>(item));
  }
}
