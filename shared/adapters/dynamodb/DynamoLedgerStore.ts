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
import { OperationKind as Kinds, type OperationKind, type OperationRecord } from '../../core/records.js';
import type { AccountState } from '../../domain/account.js';
import { assertAccount } from '../../domain/invariants.js';
import type { LedgerEntry } from '../../domain/ledgerEntry.js';
import type { ClearingFact, CounterTake, LedgerChange, LedgerStore } from '../../ports/LedgerStore.js';
import { commitRefusal } from '../commitRefusal.js';
import {
  acceptedIndexOf,
  adjustmentIndexOf,
  holdIndexOf,
  listedRecordKinds,
  outboxIndexOf,
} from '../indexes.js';
import { documentClient, putIfAbsent, queryAll, storedAs, tableName } from './documentClient.js';
import {
  accountItem,
  auditPuts,
  clearingFactSortKeyPrefix,
  entryItem,
  entrySortKeyPrefix,
  jobIndexShard,
  memberKeys,
} from './keys.js';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** A bounded counter (a campaign budget shard): `spent` only grows, and never past the take's limit. */
const counterKey = (counter: string) => ({ pk: `COUNTER#${counter}`, sk: 'COUNTER' });

function counterUpdate(table: string, take: CounterTake): TransactItem {
  return {
    Update: {
      TableName: table,
      Key: counterKey(take.counter),
      UpdateExpression: `SET #type = :counter${take.ttlEpochSeconds === undefined ? '' : ', #ttl = :ttl'} ADD spent :take`,
      ConditionExpression: 'attribute_not_exists(spent) OR spent <= :most',
      ExpressionAttributeNames: {
        '#type': 'type',
        ...(take.ttlEpochSeconds === undefined ? {} : { '#ttl': 'ttl' }),
      },
      ExpressionAttributeValues: {
        ':counter': 'counter',
        ':take': take.take,
        ':most': take.limit - take.take,
        ...(take.ttlEpochSeconds === undefined ? {} : { ':ttl': take.ttlEpochSeconds }),
      },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  };
}

/** A settlement fact: its sort key begins `CF#`, which the ledger stream's filter lets through. */
export const clearingFactKey = (fact: Pick<ClearingFact, 'factId' | 'kind'>) => ({
  pk: `FACT#${fact.factId}`,
  sk: `${clearingFactSortKeyPrefix}${fact.kind}`,
});

const recordKey = (kind: OperationKind, scope: string, id: string) => ({
  pk: `${kind}#${scope}#${id}`,
  sk: 'RECORD',
});

/** The record's entries in the secondary indexes (shared/adapters/indexes.ts). */
function indexAttributes(record: OperationRecord) {
  const hold = holdIndexOf(record);
  const outbox = outboxIndexOf(record);
  const adjustment = adjustmentIndexOf(record);
  const accepted = acceptedIndexOf(record);
  return {
    ...(listedRecordKinds.has(record.kind)
      ? { gsi1pk: `${record.kind}#${record.scope}`, gsi1sk: record.id }
      : {}),
    ...(hold ? { gsi1pk: jobIndexShard.holds(hold.shard), gsi1sk: hold.sortKey } : {}),
    ...(outbox ? { gsi1pk: jobIndexShard.outbox(outbox.shard), gsi1sk: outbox.sortKey } : {}),
    ...(adjustment ? { gsi1pk: `${Kinds.adjustment}#${adjustment.status}`, gsi1sk: adjustment.sortKey } : {}),
    ...(accepted
      ? { acceptedShard: jobIndexShard.accepted(accepted.shard), acceptedKey: accepted.sortKey }
      : {}),
  };
}

export function recordItem(record: OperationRecord) {
  return {
    ...recordKey(record.kind, record.scope, record.id),
    type: 'record',
    kind: record.kind,
    scope: record.scope,
    id: record.id,
    status: record.data.status,
    data: record.data,
    ...indexAttributes(record),
    // Short-lived records (member codes) say when DynamoDB may delete them.
    ...('ttlEpochSeconds' in record.data && typeof record.data.ttlEpochSeconds === 'number'
      ? { ttl: record.data.ttlEpochSeconds }
      : {}),
  };
}

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
  const {
    pk: _pk,
    sk: _sk,
    type: _type,
    expiryShard: _expiryShard,
    expiryKey: _expiryKey,
    tierShard: _tierShard,
    tierKey: _tierKey,
    ...account
  } = item;
  return storedAs<AccountState>(account);
}

