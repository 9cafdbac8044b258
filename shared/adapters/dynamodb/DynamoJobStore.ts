import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '../../domain/audit.js';
import type { IndexPage, JobRun, JobRunDelta, JobStatus, JobStore } from '../../ports/JobStore.js';
import { documentClient, putIfAbsentAudited, storedAs, tableName } from './documentClient.js';
import { auditPuts, jobIndexShard, jobRunKeys, memberIdOfKey } from './keys.js';

const { runKey, markerKey, bucketKey, bucketsPrefix } = jobRunKeys;

const counterNames = ['processed', 'failed', 'shardsDone', 'outstanding'] as const;

function toRun(item: Record<string, unknown>): JobRun {
  const { pk: _pk, sk: _sk, type: _type, gsi1pk: _gpk, gsi1sk: _gsk, ...run } = item;
  return storedAs<JobRun>(run);
}

const runItem = (run: JobRun) => ({
  ...runKey(run.runId),
  type: 'jobRun',
  ...run,
  ...(run.listed ? { gsi1pk: 'JOBRUNS', gsi1sk: `${run.startedAt}#${run.runId}` } : {}),
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class DynamoJobStore implements JobStore {
  constructor(
    private readonly client: DynamoDBDocumentClient = documentClient(),
    private readonly table: string = tableName(),
  ) {}

  async createRun(run: JobRun, audit: readonly AuditEntry[] = []) {
    const existing = await putIfAbsentAudited(this.client, this.table, runItem(run), audit);
    return existing ? { created: false, run: toRun(existing) } : { created: true, run };
  }

  async restartRun(run: JobRun, audit: readonly AuditEntry[] = []) {
    await this.client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.table,
              Item: runItem(run),
              ConditionExpression: '#status = :failed',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':failed': 'failed' },
            },
          },
          ...auditPuts(this.table, audit),
        ],
      }),
    );
  }

  async markDispatched(runId: string) {
    await this.client.send(
      new UpdateCommand({
        TableName: this.table,
        Key: runKey(runId),
        UpdateExpression: 'SET dispatched = :yes',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':yes': true },
      }),
    );
  }

  /** The run with its counts: its own item's, plus its current attempt's count buckets. */
  async getRun(runId: string) {
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :run AND :last',
        ExpressionAttributeValues: { ':pk': runKey(runId).pk, ':run': 'RUN', ':last': 'RUN#COUNT#~' },
        ConsistentRead: true,
      }),
    );
    const item = Items.find((candidate) => candidate.sk === 'RUN');
    if (!item) return null;
    const run = toRun(item);
    const buckets = bucketsPrefix(run);
    const counts: Record<string, number> = Object.fromEntries(
      counterNames.map((name) => [name, Number(run[name] ?? 0)]),
    );
    for (const bucket of Items) {
      // Only this attempt's buckets (`RUN#COUNT#<nn>` for the first, `RUN#COUNT#<n>#<nn>` after).
      const rest = String(bucket.sk).slice(buckets.length);
      if (!String(bucket.sk).startsWith(buckets) || !/^\d{2}$/.test(rest)) continue;
      for (const name of counterNames) counts[name] = (counts[name] ?? 0) + Number(bucket[name] ?? 0);
    }
    return { ...run, ...counts } as JobRun;
  }

  async countOnce(run: JobRun, messageId: string, delta: JobRunDelta) {
    const entries = Object.entries(delta).filter(([, value]) => value !== undefined && value !== 0);
    const marker = {
      Put: {
        TableName: this.table,
        Item: {
          ...markerKey(run, messageId),
          type: 'jobMessage',
          delta,
          ...(run.ttl ? { ttl: run.ttl } : {}),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
    const add = {
      Update: {
        TableName: this.table,
        Key: bucketKey(run, messageId),
        UpdateExpression: `SET #type = :type${run.ttl ? ', #ttl = :ttl' : ''} ADD ${entries.map(([name]) => `#${name} :${name}`).join(', ')}`,
        ExpressionAttributeNames: {
          '#type': 'type',
          ...(run.ttl ? { '#ttl': 'ttl' } : {}),
          ...Object.fromEntries(entries.map(([name]) => [`#${name}`, name])),
        },
        ExpressionAttributeValues: {
          ':type': 'jobRunCount',
          ...(run.ttl ? { ':ttl': run.ttl } : {}),
          ...Object.fromEntries(entries.map(([name, value]) => [`:${name}`, value])),
        },
      },
    };
    for (let attempt = 1; ; attempt++) {
      try {
        await this.client.send(
          new TransactWriteCommand({ TransactItems: entries.length > 0 ? [marker, add] : [marker] }),
        );
        return { counted: true, run: (await this.getRun(run.runId))! };
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = error.CancellationReasons ?? [];
        if (reasons[0]?.Code === 'ConditionalCheckFailed') {
          return { counted: false, run: (await this.getRun(run.runId))! };
        }
        // Another message counted on the run at the same moment: try again after a jittered pause.
        if (attempt >= 50 || !reasons.some((reason) => reason.Code === 'TransactionConflict')) throw error;
        await sleep(Math.random() * Math.min(500, 10 * 2 ** attempt));
      }
    }
  }

  async listRuns(limit: number) {
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :runs',
        ExpressionAttributeValues: { ':runs': 'JOBRUNS' },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return Items.map(toRun);
  }

  async finish(runId: string, status: JobStatus, finishedAt: string) {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: runKey(runId),
          UpdateExpression: 'SET #status = :status, finishedAt = :at',
          ConditionExpression: '#status = :running',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':status': status, ':at': finishedAt, ':running': 'running' },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  private async page(
    indexName: string,
    condition: string,
    values: Record<string, unknown>,
    limit: number,
    cursor?: Record<string, unknown>,
  ) {
    const { Items = [], LastEvaluatedKey } = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: indexName,
        KeyConditionExpression: condition,
        ExpressionAttributeValues: values,
        Limit: limit,
        ExclusiveStartKey: cursor,
      }),
    );
    return { Items, next: LastEvaluatedKey };
  }

  async dueForExpiry(shard: number, day: string, limit: number, cursor?: Record<string, unknown>) {
    const { Items, next } = await this.page(
      'expiry',
      'expiryShard = :shard AND expiryKey <= :due',
      { ':shard': jobIndexShard.expiry(shard), ':due': `${day}#\uffff` },
      limit,
      cursor,
    );
    return { items: Items.map((item) => memberIdOfKey(item.pk)), next };
  }

  async aboveFirstTier(
    shard: number,
    limit: number,
    cursor?: Record<string, unknown>,
  ): Promise<IndexPage<string>> {
    const { Items, next } = await this.page(
      'tiers',
      'tierShard = :shard',
      { ':shard': jobIndexShard.tier(shard) },
      limit,
      cursor,
    );
    return { items: Items.map((item) => memberIdOfKey(item.pk)), next };
  }

  async expiredHolds(shard: number, nowIso: string, limit: number, cursor?: Record<string, unknown>) {
    const { Items, next } = await this.page(
      'gsi1',
      'gsi1pk = :shard AND gsi1sk < :now',
      { ':shard': jobIndexShard.holds(shard), ':now': nowIso },
      limit,
      cursor,
    );
    return {
      items: Items.map((item) => ({ partnerId: String(item.scope), redemptionId: String(item.id) })),
      next,
    };
  }

  async staleAcceptedPurchases(
    shard: number,
    beforeIso: string,
    limit: number,
    cursor?: Record<string, unknown>,
  ) {
    const { Items, next } = await this.page(
      'accepted',
      'acceptedShard = :shard AND acceptedKey < :before',
      { ':shard': jobIndexShard.accepted(shard), ':before': beforeIso },
      limit,
      cursor,
    );
    return {
      items: Items.map((item) => {
        const [, partnerId = '', purchaseId = ''] = String(item.acceptedKey).split('#');
        return `${partnerId}/${purchaseId}`;
      }),
      next,
    };
  }

  async pendingNotifications(shard: number, limit: number, cursor?: Record<string, unknown>) {
    const { Items, next } = await this.page(
      'gsi1',
      'gsi1pk = :shard',
      { ':shard': jobIndexShard.outbox(shard) },
      limit,
      cursor,
    );
    return { items: Items.map((item) => `${String(item.scope)}/${String(item.id)}`), next };
  }

  async birthdaysBetween(
    shard: number,
    fromMonthDay: string,
    toMonthDay: string,
    limit: number,
    cursor?: Record<string, unknown>,
  ) {
    const { Items, next } = await this.page(
      'birthdays',
      'bdayShard = :shard AND bdayKey BETWEEN :from AND :to',
      { ':shard': jobIndexShard.birthday(shard), ':from': `${fromMonthDay}#`, ':to': `${toMonthDay}#\uffff` },
      limit,
      cursor,
    );
    return { items: Items.map((item) => memberIdOfKey(item.pk)), next };
  }

  async membersWithEmail(shard: number, limit: number, cursor?: Record<string, unknown>) {
    const { Items, next } = await this.page(
      'mail',
      'mailShard = :shard',
      { ':shard': jobIndexShard.mail(shard) },
      limit,
      cursor,
    );
    return { items: Items.map((item) => memberIdOfKey(item.pk)), next };
  }
}
