/**
 * The daily aggregates (BENCH_ONLY=aggregates):
 *
 * 1. The aggregator's throughput over BENCH_AGGREGATE_EVENTS (default 100,000) ledger events —
 *    purchases, bonuses, activities, redemptions, voids, refunds, expiries and account changes of
 *    20,000 members at 20 partners and 100 stores over 30 days — folded by the real use case and
 *    adapter (markers, merged counters, members' figures, one transaction per group) in batches
 *    of the stream's batch size, four batches at once as four stream shards would; against raw
 *    DynamoDB Local writes of the same counters (one UpdateItem ADD per counter per event, no
 *    marker, no transaction: what a non-idempotent aggregator would write), in the same run, on
 *    a table of their own in the runtime's DynamoDB Local. Then it checks the counters are exact
 *    and that a replayed batch changes nothing.
 * 2. Report latency over HTTP (`npm start`) at 10,000 and at 100,000 members: members' items and
 *    two years of daily aggregates are batch-written into the runtime's table (none is an entry
 *    or an account, so the stream's filter drops them), and each report is asked 20 times.
 */

import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { aggregateShards, DynamoAggregateStore } from '../shared/adapters/dynamodb/DynamoAggregateStore.js';
import {
  counterKey,
  periodText,
  scopeText,
  shardOf,
  statsShard,
  storedItemOf,
} from '../shared/adapters/dynamodb/keys.js';
import { dayPeriod, factsOf, programmeScope, type StreamChange } from '../shared/domain/aggregates.js';
import { addDays } from '../shared/domain/calendar.js';
import { referenceProgram } from '../shared/domain/program.js';
import { foldChanges } from '../shared/features/reports/aggregates.js';
import { streams } from '../shared/system.js';
import { tableDefinition } from '../shared/tableDefinition.js';
import { client, credentials, ms, percentile, pool, type Runtime } from './harness.js';

const events = Number(process.env.BENCH_AGGREGATE_EVENTS ?? 100_000);
const clients = Number(process.env.BENCH_CLIENTS ?? 16);
const shardsAtOnce = 4;
const members = 20_000;
const tz = referenceProgram.timeZone;
const programs = { current: async () => referenceProgram, at: async () => referenceProgram } as never;

/** A deterministic mix of ledger events, as stream changes. */
function ledgerEvents(count: number): StreamChange[] {
  let seed = 12345;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const changes: StreamChange[] = [];
  for (let i = 0; i < count; i++) {
    const memberId = `bm-${Math.floor(random() * members)}`;
    const day = addDays('2032-03-01', Math.floor(random() * 30));
    const createdAt = `${day}T0${Math.floor(random() * 9)}:00:00.000Z`;
    const partner = Math.floor(random() * 20);
    const roll = random();
    if (roll < 0.05) {
      const lots = { '2034-01-01': Math.floor(random() * 1000) };
      changes.push({
        eventId: `ev-${i}`,
        eventName: 'MODIFY',
        item: storedItemOf({ pk: `MEMBER#${memberId}`, sk: 'ACCOUNT' }),
        oldImage: { memberId, status: 'active', tier: 'base', lots: {}, debt: 0, pending: [] },
        newImage: {
          memberId,
          status: 'active',
          tier: roll < 0.01 ? 'silver' : 'base',
          lots,
          debt: 0,
          pending: [],
        },
      });
      continue;
    }
    const [type, points, extra]: [string, number, Record<string, unknown>] =
      roll < 0.6
        ? ['earn', 50 + Math.floor(random() * 500), { amountFen: 5_000 + Math.floor(random() * 50_000) }]
        : roll < 0.68
          ? ['bonus', 100, {}]
          : roll < 0.76
            ? ['activity', 5, {}]
            : roll < 0.86
              ? ['redeem', -300, { rewardId: random() < 0.5 ? 'coffee' : 'coupon-10' }]
              : roll < 0.9
                ? ['release', 200, {}]
                : roll < 0.95
                  ? ['reversal', -100, {}]
                  : ['expire', -80, {}];
    const attributed = type !== 'expire';
    changes.push({
      eventId: `ev-${i}`,
      eventName: 'INSERT',
      item: storedItemOf({ pk: `MEMBER#${memberId}`, sk: `TX#${createdAt}#${type}-${i}` }),
      newImage: {
        memberId,
        entryType: type,
        points,
        createdAt,
        reference: type === 'reversal' ? `refund:r-${i}` : `${type}:${i}`,
        ...(attributed
          ? { partnerId: `partner-${partner}`, storeId: `store-${partner}-${Math.floor(random() * 5)}` }
          : {}),
        ...extra,
      },
    });
  }
  return changes;
}