/** A stored ledger entry item as the domain's entry. */
export function toEntry(item: Record<string, unknown>): LedgerEntry {
  const { pk: _pk, sk: _sk, type: _type, entryType, ...entry } = item;
  return storedAs<LedgerEntry>({ ...entry, type: entryType });
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
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: 'version = :expected',
                ExpressionAttributeValues: { ':expected': expectedVersion },
              }),
        },
      });
    }
    for (const write of change.records) {
      if (write.mode === 'decrement') {
        items.push({
          Update: {
            TableName: this.table,
            Key: recordKey(write.kind, write.scope, write.id),
            UpdateExpression: 'SET #data.#field = #data.#field - :one',
            ConditionExpression: '#data.#field >= :one',
            ExpressionAttributeNames: { '#data': 'data', '#field': write.field },
            ExpressionAttributeValues: { ':one': 1 },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        });
      } else if (write.mode === 'increment') {
        items.push({
          Update: {
            TableName: this.table,
            Key: recordKey(write.kind, write.scope, write.id),
            UpdateExpression: 'SET #data.#field = #data.#field + :one',
            ConditionExpression: 'attribute_type(#data.#field, :number)',
            ExpressionAttributeNames: { '#data': 'data', '#field': write.field },
            ExpressionAttributeValues: { ':one': 1, ':number': 'N' },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        });
      } else {
        items.push({
          Put: {
            TableName: this.table,
            Item: recordItem(write.record),
            ...(write.mode === 'put' ? {} : { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const }),
            ...(write.mode === 'create'
              ? { ConditionExpression: 'attribute_not_exists(pk)' }
              : write.mode === 'put'
                ? {}
                : write.fromFingerprint === undefined
                  ? {
                      ConditionExpression: '#status = :from',
                      ExpressionAttributeNames: { '#status': 'status' },
                      ExpressionAttributeValues: { ':from': write.fromStatus },
                    }
                  : {
                      ConditionExpression: '#status = :from AND #data.#fingerprint = :fingerprint',
                      ExpressionAttributeNames: {
                        '#status': 'status',
                        '#data': 'data',
                        '#fingerprint': write.fingerprintField ?? 'fingerprint',
                      },
                      ExpressionAttributeValues: {
                        ':from': write.fromStatus,
                        ':fingerprint': write.fromFingerprint,
                      },
                    }),
          },
        });
      }
    }
    for (const entry of change.entries) {
      items.push({
        Put: {
          TableName: this.table,
          Item: entryItem(entry),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
    }
    items.push(...auditPuts(this.table, change.audit));
    const countersAt = items.length;
    for (const take of change.counters ?? []) items.push(counterUpdate(this.table, take));
    for (const fact of change.facts ?? []) {
      items.push({
        Put: {
          TableName: this.table,
          Item: { ...clearingFactKey(fact), type: 'clearingFact', ...fact },
          ConditionExpression: 'attribute_not_exists(pk)',
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
        Key: {
          pk: memberKeys.account(memberId).pk,
          sk: `${entrySortKeyPrefix}${createdAt}#${transactionId}`,
        },
        ConsistentRead: true,
      }),
    );
    return Item ? toEntry(Item) : null;
  }

  async entries(memberId: string, limit: number, cursor?: Record<string, unknown>) {
    const pk = memberKeys.account(memberId).pk;
    if (
      cursor &&
      (cursor.pk !== pk || typeof cursor.sk !== 'string' || !cursor.sk.startsWith(entrySortKeyPrefix))
    ) {
      throw new ValidationFailed([{ path: 'cursor', message: 'Not a cursor of this list.' }]);
    }
    const { Items = [], LastEvaluatedKey } = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :tx)',
        ExpressionAttributeValues: { ':pk': pk, ':tx': entrySortKeyPrefix },
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
          KeyConditionExpression: range
            ? 'pk = :pk AND sk BETWEEN :from AND :to'
            : 'pk = :pk AND begins_with(sk, :tx)',
          ExpressionAttributeValues: range
            ? {
                ':pk': memberKeys.account(memberId).pk,
                ':from': `${entrySortKeyPrefix}${range.fromIso}`,
                ':to': `${entrySortKeyPrefix}${range.toIso}`,
              }
            : { ':pk': memberKeys.account(memberId).pk, ':tx': entrySortKeyPrefix },
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
      let keys: Record<string, unknown>[] | undefined = counters.slice(i, i + 100).map(counterKey);
      while (keys && keys.length > 0) {
        const answer: BatchGetCommandOutput = await this.client.send(
          new BatchGetCommand({ RequestItems: { [this.table]: { Keys: keys, ConsistentRead: true } } }),
        );
        for (const item of answer.Responses?.[this.table] ?? []) {
          counts[String(item.pk).slice('COUNTER#'.length)] = Number(item.spent ?? 0);
        }
        keys = answer.UnprocessedKeys?.[this.table]?.Keys;
      }
    }
    return counts;
  }

  async listRecords<K extends OperationKind>(kind: K, scope: string) {
    const items = await queryAll(this.client, {
      TableName: this.table,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': `${kind}#${scope}` },
    });
    return items.map((item) => toRecord<K>(item));
  }
}
