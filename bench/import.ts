/**
 * The bulk import (BENCH_IMPORT_MEMBERS, default 100,000 members with two balance lots each)
 * through the import command, as an operator runs it: `npm run import` in its own process,
 * sending the CSV to `npm start` over HTTP. In the same run, the raw DynamoDB Local batch-write
 * rate of the very items an imported member is (profile, account, two entries, the row record),
 * 25 items a request from BENCH_CLIENTS clients, gives the ceiling the import is measured against.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { accountItem, entryItem, importRowItem, profileItem } from '../shared/adapters/dynamodb/keys.js';
import { EntryType } from '../shared/domain/ledgerEntry.js';
import { openingAccount } from '../shared/domain/openingBalances.js';
import { referenceProgram } from '../shared/domain/program.js';
import { MemberStatus } from '../shared/ports/MemberStore.js';
import { tableDefinition } from '../shared/tableDefinition.js';
import { credentials, pool, type Runtime } from './harness.js';

const members = Number(process.env.BENCH_IMPORT_MEMBERS ?? 100_000);
const clients = Number(process.env.BENCH_CLIENTS ?? 16);
/**
 * Members written raw: as many as the import writes, by default (DynamoDB Local slows as its
 * table grows, so a smaller raw run would flatter the ceiling); BENCH_IMPORT_RAW_MEMBERS for less.
 */
const rawMembers = Math.min(members, Number(process.env.BENCH_IMPORT_RAW_MEMBERS ?? members));
/** Members written raw in conditional transactions (slower: a sample of them). */
const rawTxMembers = Math.min(members, 15_000);

const lotsOf = (i: number) => [
  { points: 100 + (i % 900), earnedAt: `2025-${String(1 + (i % 12)).padStart(2, '0')}-15` },
  { points: 50 + (i % 50), earnedAt: '2026-03-01' },
];

function csvOf(prefix: string): string {
  const lines = [
    'member_id,name,email,enrolled_at,tier,qualifying_spend_fen,balance_1_points,balance_1_earned_at,balance_2_points,balance_2_earned_at',
  ];
  for (let i = 0; i < members; i++) {
    const [a, b] = lotsOf(i);
    const tier = i % 10 === 0 ? 'silver' : '';
    lines.push(
      `${prefix}-${i},会员${i},${prefix}-${i}@example.com,2024-05-01,${tier},${tier ? 150_000 : ''},${a!.points},${a!.earnedAt},${b!.points},${b!.earnedAt}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The items one imported member is, shaped exactly as the import writes them. */
function itemsOf(memberId: string, row: number, nowMs: number) {
  const lots = lotsOf(row).map((lot) => {
    const earnedAtMs = Date.parse(`${lot.earnedAt}T00:00:00+08:00`);
    return {
      points: lot.points,
      earnedAtMs,
      expiresOn: `${new Date(earnedAtMs).getUTCFullYear() + 2}-01-01`,
    };
  });
  const importedAt = new Date(nowMs).toISOString();
  const account = openingAccount({
    memberId,
    enrolledAtMs: Date.parse('2024-05-01T00:00:00+08:00'),
    nowMs,
    tier: null,
    qualifyingSpendFen: 0,
    lastPurchaseAtMs: null,
    lots,
    bonus: null,
    program: referenceProgram,
  });
  return [
    profileItem({
      memberId,
      name: `会员${row}`,
      email: `${memberId}@example.com`,
      phone: null,
      birthday: null,
      locale: 'zh-CN',
      marketingConsent: false,
      referrerId: null,
      status: MemberStatus.active,
      createdAt: account.enrolledAt,
      enrolmentFingerprint: `import:raw#${row}`,
      version: 0,
    }),
    accountItem(account),
    ...lots.map((lot, i) =>
      entryItem({
        memberId,
        transactionId: `import-raw-${i + 1}`,
        type: EntryType.adjust,
        points: lot.points,
        createdAt: importedAt,
        occurredAt: new Date(lot.earnedAtMs).toISOString(),
        reference: `import:raw#${row}`,
        description: `Opening balance (migration), earned ${lotsOf(row)[i]!.earnedAt}`,
      }),
    ),
    importRowItem('raw', row, { memberId, fingerprint: 'x'.repeat(32), importedAt }),
  ];
}

async function rawBatchWriteRate(runtime: Runtime, prefix: string, count: number, firstRow: number) {
  const table = tableDefinition.localTableName;
  const raw = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: runtime.endpoints.dynamodb, region: 'us-east-1', credentials }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  const nowMs = Date.now();
  const items = Array.from({ length: count }, (_, i) =>
    itemsOf(`${prefix}-${i}`, firstRow + i, nowMs),
  ).flat();
  const batches = Array.from({ length: Math.ceil(items.length / 25) }, (_, b) =>
    items.slice(b * 25, b * 25 + 25),
  );
  const startedMs = performance.now();
  await pool(batches, clients, async (batch) => {
    let requests = batch.map((item) => ({ PutRequest: { Item: item } }));
    while (requests.length > 0) {
      const { UnprocessedItems } = await raw.send(
        new BatchWriteCommand({ RequestItems: { [table]: requests } }),
      );
      requests = (UnprocessedItems?.[table] ?? []) as typeof requests;
    }
  });
  const seconds = (performance.now() - startedMs) / 1000;
  raw.destroy();
  return {
    itemsPerSecond: items.length / seconds,
    membersPerSecond: count / seconds,
    itemsPerMember: items.length / count,
  };
}

