/**
 * The accrual path measured against the local runtime over HTTP, the raw
 * DynamoDB Local throughput of the same transaction shape in the same run, write units per
 * accrual and per redemption from the items written, and the size of each Lambda bundle.
 *
 *   BENCH_MEMBERS=200 BENCH_PURCHASES=2000 BENCH_CLIENTS=16 npm run bench
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { build } from 'esbuild';
import { tableDefinition } from '../shared/adapters/dynamodb/tableDefinition.js';
import { functions, queues, schedules } from '../shared/system.js';
import { client, credentials, drained, ms, percentile, pool, type Runtime } from './harness.js';
import { itemSizeBytes, transactionalWriteUnits } from './itemSize.js';

const members = Number(process.env.BENCH_MEMBERS ?? 200);
const purchases = Number(process.env.BENCH_PURCHASES ?? 2000);
const clients = Number(process.env.BENCH_CLIENTS ?? 16);

/** Accrual over HTTP, the raw transaction throughput, write units and bundle sizes. */
export async function benchAccrual(runtime: Runtime): Promise<string[]> {
  const request = client(runtime.baseUrl);
  const admin = runtime.adminKey;
  await request('POST', '/v1/partners', admin, { partnerId: 'bench', name: 'Benchmark store' });
  const { key } = (await request('POST', '/v1/partners/bench/keys', admin, {
    scopes: ['members:write', 'members:read', 'points:earn', 'points:redeem'],
  })) as { key: string };

  const memberIds = Array.from({ length: members }, (_, i) => `bench-m-${i}`);
  await pool(memberIds, clients, async (memberId) => {
    await request('POST', '/v1/members', key, { memberId });
  });

  const occurredAt = new Date(Date.now() - 10 * 86_400_000).toISOString();
  const send = (ids: readonly string[], latencies: number[]) =>
    pool(ids, clients, async (purchaseId) => {
      const index = Number(purchaseId.split('-').at(-1));
      const sentMs = performance.now();
      await request('POST', '/v1/purchases', key, {
        purchaseId,
        memberId: memberIds[index % members],
        storeId: 'bench-store',
        occurredAt,
        currency: 'CNY',
        amount: 1_000 + (index % 50) * 1_000,
      });
      latencies.push(performance.now() - sentMs);
    });
  // A warm-up, not measured: the JVM of DynamoDB Local compiles its hot paths, as it has by the
  // time the raw phases below run.
  await send(
    Array.from({ length: Math.min(500, Math.ceil(purchases / 4)) }, (_, i) => `bench-w-${i}`),
    [],
  );
  await drained(runtime.endpoints.sqs);

  const purchaseIds = Array.from({ length: purchases }, (_, i) => `bench-p-${i}`);
  const latencies: number[] = [];
  const startedMs = performance.now();
  await send(purchaseIds, latencies);
  await drained(runtime.endpoints.sqs);
  const elapsedS = (performance.now() - startedMs) / 1000;

  const toCredit: number[] = [];
  let credited = 0;
  await pool(purchaseIds, clients, async (purchaseId) => {
    const view = (await request('GET', `/v1/purchases/${purchaseId}`, key)) as {
      status: string;
      acceptedAt: string;
      creditedAt: string | null;
    };
    if (view.status === 'credited' && view.creditedAt) {
      credited++;
      toCredit.push(Date.parse(view.creditedAt) - Date.parse(view.acceptedAt));
    }
  });
  const accrualsPerSecond = credited / elapsedS;

  // Write units, from the items one accrual and one redemption wrote.
  const raw = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: runtime.endpoints.dynamodb,
      region: 'us-east-1',
      credentials,
    }),
  );
  const table = tableDefinition.localTableName;
  const get = async (pk: string, sk: string) =>
    (await raw.send(new GetCommand({ TableName: table, Key: { pk, sk } }))).Item ?? {};
  const memberId = memberIds[0]!;
  const history = (await request('GET', `/v1/members/${memberId}/transactions?limit=1`, key)) as {
    items: { transactionId: string; createdAt: string }[];
  };
  const lastEntry = history.items[0]!;
  const accrualItems = [
    await get('PURCHASE#bench#bench-p-0', 'RECORD'),
    await get(`MEMBER#${memberId}`, 'ACCOUNT'),
    await get(`MEMBER#${memberId}`, `TX#${lastEntry.createdAt}#${lastEntry.transactionId}`),
  ];
  const redemptionId = `bench-r-${randomUUID().slice(0, 8)}`;
  await request('POST', '/v1/redemptions', key, {
    redemptionId,
    memberId,
    storeId: 'bench-store',
    payment: { points: 100 },
  });
  const afterRedemption = (await request('GET', `/v1/members/${memberId}/transactions?limit=1`, key)) as {
    items: { transactionId: string; createdAt: string }[];
  };
  const redeemEntry = afterRedemption.items[0]!;
  const redemptionItems = [
    await get(`REDEMPTION#bench#${redemptionId}`, 'RECORD'),
    await get(`MEMBER#${memberId}`, 'ACCOUNT'),
    await get(`MEMBER#${memberId}`, `TX#${redeemEntry.createdAt}#${redeemEntry.transactionId}`),
  ];

  // Raw DynamoDB Local throughput at the same concurrency: the accrual's transaction alone, then
  // every request one accrual makes (the API: member query and conditional put; the consumer:
  // member query and the transaction). The second is the ceiling DynamoDB Local itself sets.
  // Each is the median of three rounds: DynamoDB Local's rate moves a lot from one round to the next.
  const rawCount = Math.max(300, Math.min(purchases, 1000));
  const template = accrualItems.map((item) => ({ ...item }));
  const profile = await get(`MEMBER#${memberId}`, 'PROFILE');
  const rawRounds: Record<'transaction' | 'every request', number[]> = {
    transaction: [],
    'every request': [],
  };
  for (let round = 0; round < 3; round++) {
    for (const shape of ['transaction', 'every request'] as const) {
      rawRounds[shape].push(await rawThroughput(shape, round));
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const rawPerSecond = median(rawRounds.transaction);
  const rawAccrualPerSecond = median(rawRounds['every request']);
  const roundsOf = (values: number[]) => values.map((value) => value.toFixed(0)).join(', ');
  raw.destroy();

  async function rawThroughput(shape: 'transaction' | 'every request', round: number) {
    const prefix = `${shape === 'transaction' ? 'RAW' : 'RAWALL'}${round}`;
    const rawIds = Array.from({ length: rawCount }, (_, i) => i);
    const rawMembers = Array.from({ length: members }, (_, i) => ({ id: `${prefix}-m-${i}`, version: 0 }));
    for (const rawMember of rawMembers) {
      for (const item of [
        { ...template[1], pk: `${prefix}#${rawMember.id}`, sk: 'ACCOUNT', version: 0 },
        { ...profile, pk: `${prefix}#${rawMember.id}`, sk: 'PROFILE' },
      ]) {
        await raw.send(new PutCommand({ TableName: table, Item: item }));
      }
    }
    if (shape === 'transaction') {
      for (const i of rawIds) {
        await raw.send(
          new PutCommand({
            TableName: table,
            Item: { ...template[0], pk: `${prefix}P#${i}`, sk: 'RECORD', status: 'accepted' },
          }),
        );
      }
    }
    const readMember = (rawMember: { id: string }) =>
      raw.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :a AND :p',
          ExpressionAttributeValues: { ':pk': `${prefix}#${rawMember.id}`, ':a': 'ACCOUNT', ':p': 'PROFILE' },
          ConsistentRead: true,
        }),
      );
    const startedMs = performance.now();
    await pool(rawIds, clients, async (i) => {
      const rawMember = rawMembers[i % members]!;
      if (shape === 'every request') {
        await readMember(rawMember);
        await raw.send(
          new PutCommand({
            TableName: table,
            Item: { ...template[0], pk: `${prefix}P#${i}`, sk: 'RECORD', status: 'accepted' },
            ConditionExpression: 'attribute_not_exists(pk)',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
      }
      for (;;) {
        if (shape === 'every request') await readMember(rawMember);
        const version = rawMember.version;
        try {
          await raw.send(
            new TransactWriteCommand({
              TransactItems: [
                {
                  Put: {
                    TableName: table,
                    Item: { ...template[0], pk: `${prefix}P#${i}`, sk: 'RECORD', status: 'credited' },
                    ConditionExpression: '#s = :accepted',
                    ExpressionAttributeNames: { '#s': 'status' },
                    ExpressionAttributeValues: { ':accepted': 'accepted' },
                  },
                },
                {
                  Put: {
                    TableName: table,
                    Item: {
                      ...template[1],
                      pk: `${prefix}#${rawMember.id}`,
                      sk: 'ACCOUNT',
                      version: version + 1,
                    },
                    ConditionExpression: 'version = :v',
                    ExpressionAttributeValues: { ':v': version },
                  },
                },
                {
                  Put: {
                    TableName: table,
                    Item: { ...template[2], pk: `${prefix}#${rawMember.id}`, sk: `TX#${i}` },
                    ConditionExpression: 'attribute_not_exists(pk)',
                  },
                },
              ],
            }),
          );
          rawMember.version = version + 1;
          return;
        } catch {
          // another client moved this account on; read-modify-write again, as the ledger does
          rawMember.version = Math.max(rawMember.version, version + 1);
        }
      }
    });
    return rawCount / ((performance.now() - startedMs) / 1000);
  }

  // Bundle sizes, built as infra/stateless/StatelessStack.ts builds them.
  const entries = [
    ...Object.values(functions).map((fn) => fn.entry),
    ...Object.values(queues).map((queue) => queue.consumer.entry),
    ...schedules.map((schedule) => schedule.job.entry),
  ];
  const bundles: [string, number][] = [];
  for (const entry of new Set(entries)) {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      minify: true,
      platform: 'node',
      target: 'node22',
      format: 'esm',
      mainFields: ['module', 'main'],
      external: ['@aws-sdk/*'],
      write: false,
    });
    bundles.push([entry, result.outputFiles[0]!.contents.byteLength]);
  }

  const lines = [
    '',
    `Accrual over HTTP: ${members} members, ${purchases} purchases, ${clients} concurrent clients`,
    `  credited                 ${credited} / ${purchases}`,
    `  accruals per second      ${accrualsPerSecond.toFixed(1)}`,
    `  API latency              p50 ${ms(percentile(latencies, 50))}   p99 ${ms(percentile(latencies, 99))}`,
    `  time to credit           p50 ${ms(percentile(toCredit, 50))}   p99 ${ms(percentile(toCredit, 99))}`,
    `Raw DynamoDB Local, the accrual transaction shape (3 items), ${clients} clients`,
    `  transactions per second  ${rawPerSecond.toFixed(1)}   (median of rounds: ${roundsOf(rawRounds.transaction)})`,
    `  ratio accrual / raw      ${(accrualsPerSecond / rawPerSecond).toFixed(2)}   (target ≥ 0.7)`,
    `Raw DynamoDB Local, every request one accrual makes (2 member queries, 1 conditional put, the transaction)`,
    `  accruals' worth per sec  ${rawAccrualPerSecond.toFixed(1)}   (median of rounds: ${roundsOf(rawRounds['every request'])})`,
    `  ratio accrual / that     ${(accrualsPerSecond / rawAccrualPerSecond).toFixed(2)}   (what HTTP, SQS and the handlers cost on top)`,
    'Write units (transactional writes: 2 per KB per item, computed from item sizes)',
    `  one accrual              ${transactionalWriteUnits(accrualItems)} WCU   items ${accrualItems.map((item) => `${itemSizeBytes(item)} B`).join(', ')}   (target ≤ 6)`,
    `  one payment redemption   ${transactionalWriteUnits(redemptionItems)} WCU   items ${redemptionItems.map((item) => `${itemSizeBytes(item)} B`).join(', ')}`,
    'Lambda bundles (minified ESM; the AWS SDK comes with the runtime)',
    ...bundles.map(
      ([entry, bytes]) =>
        `  ${entry.padEnd(32)} ${(bytes / 1024).toFixed(1)} KB${bytes > 300 * 1024 ? '   over 300 KB!' : ''}`,
    ),
  ];
  return lines;
}
