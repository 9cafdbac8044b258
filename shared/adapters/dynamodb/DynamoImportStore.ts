import { setTimeout as sleep } from 'node:timers/promises';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { ValidationFailed } from '../../core/errors.js';
import type { AuditEntry } from '../../domain/audit.js';
import {
  type ImportedMember,
  type ImportJob,
  type ImportMemberOutcome,
  ImportStatus,
  type ImportStore,
  type RowFailure,
} from '../../ports/ImportStore.js';
import { documentClient, putIfAbsentAudited, queryAll, tableName } from './documentClient.js';
import { classify, FailureStatus, memberItems } from './importWrites.js';
import { auditPuts, ifPresent, importKeys, importRowShards } from './keys.js';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** DynamoDB's limit of items in one TransactWriteItems. */
const maxTransactItems = 100;
/** Transactions of one chunk in flight at once. */
const groupConcurrency = Number(process.env.IMPORT_WRITE_CONCURRENCY ?? 2);

function toJob(item: Record<string, unknown>): ImportJob {
  return {
    importId: String(item.importId),
    status: item.status as ImportJob['status'],
    options: item.options as ImportJob['options'],
    fingerprint: String(item.fingerprint),
    createdAt: String(item.createdAt),
    createdBy: item.createdBy as ImportJob['createdBy'],
    completedAt: (item.completedAt as string | null | undefined) ?? null,
  };
}

function toFailure(item: Record<string, unknown>): RowFailure {
  return {
    row: Number(item.row),
    memberId: (item.memberId as string | null | undefined) ?? null,
    code: String(item.code),
    detail: String(item.detail),
  };
}

/** Imports in the single table: the import, a record per imported row, one per failed row. */
export class DynamoImportStore implements ImportStore {
  constructor(
    private readonly client: DynamoDBDocumentClient = documentClient(),
    private readonly table: string = tableName(),
  ) {}

  async create(job: ImportJob, audit: readonly AuditEntry[]) {
    const item = { ...importKeys.job(job.importId), type: 'import', ...job };
    const existing = await putIfAbsentAudited(this.client, this.table, item, audit);
    return existing ? { created: false, job: toJob(existing) } : { created: true, job };
  }

