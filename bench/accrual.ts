/**
 * The accrual path measured against the local runtime over HTTP, the raw
 * DynamoDB Local throughput of the same transaction shape in the same run, write units per
 * accrual and per redemption from the items written (the bundles' sizes: bench/bundles.ts).
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
import { tableDefinition } from '../shared/tableDefinition.js';
import { client, credentials, drained, ms, percentile, pool, type Runtime } from './harness.js';
import { itemSizeBytes, transactionalWriteUnits } from './itemSize.js';
import { benchItemsFor, engineThroughput, fiftyRulesProgramme } from './rules.js';

const members = Number(process.env.BENCH_MEMBERS ?? 200);
const purchases = Number(process.env.BENCH_PURCHASES ?? 2000);
const clients = Number(process.env.BENCH_CLIENTS ?? 16);
/** BENCH_RULES=0 leaves out the accrual under 50 earning rules. */
const withRules = process.env.BENCH_RULES !== '0';

/** Accrual over HTTP, the raw transaction throughput and write units. */
export async function benchAccrual(runtime: Runtime): Promise<string[]> {
  const request = client(runtime.baseUrl);
  const admin = runtime.adminKey;
  await request('POST', '/v1/partners', admin, { partnerId: 'bench', name: 'Benchmark store' });
  const { key } = (await request('POST', '/v1/partners/bench/keys', admin, {
    scopes: ['members:write', 'members:read', 'members:codes', 'points:earn', 'points:redeem'],
  })) as { key: string };

  const memberIds = Array.from({ length: members }, (_, i) => `bench-m-${i}`);
  await pool(memberIds, clients, async (memberId) => {
    await request('POST', '/v1/members', key, { memberId });
  });

  const occurredAt = new Date(Date.now() - 10 * 86_400_000).toISOString();
  const send = (
    ids: readonly string[],
    latencies: number[],
    options: { items?: boolean; storeId?: string } = {},
  ) =>
    pool(ids, clients, async (purchaseId) => {
      const index = Number(purchaseId.split('-').at(-1));
      const sentMs = performance.now();
      await request('POST', '/v1/purchases', key, {
        purchaseId,
        memberId: memberIds[index % members],
        storeId: options.storeId ?? 'bench-store',
        occurredAt,
        currency: 'CNY',
        amount: 1_000 + (index % 50) * 1_000,
        ...(options.items ? { items: benchItemsFor(1_000 + (index % 50) * 1_000) } : {}),
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

  const creditedOf = async (ids: readonly string[]) => {
    const times: number[] = [];
    await pool(ids, clients, async (purchaseId) => {
      const view = (await request('GET', `/v1/purchases/${purchaseId}`, key)) as {
        status: string;
        acceptedAt: string;
        creditedAt: string | null;
      };
      if (view.status === 'credited' && view.creditedAt) {
        times.push(Date.parse(view.creditedAt) - Date.parse(view.acceptedAt));
      }
    });
    return times;
  };
  const toCredit = await creditedOf(purchaseIds);
  const credited = toCredit.length;
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
  const { code: memberCode } = (await request('POST', `/v1/members/${memberId}/codes`, key, {})) as {
    code: string;
  };
  await request('POST', '/v1/redemptions', key, {
    redemptionId,
    memberId,
    memberCode,
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

  // The same accrual loop under a programme with 50 active rules and campaigns (and purchases
  // with items), right after the reference programme's, in the same runtime.
  const rules = withRules ? await benchRules() : null;
  async function benchRules() {
    const { version: _version, ...body } = (await request('GET', '/v1/program', admin)) as Record<
      string,
      unknown
    >;
    // Gray release: the 50 rules apply to purchases at `rulesStore`, the reference programme to
    // the others, so both run in alternating rounds of one run, under the same load and table.
    const rulesStore = 'bench-rules-store';
    await request(
      'PUT',
      '/v1/program',
      admin,
      fiftyRulesProgramme(body, Date.parse(occurredAt), `bench/${rulesStore}`),
    );
    const named = (prefix: string, count: number, from = 0) =>
      Array.from({ length: count }, (_, i) => `${prefix}-${from + i}`);
    const warm = Math.min(200, Math.ceil(purchases / 10));
    await send(named('bench-refwarm', warm), [], { items: true });
    await send(named('bench-ruleswarm', warm), [], { items: true, storeId: rulesStore });
    await drained(runtime.endpoints.sqs);
    const rounds = 4;
    const perRound = Math.ceil(purchases / rounds);
    const phases = {
      reference: { ids: [] as string[], latencies: [] as number[], seconds: 0 },
      rules: { ids: [] as string[], latencies: [] as number[], seconds: 0 },
    };
    for (let round = 0; round < rounds; round++) {
      for (const phase of ['reference', 'rules'] as const) {
        const roundIds = named(`bench-${phase}`, perRound, round * perRound);
        const started = performance.now();
        await send(roundIds, phases[phase].latencies, {
          items: true,
          ...(phase === 'rules' ? { storeId: rulesStore } : {}),
        });
        await drained(runtime.endpoints.sqs);
        phases[phase].seconds += (performance.now() - started) / 1000;
        phases[phase].ids.push(...roundIds);
      }
    }
    const [referenceTimes, rulesTimes] = [
      await creditedOf(phases.reference.ids),
      await creditedOf(phases.rules.ids),
    ];
    const sample = (await request('GET', '/v1/purchases/bench-rules-0', key)) as {
      memberId: string;
      points: number;
      breakdown: unknown[];
    };
    const record = await get('PURCHASE#bench#bench-rules-0', 'RECORD');
    const data = record.data as { earnTransactionId: string; creditedAt: string };
    const items = [
      record,
      await get(`MEMBER#${sample.memberId}`, 'ACCOUNT'),
      await get(`MEMBER#${sample.memberId}`, `TX#${data.creditedAt}#${data.earnTransactionId}`),
      await get('COUNTER#budgeted#0', 'COUNTER'),
    ];
    return {
      count: perRound * rounds,
      reference: {
        credited: referenceTimes.length,
        perSecond: referenceTimes.length / phases.reference.seconds,
      },
      credited: rulesTimes.length,
      perSecond: rulesTimes.length / phases.rules.seconds,
      latencies: phases.rules.latencies,
      toCredit: rulesTimes,
      items,
      sample,
      engine: engineThroughput(Date.parse(occurredAt)),
    };
  }

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
    ...(rules
      ? [
          'Accrual under 50 active earning rules and campaigns (bench/rules.ts: 14 item rules, 36 campaigns of which',
          'a purchase meets 5-12, 1 with a 16-shard budget; 3 bands), purchases with 3 items; the rules gray-released',
          'to one store, the reference programme at the other, 4 alternating rounds of each in the same run',
          `  credited                 ${rules.credited} / ${rules.count} under the rules, ${rules.reference.credited} / ${rules.count} under the reference programme   (one breakdown: ${rules.sample.breakdown.length} lines, ${rules.sample.points} points)`,
          `  accruals per second      ${rules.perSecond.toFixed(1)}   reference programme, same purchases: ${rules.reference.perSecond.toFixed(1)}`,
          `  cost ratio               ${(rules.reference.perSecond / rules.perSecond).toFixed(2)}×   (reference rate / rules rate; target ≤ 1.2)`,
          `  API latency              p50 ${ms(percentile(rules.latencies, 50))}   p99 ${ms(percentile(rules.latencies, 99))}`,
          `  time to credit           p50 ${ms(percentile(rules.toCredit, 50))}   p99 ${ms(percentile(rules.toCredit, 99))}`,
          `  one accrual              ${transactionalWriteUnits(rules.items)} WCU   items ${rules.items.map((item) => `${itemSizeBytes(item)} B`).join(', ')}   (record, account, entry, budget shard)`,
          `  rule engine alone        ${rules.engine.rules.toFixed(0)} evaluations/s   reference programme: ${rules.engine.reference.toFixed(0)}/s`,
        ]
      : []),
    'Write units (transactional writes: 2 per KB per item, computed from item sizes)',
    `  one accrual              ${transactionalWriteUnits(accrualItems)} WCU   items ${accrualItems.map((item) => `${itemSizeBytes(item)} B`).join(', ')}   (target ≤ 6)`,
    `  one payment redemption   ${transactionalWriteUnits(redemptionItems)} WCU   items ${redemptionItems.map((item) => `${itemSizeBytes(item)} B`).join(', ')}`,
  ];
  return lines;
}
