/**
 * The aggregates in the single table (their items: keys/aggregates.ts). Counters are items of a
 * scope and shard, one per period, whose numbers only ever change by `ADD`; a transaction of the
 * aggregator writes all its counters on one shard, chosen per transaction, so concurrent
 * aggregators rarely touch the same item and no item takes every event's write (readers add the
 * `aggregateShards` shards up: a few more items per read, none of them hot). Every fact's marker
 * (kept a week, far longer than the stream's 24 hours) is put if absent in the same transaction,
 * so a fact is counted once however often the stream delivers it.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { CounterAdd, CounterScope, FoldPlan, MemberStats } from '../../domain/aggregates.js';
import type { Histogram, Segment } from '../../domain/segments.js';
import { type AggregateStore, FactsCounted, type Figures, FoldConflict } from '../../ports/AggregateStore.js';
import { DynamoSegmentItems } from './DynamoSegmentItems.js';
import { batchGetAll, documentClient, queryAll, tableName } from './documentClient.js';
import {
  aggregateShards,
  counterKey,
  counterQueries,
  factMarkerKey,
  figuresOfItem,
  ifAbsent,
  memberKeys,
  periodText,
  scopeText,
  shardOf,
  statsShard,
} from './keys.js';

export { aggregateShards };

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** How long a fact's marker is kept: a replay can only come while the record is in the stream (24 h). */
const factMarkerDays = 7;

const statsKey = memberKeys.metrics;
const ttlIn = (days: number) => Math.floor(Date.now() / 1000) + days * 86_400;

function addInto(
  target: Map<string, Record<string, number>>,
  period: string,
  figures: Record<string, number>,
) {
  const sum = target.get(period) ?? {};
  for (const [field, value] of Object.entries(figures)) sum[field] = (sum[field] ?? 0) + value;
  target.set(period, sum);
}