async function aggregatorThroughput(endpoint: string): Promise<string[]> {
  const table = `bench-aggregates-${Date.now()}`;
  const dynamodb = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials, maxAttempts: 10 });
  const documents = DynamoDBDocumentClient.from(dynamodb);
  await dynamodb.send(
    new CreateTableCommand({
      TableName: table,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    }),
  );
  const store = new DynamoAggregateStore(documents, table);
  const changes = ledgerEvents(events);
  const batchSize = streams.ledger.batchSize;
  const batches = Array.from({ length: Math.ceil(changes.length / batchSize) }, (_, b) =>
    changes.slice(b * batchSize, (b + 1) * batchSize),
  );

  // A warm-up batch (not timed) so that DynamoDB Local's JVM has compiled its hot paths; its
  // facts are counted, so the exactness check below covers every event.
  const warmup = batches.shift()!;
  await foldChanges({ aggregates: store, programs }, warmup, aggregateShards);
  const startedMs = performance.now();
  await pool(batches, shardsAtOnce, async (batch) => {
    const outcome = await foldChanges({ aggregates: store, programs }, batch, aggregateShards);
    if (outcome.failed.length > 0) throw outcome.errors[0]?.error ?? new Error('A batch failed');
  });
  const aggregatorSeconds = (performance.now() - startedMs) / 1000;
  const timedEvents = changes.length - warmup.length;

  // Exact: the programme's days add up to the events' points; a replayed batch changes nothing.
  const expectedNet = changes
    .filter((change) => change.item.kind === 'entry')
    .reduce((sum, change) => sum + Number(change.newImage?.points ?? 0), 0);
  const days = await store.readDays(programmeScope, '2032-03-01', '2032-03-31');
  const net = [...days.values()].reduce((sum, day) => sum + (day.net ?? 0), 0);
  const totals = await store.readTotals();
  await foldChanges({ aggregates: store, programs }, batches[0]!, aggregateShards);
  const replayedTotals = await store.readTotals();

  // Raw: the same counters, one UpdateItem ADD per counter per event, no marker, no transaction.
  const rawEvents = changes.slice(0, Math.min(changes.length, 20_000));
  const rawWrites = rawEvents.flatMap((change) =>
    factsOf(change, tz).flatMap((fact) =>
      fact.adds.map((add) => ({ ...add, shard: shardOf(fact.id, aggregateShards) })),
    ),
  );
  const rawStartedMs = performance.now();
  await pool(rawEvents, clients, async (change) => {
    for (const fact of factsOf(change, tz)) {
      for (const add of fact.adds) {
        const names: Record<string, string> = {};
        const values: Record<string, number> = {};
        const terms = Object.entries(add.add).map(([field, value], i) => {
          names[`#a${i}`] = field;
          values[`:a${i}`] = value;
          return `#a${i} :a${i}`;
        });
        await documents.send(
          new UpdateCommand({
            TableName: table,
            Key: {
              pk: `RAW#${scopeText(add.key.scope)}#${shardOf(fact.id, aggregateShards)}`,
              sk: periodText(add.key.period),
            },
            UpdateExpression: `ADD ${terms.join(', ')}`,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          }),
        );
      }
    }
  });
  const rawSeconds = (performance.now() - rawStartedMs) / 1000;
  dynamodb.destroy();

  const aggregatorRate = timedEvents / aggregatorSeconds;
  const rawRate = rawEvents.length / rawSeconds;
  return [
    '',
    `Aggregator over ${changes.length} ledger events (${members} members, 20 partners, 100 stores, 30 days)`,
    `  folded, exactly once      ${aggregatorRate.toFixed(0)} events/s  (${timedEvents} in ${aggregatorSeconds.toFixed(1)} s; batches of ${batchSize}, ${shardsAtOnce} at once)`,
    `  raw counter writes        ${rawRate.toFixed(0)} events/s  (${rawWrites.length} UpdateItem ADDs for ${rawEvents.length} events, ${clients} clients)`,
    `  ratio aggregator / raw    ${(aggregatorRate / rawRate).toFixed(2)}`,
    `  exact                     ${net === expectedNet ? 'yes' : 'NO'}: days' net ${net}, events' points ${expectedNet}`,
    `  replayed batch            ${JSON.stringify(replayedTotals) === JSON.stringify(totals) ? 'changed nothing' : 'CHANGED THE TOTALS'}`,
  ];
}

