/**
 * The segments job's items in the single table (keys/aggregates.ts `segmentKeys`): the members
 * with figures page by page, each run's histograms and segment counts (sharded by message, each
 * message counted once by its marker), the members' segments, and the latest finished run.
 * DynamoAggregateStore answers these parts of the AggregateStore port through this class.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { Histogram, Segment } from '../../domain/segments.js';
import type { SegmentsSnapshot } from '../../ports/AggregateStore.js';
import { batchGetAll } from './documentClient.js';
import {
  aggregateShards,
  figuresOfItem,
  type ItemKey,
  ifAbsent,
  ifPresent,
  memberKeys,
  segmentKeys,
  shardOf,
  statsIndexQuery,
} from './keys.js';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Markers of the segments job's messages outlive the job's run by far. */
const jobMarkerDays = 40;
const ttlIn = (days: number) => Math.floor(Date.now() / 1000) + days * 86_400;

const statsKey = memberKeys.metrics;
const histogramKey = segmentKeys.histogram;
const segmentCountKey = segmentKeys.counts;
const latestSegmentsKey = segmentKeys.latest;

export class DynamoSegmentItems {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async membersPage(shard: number, limit: number, cursor?: Record<string, unknown>) {
    const { Items = [], LastEvaluatedKey } = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        ...statsIndexQuery(shard),
        Limit: limit,
        ExclusiveStartKey: cursor,
      }),
    );
    return { items: Items.map((item) => String(item.statsKey)), next: LastEvaluatedKey };
  }

  /** One transaction: a message marker and ADDs to one shard item, chosen by the message. */
  private async addOnce(
    key: ItemKey,
    marker: ItemKey,
    adds: Readonly<Record<string, number>>,
    more: readonly TransactItem[] = [],
  ) {
    const entries = Object.entries(adds).filter(([, value]) => value !== 0);
    const names: Record<string, string> = { '#type': 'type' };
    const values: Record<string, unknown> = { ':type': 'aggregate' };
    const terms = entries.map(([field, value], i) => {
      names[`#a${i}`] = field;
      values[`:a${i}`] = value;
      return `#a${i} :a${i}`;
    });
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table,
                Item: { ...marker, type: 'aggregateMarker', ttl: ttlIn(jobMarkerDays) },
                ConditionExpression: ifAbsent,
              },
            },
            {
              Update: {
                TableName: this.table,
                Key: key,
                UpdateExpression: `SET #type = :type${terms.length > 0 ? ` ADD ${terms.join(', ')}` : ''}`,
                ExpressionAttributeNames: names,
                ExpressionAttributeValues: values,
              },
            },
            ...more,
          ],
        }),
      );
    } catch (error) {
      // The message was counted before: nothing more to do.
      if (
        error instanceof TransactionCanceledException &&
        error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed'
      ) {
        return;
      }
      throw error;
    }
  }

  async addToHistogram(runId: string, messageId: string, histogram: Histogram) {
    const adds: Record<string, number> = {};
    for (const [dimension, counts] of Object.entries(histogram)) {
      for (const [bucket, count] of Object.entries(counts)) adds[`${dimension}:${bucket}`] = count;
    }
    await this.addOnce(
      histogramKey(runId, shardOf(messageId, aggregateShards)),
      segmentKeys.histogramMarker(runId, messageId),
      adds,
    );
  }

  async readHistogram(runId: string): Promise<Histogram> {
    const items = await batchGetAll(
      this.client,
      this.table,
      Array.from({ length: aggregateShards }, (_, shard) => histogramKey(runId, shard)),
    );
    const histogram: Record<string, Record<string, number>> = { r: {}, f: {}, m: {} };
    for (const item of items) {
      for (const [field, count] of Object.entries(figuresOfItem(item))) {
        const [dimension = '', bucket = ''] = field.split(':');
        const counts = histogram[dimension];
        if (counts) counts[bucket] = (counts[bucket] ?? 0) + count;
      }
    }
    return histogram as Histogram;
  }

  async assignSegments(
    runId: string,
    asOf: string,
    messageId: string,
    segments: ReadonlyMap<string, Segment>,
  ) {
    const counts: Record<string, number> = {};
    const updates: TransactItem[] = [];
    for (const [memberId, segment] of segments) {
      counts[segment] = (counts[segment] ?? 0) + 1;
      updates.push({
        Update: {
          TableName: this.table,
          Key: statsKey(memberId),
          UpdateExpression: 'SET #segment = :segment, segmentAsOf = :asOf, segmentRunId = :runId',
          ConditionExpression: ifPresent,
          ExpressionAttributeNames: { '#segment': 'segment' },
          ExpressionAttributeValues: { ':segment': segment, ':asOf': asOf, ':runId': runId },
        },
      });
    }
    await this.addOnce(
      segmentCountKey(runId, shardOf(messageId, aggregateShards)),
      segmentKeys.countsMarker(runId, messageId),
      counts,
      updates,
    );
  }

  async publishSegments(runId: string, asOf: string) {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...latestSegmentsKey, type: 'segmentsLatest', runId, asOf },
          ConditionExpression: `${ifAbsent} OR asOf <= :asOf`,
          ExpressionAttributeValues: { ':asOf': asOf },
        }),
      );
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    }
  }

  async latestSegments(): Promise<SegmentsSnapshot | null> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.table, Key: latestSegmentsKey, ConsistentRead: true }),
    );
    if (!Item) return null;
    const runId = String(Item.runId);
    const items = await batchGetAll(
      this.client,
      this.table,
      Array.from({ length: aggregateShards }, (_, shard) => segmentCountKey(runId, shard)),
    );
    const counts: Record<string, number> = {};
    for (const item of items) {
      for (const [segment, count] of Object.entries(figuresOfItem(item)))
        counts[segment] = (counts[segment] ?? 0) + count;
    }
    return { runId, asOf: String(Item.asOf), counts };
  }
}
