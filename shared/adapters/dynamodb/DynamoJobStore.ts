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
import {
  auditPuts,
  ifAbsent,
  ifPresent,
  jobIndexQuery,
  jobRunKeys,
  memberIdOfItem,
  purchaseRefOfAccepted,
  withoutKeys,
} from './keys.js';

const { runKey, markerKey, bucketKey } = jobRunKeys;

const counterNames = ['processed', 'failed', 'shardsDone', 'outstanding'] as const;

function toRun(item: Record<string, unknown>): JobRun {
  const { type: _type, ...run } = withoutKeys(item);
  return storedAs<JobRun>(run);
}

const runItem = (run: JobRun) => ({
  ...runKey(run.runId),
  type: 'jobRun',
  ...run,
  ...(run.listed ? jobRunKeys.listing(run) : {}),
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
        ConditionExpression: ifPresent,
        ExpressionAttributeValues: { ':yes': true },
      }),
    );
  }

  /** The run with its counts: its own item's, plus its current attempt's count buckets. */
  async getRun(runId: string) {
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        ...jobRunKeys.runWithBuckets(runId),
        ConsistentRead: true,
      }),
    );
    const item = Items.find(jobRunKeys.isRun);
    if (!item) return null;
    const run = toRun(item);
    const counts: Record<string, number> = Object.fromEntries(
      counterNames.map((name) => [name, Number(run[name] ?? 0)]),
    );
    for (const bucket of Items) {
      if (!jobRunKeys.isCurrentBucket(run, bucket)) continue;
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
        ConditionExpression: ifAbsent,
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
        ...jobRunKeys.listed(),
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

  /** One page of a job index query (keys.ts `jobIndexQuery`). */
  private async page(
    query: {
      IndexName: string;
      KeyConditionExpression: string;
      ExpressionAttributeValues: Record<string, unknown>;
    },
    limit: number,
    cursor?: Record<string, unknown>,
  ) {
    const { Items = [], LastEvaluatedKey } = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        ...query,
        Limit: limit,
        ExclusiveStartKey: cursor,
      }),
    );
    return { Items, next: LastEvaluatedKey };
  }

  async dueForExpiry(shard: number, day: string, limit: number, cursor?: Record<string, unknown>) {
    const { Items, next } = await this.page(jobIndexQuery.dueForExpiry(shard, day), limit, cursor);
    return { items: Items.map((item) => memberIdOfItem(item)), next };
  }

  async aboveFirstTier(
    shard: number,
    limit: number,
    cursor?: Record<string, unknown>,
  ): Promise<IndexPage<string>> {
    const { Items, next } = await this.page(jobIndexQuery.aboveFirstTier(shard), limit, cursor);
    return { items: Items.map((item) => memberIdOfItem(item)), next };
  }

  async expiredHolds(shard: number, nowIso: string, limit: number, cursor?: Record<string, unknown>) {
    const { Items, next } = await this.page(jobIndexQuery.expiredHolds(shard, nowIso), limit, cursor);
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
    const { Items, next } = await this.page(jobIndexQuery.staleAccepted(shard, beforeIso), limit, cursor);
    return {
      items: Items.map(purchaseRefOfAccepted),
      next,
    };
  }

  async pendingNotifications(shard: number, limit: number, cursor?: Record<string, unknown>) {
    const { Items, next } = await this.page(jobIndexQuery.pendingNotifications(shard), limit, cursor);
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
      jobIndexQuery.birthdaysBetween(shard, fromMonthDay, toMonthDay),
      limit,
      cursor,
    );
    return { items: Items.map((item) => memberIdOfItem(item)), next };
  }

  async membersWithEmail(shard: number, limit: number, cursor?: Record<string, unknown>) {
    const { Items, next } = await this.page(jobIndexQuery.membersWithEmail(shard), limit, cursor);
    return { items: Items.map((item) => memberIdOfItem(item)), next };
  }
}