/** Members' items and two years of daily aggregates, written straight into the runtime's table. */
async function seed(endpoint: string, fromMember: number, toMember: number) {
  const table = tableDefinition.localTableName;
  const documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint, region: 'us-east-1', credentials, maxAttempts: 10 }),
  );
  const items: Record<string, unknown>[] = [];
  for (let i = fromMember; i < toMember; i++) {
    const memberId = `rm-${i}`;
    items.push({
      pk: `MEMBER#${memberId}`,
      sk: 'PROFILE',
      type: 'memberProfile',
      memberId,
      status: 'active',
      locale: 'zh-CN',
      createdAt: '2031-01-01T00:00:00.000Z',
    });
    items.push({
      pk: `MEMBER#${memberId}`,
      sk: 'METRICS',
      type: 'memberStats',
      memberId,
      version: 1,
      purchases: 3,
      spendFen: 30_000,
      months: { '2032-02': { n: 3, fen: 30_000 } },
      lastPurchaseOn: '2032-02-10',
      statsShard: statsShard(shardOf(memberId)),
      statsKey: memberId,
    });
  }
  if (fromMember === 0) {
    for (let d = 0; d < 731; d++) {
      const day = addDays('2031-01-01', d);
      for (let shard = 0; shard < aggregateShards; shard++) {
        items.push({
          ...counterKey({ scope: programmeScope, period: dayPeriod(day) }, shard),
          type: 'aggregate',
          purchases: 40,
          spendFen: 400_000,
          issued: 4_400,
          earned: 4_000,
          net: 3_000,
          redeemed: 1_400,
          redemptions: 4,
          newMembers: 2,
          lastActive: 5,
        });
      }
    }
  }
  await pool(
    Array.from({ length: Math.ceil(items.length / 25) }, (_, b) => items.slice(b * 25, (b + 1) * 25)),
    clients,
    async (batch) => {
      let requests = batch.map((item) => ({ PutRequest: { Item: item } }));
      while (requests.length > 0) {
        const { UnprocessedItems } = await documents.send(
          new BatchWriteCommand({ RequestItems: { [table]: requests } }),
        );
        requests = (UnprocessedItems?.[table] ?? []) as typeof requests;
      }
    },
  );
  documents.destroy();
}

async function reportLatency(runtime: Runtime): Promise<string[]> {
  const request = client(runtime.baseUrl);
  const reports: [string, string][] = [
    ['daily, a month', '/v1/reports/daily?from=2032-01-01&to=2032-01-31'],
    ['daily, a year', '/v1/reports/daily?from=2031-06-01&to=2032-05-31'],
    [
      'summary, a month',
      '/v1/reports/summary?from=2032-01-01T00:00:00%2B08:00&to=2032-02-01T00:00:00%2B08:00',
    ],
    ['liability', '/v1/reports/liability'],
    ['settlement, a month', '/v1/reports/settlement?period=2032-01'],
    ['segments', '/v1/reports/segments'],
    ['repurchase, a month', '/v1/reports/repurchase?period=2032-01'],
  ];
  const measure = async () => {
    const figures = new Map<string, number>();
    for (const [name, path] of reports) {
      await request('GET', path, runtime.adminKey); // warm
      const times: number[] = [];
      for (let i = 0; i < 20; i++) {
        const startedMs = performance.now();
        await request('GET', path, runtime.adminKey);
        times.push(performance.now() - startedMs);
      }
      figures.set(name, percentile(times, 50));
    }
    return figures;
  };
  await seed(runtime.endpoints.dynamodb, 0, 10_000);
  const small = await measure();
  await seed(runtime.endpoints.dynamodb, 10_000, 100_000);
  const large = await measure();
  return [
    '',
    'Report latency over HTTP (p50 of 20), 10,000 vs 100,000 members',
    ...reports.map(
      ([name]) =>
        `  ${name.padEnd(22)} ${ms(small.get(name)!).padStart(9)}  ${ms(large.get(name)!).padStart(9)}   ×${(large.get(name)! / small.get(name)!).toFixed(2)}`,
    ),
  ];
}

export async function benchAggregates(runtime: Runtime): Promise<string[]> {
  return [...(await aggregatorThroughput(runtime.endpoints.dynamodb)), ...(await reportLatency(runtime))];
}
