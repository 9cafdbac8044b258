/**
 * The expiry job over many members (BENCH_EXPIRY_MEMBERS, default 100,000): accounts are written
 * straight into DynamoDB Local (timed: the raw batch-write rate), then the job runs through the
 * local runtime's queue exactly as the schedule would start it, and the raw rate of the expiry's
 * own transaction shape is measured in the same run.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { accountItem } from '../shared/adapters/dynamodb/keys.js';
import { creditBonus, newAccount } from '../shared/domain/account.js';
import { referenceProgram } from '../shared/domain/program.js';
import { tableDefinition } from '../shared/tableDefinition.js';
import { client, credentials, pool, type Runtime } from './harness.js';

const members = Number(process.env.BENCH_EXPIRY_MEMBERS ?? 100_000);
const clients = Number(process.env.BENCH_CLIENTS ?? 16);
const asOf = '2027-01-01T00:00:05+08:00';

export async function benchExpiry(runtime: Runtime): Promise<string[]> {
  const table = tableDefinition.localTableName;
  const raw = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: runtime.endpoints.dynamodb, region: 'us-east-1', credentials }),
  );
  // Each member earned 120 points in 2025 (due on 2027-01-01) and 80 in 2026 (due 2028-01-01).
  const accountOf = (i: number) => {
    const memberId = `exp-m-${i}`;
    const earned2025 = creditBonus(
      newAccount(memberId, Date.parse('2025-01-01T00:00:00Z')),
      120,
      Date.parse('2025-05-01T00:00:00+08:00'),
      referenceProgram,
    );
    return accountItem(
      creditBonus(earned2025, 80, Date.parse('2026-05-01T00:00:00+08:00'), referenceProgram),
    );
  };
  const batches = Array.from({ length: Math.ceil(members / 25) }, (_, b) =>
    Array.from({ length: Math.min(25, members - b * 25) }, (_, j) => accountOf(b * 25 + j)),
  );
  const seedStartedMs = performance.now();
  await pool(batches, clients, async (batch) => {
    let requests = batch.map((item) => ({ PutRequest: { Item: item } }));
    while (requests.length > 0) {
      const { UnprocessedItems } = await raw.send(
        new BatchWriteCommand({ RequestItems: { [table]: requests } }),
      );
      requests = (UnprocessedItems?.[table] ?? []) as typeof requests;
    }
  });
  const rawItemsPerSecond = members / ((performance.now() - seedStartedMs) / 1000);

  // The job, as the schedule starts it.
  const request = client(runtime.baseUrl);
  const jobStartedMs = performance.now();
  const { runId } = (await request('POST', '/v1/admin/jobs/expire-points', runtime.adminKey, { asOf })) as {
    runId: string;
  };
  let run: Record<string, unknown> = {};
  for (;;) {
    run = await request('GET', `/v1/admin/jobs/runs/${runId}`, runtime.adminKey);
    if (run.status !== 'running') break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const jobSeconds = (performance.now() - jobStartedMs) / 1000;
  const membersPerSecond = Number(run.processed) / jobSeconds;

  // The raw rate of the expiry's transaction shape: account, expiry record, expire entry.
  const shapeCount = Math.min(members, 3000);
  const shapeIds = Array.from({ length: shapeCount }, (_, i) => i);
  const shapeStartedMs = performance.now();
  await pool(shapeIds, clients, async (i) => {
    const account = accountOf(i);
    await raw.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: table, Item: { ...account, pk: `RAWX#${i}`, version: 1 } } },
          {
            Put: {
              TableName: table,
              Item: { pk: `EXPIRY#raw-${i}#2027-01-01@v0`, sk: 'RECORD', status: 'expired', points: 120 },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName: table,
              Item: { pk: `RAWX#${i}`, sk: 'TX#2026-12-31T16:00:05.000Z#expire-2027-01-01-v0', points: -120 },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      }),
    );
  });
  const rawTransactionsPerSecond = shapeCount / ((performance.now() - shapeStartedMs) / 1000);
  raw.destroy();

  return [
    '',
    `Expiry job over ${members} members as of ${asOf}, through the jobs queue`,
    `  run                      ${runId}: ${run.status}, processed ${run.processed}, failed ${run.failed}`,
    `  time                     ${jobSeconds.toFixed(1)} s`,
    `  members per second       ${membersPerSecond.toFixed(1)}`,
    'Raw DynamoDB Local writes in the same run',
    `  batch-written items/s    ${rawItemsPerSecond.toFixed(1)}   (seeding the accounts)`,
    `  expiry-shaped tx/s       ${rawTransactionsPerSecond.toFixed(1)}   (3 items, ${clients} clients)`,
    `  ratio job / raw tx       ${(membersPerSecond / rawTransactionsPerSecond).toFixed(2)}`,
  ];
}