/**
 * The ceiling for writes that must be conditional: the same items, each on `attribute_not_exists`,
 * in transactions of 100 items (20 members), as many in flight as the import keeps (4 chunks × 2).
 */
async function rawTransactionRate(runtime: Runtime, prefix: string, count: number, firstRow: number) {
  const table = tableDefinition.localTableName;
  const raw = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: runtime.endpoints.dynamodb, region: 'us-east-1', credentials }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  const nowMs = Date.now();
  const groups = Array.from({ length: Math.ceil(count / 20) }, (_, g) =>
    Array.from({ length: Math.min(20, count - g * 20) }, (_, j) =>
      itemsOf(`${prefix}-${g * 20 + j}`, firstRow + g * 20 + j, nowMs),
    ).flat(),
  );
  const startedMs = performance.now();
  await pool(groups, 8, async (items) => {
    await raw.send(
      new TransactWriteCommand({
        TransactItems: items.map((Item) => ({
          Put: { TableName: table, Item, ConditionExpression: 'attribute_not_exists(pk)' },
        })),
      }),
    );
  });
  const seconds = (performance.now() - startedMs) / 1000;
  raw.destroy();
  return { membersPerSecond: count / seconds, count };
}

function runImportCommand(runtime: Runtime, file: string) {
  return new Promise<{ seconds: number; summary: Record<string, unknown> }>((done, fail) => {
    const startedMs = performance.now();
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'ops/import.ts',
        '--file',
        file,
        '--url',
        runtime.baseUrl,
        '--key',
        runtime.adminKey,
        '--json',
      ],
      { cwd: resolve(import.meta.dirname, '..'), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => {
      const seconds = (performance.now() - startedMs) / 1000;
      if (code !== 0) return fail(new Error(`npm run import exited ${code}:\n${output}`));
      done({ seconds, summary: JSON.parse(output.trim().split('\n').at(-1)!) });
    });
  });
}

export async function benchImport(runtime: Runtime): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'jifen-bench-import-'));
  try {
    const file = join(dir, 'bench-members.csv');
    writeFileSync(file, csvOf('bench-imp'));
    // Unmeasured: DynamoDB Local's JVM compiles its hot paths first, as the accrual benchmark does.
    await rawBatchWriteRate(runtime, 'bench-warm', 3000, 10_000_000);
    await rawTransactionRate(runtime, 'bench-warmtx', 1000, 20_000_000);
    // The ceilings, before the import (on the smaller table: the comparison does not flatter it),
    // each the median of three rounds.
    const median = <T extends { membersPerSecond: number }>(rounds: T[]) =>
      rounds.sort((a, b) => a.membersPerSecond - b.membersPerSecond)[1]!;
    const rounds = [];
    for (let round = 0; round < 3; round++) {
      rounds.push(
        await rawBatchWriteRate(
          runtime,
          `bench-raw${round}`,
          Math.ceil(rawMembers / 3),
          1 + round * 1_000_000,
        ),
      );
    }
    const raw = median(rounds);
    const txRounds = [];
    for (let round = 0; round < 3; round++) {
      txRounds.push(
        await rawTransactionRate(
          runtime,
          `bench-rawtx${round}`,
          Math.ceil(rawTxMembers / 3),
          30_000_000 + round * 1_000_000,
        ),
      );
    }
    const rawTx = median(txRounds);
    const { seconds, summary } = await runImportCommand(runtime, file);
    const rowsPerSecond = members / seconds;
    const totals = summary.totals as { imported: number; failed: number };
    return [
      '',
      `Import of ${members} members with two balance lots each, through \`npm run import\` (its own process, over HTTP)`,
      `  imported / failed        ${totals.imported} / ${totals.failed}`,
      `  time                     ${seconds.toFixed(1)} s (the command's start and its file hash included)`,
      `  rows per second          ${rowsPerSecond.toFixed(1)}   (sending only: ${Number(summary.rowsPerSecond).toFixed(1)})`,
      'Raw DynamoDB Local batch writes of the same items, in the same run',
      `  members per second       ${raw.membersPerSecond.toFixed(1)}   (${raw.itemsPerMember} items each, ${raw.itemsPerSecond.toFixed(0)} items/s; median of 3 rounds of ${Math.ceil(rawMembers / 3)} members, 25 items a request, ${clients} clients)`,
      `  ratio import / raw       ${(rowsPerSecond / raw.membersPerSecond).toFixed(2)}`,
      `  conditional, 20 members a transaction: ${rawTx.membersPerSecond.toFixed(1)} members/s (median of 3 rounds of ${rawTx.count}, 8 in flight; ${(rawTx.membersPerSecond / raw.membersPerSecond).toFixed(2)} of the batch rate)`,
      `  ratio import / raw transactions ${(rowsPerSecond / rawTx.membersPerSecond).toFixed(2)}`,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