/** `SET type, scope, period ADD <field> <n>, …` for one counter. */
function counterUpdate(table: string, counter: CounterAdd, shard: number): TransactItem {
  const names: Record<string, string> = { '#type': 'type', '#scope': 'scope', '#period': 'period' };
  const values: Record<string, unknown> = {
    ':type': 'aggregate',
    ':scope': scopeText(counter.key.scope),
    ':period': periodText(counter.key.period),
  };
  const adds = Object.entries(counter.add).map(([field, value], i) => {
    names[`#a${i}`] = field;
    values[`:a${i}`] = value;
    return `#a${i} :a${i}`;
  });
  return {
    Update: {
      TableName: table,
      Key: counterKey(counter.key, shard),
      UpdateExpression: `SET #type = :type, #scope = :scope, #period = :period ADD ${adds.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

const statsFields = [
  'memberId',
  'version',
  'enrolledOn',
  'lastActiveOn',
  'firstPurchaseOn',
  'lastPurchaseOn',
  'purchases',
  'spendFen',
  'months',
  'erased',
] as const;

/** Sets the aggregator's own fields of a member's figures (never the segment the job writes). */
function statsUpdate(table: string, write: FoldPlan['members'][number]): TransactItem {
  const { next, expectedVersion } = write;
  const names: Record<string, string> = { '#type': 'type', '#shard': 'statsShard', '#key': 'statsKey' };
  const values: Record<string, unknown> = {
    ':type': 'memberStats',
    ':shard': statsShard(shardOf(next.memberId)),
    ':key': next.memberId,
  };
  const sets = ['#type = :type', '#shard = :shard', '#key = :key'];
  for (const field of statsFields) {
    const value = next[field];
    if (value === undefined) continue;
    names[`#${field}`] = field;
    values[`:${field}`] = value;
    sets.push(`#${field} = :${field}`);
  }
  if (expectedVersion !== null) values[':expected'] = expectedVersion;
  return {
    Update: {
      TableName: table,
      Key: statsKey(next.memberId),
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression:
        expectedVersion === null ? 'attribute_not_exists(#version)' : '#version = :expected',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

export function toMemberStats(item: Record<string, unknown>): MemberStats {
  return {
    memberId: String(item.memberId),
    version: Number(item.version ?? 0),
    purchases: Number(item.purchases ?? 0),
    spendFen: Number(item.spendFen ?? 0),
    months: (item.months ?? {}) as MemberStats['months'],
    ...(typeof item.enrolledOn === 'string' ? { enrolledOn: item.enrolledOn } : {}),
    ...(typeof item.lastActiveOn === 'string' ? { lastActiveOn: item.lastActiveOn } : {}),
    ...(typeof item.firstPurchaseOn === 'string' ? { firstPurchaseOn: item.firstPurchaseOn } : {}),
    ...(typeof item.lastPurchaseOn === 'string' ? { lastPurchaseOn: item.lastPurchaseOn } : {}),
    ...(item.erased === true ? { erased: true } : {}),
  };
}

export class DynamoAggregateStore implements AggregateStore {
  /** The segments job's part of the port. */
  private readonly segments: DynamoSegmentItems;

  constructor(
    private readonly client: DynamoDBDocumentClient = documentClient(),
    private readonly table: string = tableName(),
  ) {
    this.segments = new DynamoSegmentItems(client, table);
  }

  async readMemberStats(memberIds: readonly string[]) {
    const items = await batchGetAll(this.client, this.table, [...new Set(memberIds)].map(statsKey));
    return new Map(
      items
        .filter((item) => item.version !== undefined)
        .map((item) => [String(item.memberId), toMemberStats(item)]),
    );
  }

  async commitFold(plan: FoldPlan, shard: number) {
    const markers: TransactItem[] = plan.factIds.map((factId) => ({
      Put: {
        TableName: this.table,
        Item: { ...factMarkerKey(factId), type: 'aggregateMarker', ttl: ttlIn(factMarkerDays) },
        ConditionExpression: ifAbsent,
      },
    }));
    const counters = plan.counters.map((counter) => counterUpdate(this.table, counter, shard));
    const members = plan.members.map((write) => statsUpdate(this.table, write));
    const items = [...markers, ...counters, ...members];
    if (items.length === 0) return;
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      const counted = plan.factIds.filter((_, i) => reasons[i]?.Code === 'ConditionalCheckFailed');
      if (counted.length > 0) throw new FactsCounted(counted);
      const codes = new Set(reasons.map((reason) => reason?.Code).filter((code) => code && code !== 'None'));
      if (codes.has('ConditionalCheckFailed') || codes.has('TransactionConflict')) {
        throw new FoldConflict(`The aggregate transaction was cancelled: ${[...codes].join(', ')}`);
      }
      throw error;
    }
  }

  /** Every item of the queries (one per shard), their figures added up by period. */
  private async readAll(
    queries: readonly {
      KeyConditionExpression: string;
      ExpressionAttributeValues: Record<string, unknown>;
    }[],
  ) {
    const into = new Map<string, Record<string, number>>();
    await Promise.all(
      queries.map(async (query) => {
        const items = await queryAll(this.client, { TableName: this.table, ...query });
        for (const item of items) addInto(into, counterQueries.periodOf(item), figuresOfItem(item));
      }),
    );
    return into as Map<string, Figures>;
  }

  async readDays(scope: CounterScope, fromDay: string, toDay: string) {
    return this.readAll(counterQueries.days(scope, fromDay, toDay));
  }

  async readMonths(scope: CounterScope, fromMonth: string, toMonth: string) {
    return this.readAll(counterQueries.months(scope, fromMonth, toMonth));
  }

  async readPartnersOfMonth(month: string) {
    return this.readAll(counterQueries.all({ of: 'partnerMonth', month }));
  }

  async readTotals() {
    const items = await batchGetAll(this.client, this.table, counterQueries.totals());
    const totals = new Map<string, Record<string, number>>();
    for (const item of items) addInto(totals, 'totals', figuresOfItem(item));
    return totals.get('totals') ?? {};
  }

  // The segments job's items (DynamoSegmentItems.ts).
  membersPage(shard: number, limit: number, cursor?: Record<string, unknown>) {
    return this.segments.membersPage(shard, limit, cursor);
  }

  addToHistogram(runId: string, messageId: string, histogram: Histogram) {
    return this.segments.addToHistogram(runId, messageId, histogram);
  }

  readHistogram(runId: string) {
    return this.segments.readHistogram(runId);
  }

  assignSegments(runId: string, asOf: string, messageId: string, segments: ReadonlyMap<string, Segment>) {
    return this.segments.assignSegments(runId, asOf, messageId, segments);
  }

  publishSegments(runId: string, asOf: string) {
    return this.segments.publishSegments(runId, asOf);
  }

  latestSegments() {
    return this.segments.latestSegments();
  }
}
