/**
 * `npm run bench`: the accrual path measured against the local runtime over HTTP, the raw
 * DynamoDB Local throughput of the same transaction shape in the same run, write units per
 * accrual and per redemption from the items written, and the size of each Lambda bundle.
 *
 *   BENCH_MEMBERS=200 BENCH_PURCHASES=2000 BENCH_CLIENTS=16 npm run bench
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { build } from 'esbuild';
import { freePort } from '../local/services/ports.js';
import { tableDefinition } from '../shared/adapters/dynamodb/tableDefinition.js';
import { generateApiKey } from '../shared/auth/apiKeys.js';
import { functions, queues, schedules } from '../shared/system.js';
import { itemSizeBytes, transactionalWriteUnits } from './itemSize.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const members = Number(process.env.BENCH_MEMBERS ?? 200);
const purchases = Number(process.env.BENCH_PURCHASES ?? 2000);
const clients = Number(process.env.BENCH_CLIENTS ?? 16);

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};
const ms = (value: number) => `${value.toFixed(1)} ms`;

async function pool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

/** `npm start` in its own process, as a developer runs it; the benchmark's clients stay out of its CPU. */
async function startRuntime() {
  const [port, dynamodbPort, sqsPort] = [await freePort(), await freePort(), await freePort()];
  const adminKey = generateApiKey();
  const child = spawn(resolve(import.meta.dirname, '../node_modules/.bin/tsx'), ['local/start.ts'], {
    cwd: resolve(import.meta.dirname, '..'),
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: ':memory:',
      LOYALTY_ADMIN_KEY: adminKey,
      DYNAMODB_PORT: String(dynamodbPort),
      SQS_PORT: String(sqsPort),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  await new Promise<void>((ready, fail) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (/ready/.test(output)) ready();
    });
    child.once('exit', () => fail(new Error(`npm start exited:\n${output}`)));
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    adminKey,
    endpoints: { dynamodb: `http://127.0.0.1:${dynamodbPort}`, sqs: `http://127.0.0.1:${sqsPort}` },
    stop: () =>
      new Promise<void>((done) => {
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

const credentials = { accessKeyId: 'bench', secretAccessKey: 'bench' };

/** Waits until the accrual queue has nothing visible or in flight. */
async function drained(sqsEndpoint: string) {
  const sqs = new SQSClient({ endpoint: sqsEndpoint, region: 'us-east-1', credentials });
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'accrual' }));
  for (let quiet = 0; quiet < 2; ) {
    const { Attributes = {} } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    const depth =
      Number(Attributes.ApproximateNumberOfMessages ?? 0) +
      Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0);
    quiet = depth === 0 ? quiet + 1 : 0;
    await new Promise((r) => setTimeout(r, 25));
  }
  sqs.destroy();
}

async function main() {
  const runtime = await startRuntime();
  const base = runtime.baseUrl;
  const request = async (method: string, path: string, key: string, body?: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status >= 400) throw new Error(`${method} ${path} → ${response.status} ${text}`);
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  };

  try {
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
    const purchaseIds = Array.from({ length: purchases }, (_, i) => `bench-p-${i}`);
    const latencies: number[] = [];
    const startedMs = performance.now();
    await pool(purchaseIds, clients, async (purchaseId) => {
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

    // Raw DynamoDB Local throughput of the accrual's transaction shape, at the same concurrency.
    const rawCount = Math.max(500, Math.min(purchases, 3000));
    const template = accrualItems.map((item) => ({ ...item }));
    const rawIds = Array.from({ length: rawCount }, (_, i) => i);
    const rawMembers = Array.from({ length: members }, (_, i) => ({ id: `raw-m-${i}`, version: 0 }));
    for (const rawMember of rawMembers) {
      await raw.send(
        new PutCommand({
          TableName: table,
          Item: { ...template[1], pk: `RAW#${rawMember.id}`, sk: 'ACCOUNT', version: 0 },
        }),
      );
    }
    for (const i of rawIds) {
      await raw.send(
        new PutCommand({
          TableName: table,
          Item: { ...template[0], pk: `RAWP#${i}`, sk: 'RECORD', status: 'accepted' },
        }),
      );
    }
    const rawStartedMs = performance.now();
    await pool(rawIds, clients, async (i) => {
      const rawMember = rawMembers[i % members]!;
      for (;;) {
        const version = rawMember.version;
        try {
          await raw.send(
            new TransactWriteCommand({
              TransactItems: [
                {
                  Put: {
                    TableName: table,
                    Item: { ...template[0], pk: `RAWP#${i}`, sk: 'RECORD', status: 'credited' },
                    ConditionExpression: '#s = :accepted',
                    ExpressionAttributeNames: { '#s': 'status' },
                    ExpressionAttributeValues: { ':accepted': 'accepted' },
                  },
                },
                {
                  Put: {
                    TableName: table,
                    Item: { ...template[1], pk: `RAW#${rawMember.id}`, sk: 'ACCOUNT', version: version + 1 },
                    ConditionExpression: 'version = :v',
                    ExpressionAttributeValues: { ':v': version },
                  },
                },
                {
                  Put: {
                    TableName: table,
                    Item: { ...template[2], pk: `RAW#${rawMember.id}`, sk: `TX#${i}` },
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
    const rawPerSecond = rawCount / ((performance.now() - rawStartedMs) / 1000);
    raw.destroy();

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
      `  transactions per second  ${rawPerSecond.toFixed(1)}`,
      `  ratio accrual / raw      ${(accrualsPerSecond / rawPerSecond).toFixed(2)}   (target ≥ 0.7)`,
      'Write units (transactional writes: 2 per KB per item, computed from item sizes)',
      `  one accrual              ${transactionalWriteUnits(accrualItems)} WCU   items ${accrualItems.map((item) => `${itemSizeBytes(item)} B`).join(', ')}   (target ≤ 6)`,
      `  one payment redemption   ${transactionalWriteUnits(redemptionItems)} WCU   items ${redemptionItems.map((item) => `${itemSizeBytes(item)} B`).join(', ')}`,
      'Lambda bundles (minified ESM; the AWS SDK comes with the runtime)',
      ...bundles.map(
        ([entry, bytes]) =>
          `  ${entry.padEnd(32)} ${(bytes / 1024).toFixed(1)} KB${bytes > 300 * 1024 ? '   over 300 KB!' : ''}`,
      ),
    ];
    console.log(lines.join('\n'));
  } finally {
    await runtime.stop();
  }
}

await main();
