import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { IndexPage, JobRun, JobStatus, JobStore } from '../../ports/JobStore.js';
import { documentClient, putIfAbsent, tableName } from './documentClient.js';

const runKey = (runId: string) => ({ pk: `JOBRUN#${runId}`, sk: 'RUN' });

function toRun(item: Record<string, unknown>): JobRun {
  const { pk: _pk, sk: _sk, type: _type, ...run } = item;
  return run as unknown as JobRun;
}

export class DynamoJobStore implements JobStore {
  constructor(
    private readonly client: DynamoDBDocumentClient = documentClient(),
    private readonly table: string = tableName(),
  ) {}

  async createRun(run: JobRun) {
    const existing = await putIfAbsent(this.client, this.table, {
      ...runKey(run.runId),
      type: 'jobRun',
      ...run,
    });
    return existing ? { created: false, run: toRun(existing) } : { created: true, run };
  }

  async restartRun(run: JobRun) {
    await this.client.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...runKey(run.runId), type: 'jobRun', ...run },
        ConditionExpression: '#status = :failed',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':failed': 'failed' },
      }),
    );
  }

  async getRun(runId: string) {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.table, Key: runKey(runId), ConsistentRead: true }),
    );
    return Item ? toRun(Item) : null;
  }

  async count(
    runId: string,
    delta: { processed?: number; failed?: number; shardsDone?: number; outstanding?: number },
  ) {
    const entries = Object.entries(delta).filter(([, value]) => value !== undefined && value !== 0);
    if (entries.length === 0) return (await this.getRun(runId))!;
    const { Attributes } = await this.client.send(
      new UpdateCommand({
        TableName: this.table,
        Key: runKey(runId),
        UpdateExpression: `ADD ${entries.map(([name]) => `#${name} :${name}`).join(', ')}`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: Object.fromEntries(entries.map(([name]) => [`#${name}`, name])),
        ExpressionAttributeValues: Object.fromEntries(entries.map(([name, value]) => [`:${name}`, value])),
        ReturnValues: 'ALL_NEW',
      }),
    );
    return toRun(Attributes!);
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
      { ':shard': `EXP#${shard}`, ':due': `${day}#\uffff` },
      limit,
      cursor,
    );
    return { items: Items.map((item) => String(item.pk).slice('MEMBER#'.length)), next };
  }

  async aboveFirstTier(
    shard: number,
    limit: number,
    cursor?: Record<string, unknown>,
  ): Promise<IndexPage<string>> {
    const { Items, next } = await this.page(
      'tiers',
      'tierShard = :shard',
      { ':shard': `TIER#${shard}` },
      limit,
      cursor,
    );
    return { items: Items.map((item) => String(item.pk).slice('MEMBER#'.length)), next };
  }

  async expiredHolds(shard: number, nowIso: string, limit: number, cursor?: Record<string, unknown>) {
    const { Items, next } = await this.page(
      'gsi1',
      'gsi1pk = :shard AND gsi1sk < :now',
      { ':shard': `HOLDS#${shard}`, ':now': nowIso },
      limit,
      cursor,
    );
    return {
      items: Items.map((item) => ({ partnerId: String(item.scope), redemptionId: String(item.id) })),
      next,
    };
  }

  async pendingNotifications(shard: number, limit: number, cursor?: Record<string, unknown>) {
    const { Items, next } = await this.page(
      'gsi1',
      'gsi1pk = :shard',
      { ':shard': `OUTBOX#${shard}` },
      limit,
      cursor,
    );
    return { items: Items.map((item) => `${String(item.scope)}/${String(item.id)}`), next };
  }

  async membersWithEmail(shard: number, limit: number, cursor?: Record<string, unknown>) {
    const { Items, next } = await this.page(
      'mail',
      'mailShard = :shard',
      { ':shard': `MAIL#${shard}` },
      limit,
      cursor,
    );
    return { items: Items.map((item) => String(item.pk).slice('MEMBER#'.length)), next };
  }
}