  async get(importId: string) {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.table, Key: importKeys.job(importId), ConsistentRead: true }),
    );
    return Item ? toJob(Item) : null;
  }

  async complete(importId: string, completedAt: string, audit: readonly AuditEntry[]) {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.table,
                Key: importKeys.job(importId),
                UpdateExpression: 'SET #status = :completed, completedAt = :at',
                ConditionExpression: '#status = :open',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: {
                  ':completed': ImportStatus.completed,
                  ':open': ImportStatus.open,
                  ':at': completedAt,
                },
              },
            },
            ...auditPuts(this.table, audit),
          ],
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof TransactionCanceledException) return false;
      throw error;
    }
  }

  async reserveRows(importId: string, count: number) {
    // A counter on the import's own item: concurrent chunks get disjoint ranges.
    const { Attributes } = await this.client.send(
      new UpdateCommand({
        TableName: this.table,
        Key: importKeys.job(importId),
        UpdateExpression: 'ADD rowsNumbered :count',
        ConditionExpression: ifPresent,
        ExpressionAttributeValues: { ':count': count },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(Attributes?.rowsNumbered) - count + 1;
  }

  /**
   * Members go in transactions of up to 100 items (several members each: one request instead of
   * one per member), each item conditioned on being new. When some members' conditions fail, the
   * cancellation reasons say which: they get their outcome and the others are written again.
   */
  async importMembers(importId: string, members: readonly ImportedMember[], deadlineMs: number) {
    const outcomes = new Array<ImportMemberOutcome>(members.length);
    const groups: { index: number; items: TransactItem[] }[][] = [];
    let group: { index: number; items: TransactItem[] }[] = [];
    let size = 0;
    members.forEach((member, index) => {
      const items = memberItems(this.table, importId, member);
      if (size + items.length > maxTransactItems) {
        groups.push(group);
        group = [];
        size = 0;
      }
      group.push({ index, items });
      size += items.length;
    });
    if (group.length > 0) groups.push(group);

    const writeGroup = async (start: { index: number; items: TransactItem[] }[]) => {
      let remaining = start;
      for (let attempt = 1; remaining.length > 0; attempt++) {
        if (Date.now() > deadlineMs || attempt > 12) {
          for (const { index } of remaining) outcomes[index] = { kind: 'unprocessed' };
          return;
        }
        try {
          await this.client.send(
            new TransactWriteCommand({ TransactItems: remaining.flatMap((member) => member.items) }),
          );
          for (const { index } of remaining) outcomes[index] = { kind: 'imported' };
          return;
        } catch (error) {
          if (!(error instanceof TransactionCanceledException)) throw error;
          const reasons = error.CancellationReasons ?? [];
          const next: typeof remaining = [];
          let offset = 0;
          let conflicted = false;
          for (const member of remaining) {
            const mine = reasons.slice(offset, offset + member.items.length);
            offset += member.items.length;
            const outcome = classify(mine, members[member.index]!.rowFingerprint);
            if (outcome === 'fatal') throw error;
            if (outcome === 'retry') {
              conflicted = true;
              next.push(member);
            } else if (outcome === 'ok') next.push(member);
            else outcomes[member.index] = outcome;
          }
          if (next.length === remaining.length && !conflicted) throw error;
          remaining = next;
          // Another transaction held one of the items (the same row sent twice at once): wait a little.
          if (conflicted) await sleep(Math.random() * 25 * attempt);
        }
      }
    };
    let nextGroup = 0;
    await Promise.all(
      Array.from({ length: Math.min(groupConcurrency, groups.length) }, async () => {
        while (nextGroup < groups.length) await writeGroup(groups[nextGroup++]!);
      }),
    );
    return outcomes;
  }

  async failedRows(importId: string, fromRow: number, toRow: number) {
    const rows = new Set<number>();
    const failed = await queryAll(this.client, {
      TableName: this.table,
      ...importKeys.failuresBetween(importId, fromRow, toRow, { ':failed': FailureStatus.failed }),
      FilterExpression: '#status = :failed',
      ProjectionExpression: '#row',
      ExpressionAttributeNames: { '#status': 'status', '#row': 'row' },
      ConsistentRead: true,
    });
    for (const item of failed) rows.add(Number(item.row));
    return rows;
  }

  async importedRows(importId: string, rows: readonly number[]) {
    const found = new Set<number>();
    for (let i = 0; i < rows.length; i += 100) {
      let keys: Record<string, unknown>[] = rows
        .slice(i, i + 100)
        .map((row) => importKeys.row(importId, row));
      while (keys.length > 0) {
        const { Responses = {}, UnprocessedKeys = {} } = await this.client.send(
          new BatchGetCommand({
            RequestItems: {
              [this.table]: {
                Keys: keys,
                ConsistentRead: true,
                ProjectionExpression: '#row',
                ExpressionAttributeNames: { '#row': 'row' },
              },
            },
          }),
        );
        for (const item of Responses[this.table] ?? []) found.add(Number(item.row));
        keys = (UnprocessedKeys[this.table]?.Keys ?? []) as Record<string, unknown>[];
        if (keys.length > 0) await sleep(20);
      }
    }
    return found;
  }

  async recordFailures(importId: string, failures: readonly RowFailure[], atIso: string) {
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(16, failures.length) }, async () => {
        while (next < failures.length) {
          const failure = failures[next++]!;
          await this.client.send(
            new PutCommand({
              TableName: this.table,
              Item: {
                ...importKeys.failure(importId, failure.row),
                type: 'importError',
                status: FailureStatus.failed,
                importId,
                ...failure,
                at: atIso,
              },
            }),
          );
        }
      }),
    );
  }

  /** The items a query (`importKeys.rowShard` or `importKeys.failures`) finds, failed ones only if `failedOnly`. */
  private async count(
    query: (values: Record<string, unknown>) => ReturnType<typeof importKeys.failures>,
    failedOnly: boolean,
  ) {
    let total = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const { Count = 0, LastEvaluatedKey } = await this.client.send(
        new QueryCommand({
          TableName: this.table,
          ...(failedOnly
            ? {
                ...query({ ':failed': FailureStatus.failed }),
                FilterExpression: '#status = :failed',
                ExpressionAttributeNames: { '#status': 'status' },
              }
            : query({})),
          Select: 'COUNT',
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      total += Count;
      start = LastEvaluatedKey;
    } while (start);
    return total;
  }

  async counts(importId: string) {
    const [failed, ...shards] = await Promise.all([
      this.count((values) => importKeys.failures(importId, values), true),
      ...Array.from({ length: importRowShards }, (_, shard) =>
        this.count((values) => importKeys.rowShard(importId, shard, values), false),
      ),
    ]);
    return { imported: shards.reduce((sum, count) => sum + count, 0), failed: failed ?? 0 };
  }

  async failures(importId: string, limit: number, cursor?: Record<string, unknown>) {
    if (cursor && !importKeys.isFailuresCursor(importId, cursor)) {
      throw new ValidationFailed([{ path: 'cursor', message: 'Not a cursor of this list.' }]);
    }
    const items: RowFailure[] = [];
    let start: Record<string, unknown> | undefined = cursor;
    do {
      const { Items = [], LastEvaluatedKey } = await this.client.send(
        new QueryCommand({
          TableName: this.table,
          ...importKeys.failures(importId, { ':failed': FailureStatus.failed }),
          FilterExpression: '#status = :failed',
          ExpressionAttributeNames: { '#status': 'status' },
          ConsistentRead: true,
          Limit: limit - items.length,
          ExclusiveStartKey: start,
        }),
      );
      items.push(...Items.map(toFailure));
      start = LastEvaluatedKey;
    } while (start && items.length < limit);
    return { items, next: start };
  }
}
