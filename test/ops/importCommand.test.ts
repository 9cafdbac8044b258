/**
 * The import and export commands as an operator runs them: child processes talking HTTP to the
 * local API Gateway (in this process, with the real handlers against this file's own table).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from '../../local/apiGateway.js';
import { createInvoker } from '../../local/lambda.js';
import { freePort } from '../../local/services/ports.js';
import { setBusinessClock } from '../../shared/core/clock.js';
import { admin, call, pollQueues, runJob } from '../functions/harness.js';

const run = promisify(execFile);
const repoRoot = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'jifen-import-'));
let server: Server;
let baseUrl = '';
let adminKey = '';
let pollers: ReturnType<typeof pollQueues>;

type Json = Record<string, unknown>;
const now = '2026-11-25T10:00:00+08:00';

beforeAll(async () => {
  setBusinessClock(now);
  adminKey = await admin();
  const port = await freePort();
  server = createGateway({ invoke: createInvoker() });
  await new Promise<void>((listening) => server.listen(port, '127.0.0.1', () => listening()));
  baseUrl = `http://127.0.0.1:${port}`;
  pollers = pollQueues(['jobs']);
});

afterAll(async () => {
  setBusinessClock(null);
  await pollers.stop();
  server.closeAllConnections();
  await new Promise((closed) => server.close(closed));
  rmSync(dir, { recursive: true, force: true });
});

async function command(script: 'import' | 'export', args: string[]) {
  const { stdout, stderr } = await run(
    process.execPath,
    ['--import', 'tsx', `ops/${script}.ts`, '--url', baseUrl, '--key', adminKey, '--no-progress', ...args],
    { cwd: repoRoot, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, NODE_OPTIONS: '' } },
  );
  return { stdout, stderr };
}

async function importFile(file: string, ...args: string[]) {
  const { stdout } = await command('import', ['--file', file, '--json', ...args]);
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as {
    importId: string;
    status: string;
    sent: number;
    imported: number;
    alreadyImported: number;
    failed: number;
    resumedAfterRow: number;
    totals: { received: number; imported: number; failed: number };
    errorsFile: string;
    errorRows: number;
  };
}

interface Member {
  readonly id: string;
  readonly lots: readonly { points: number; earnedAt: string }[];
}

/**
 * 1,000 members: a third with a 2025 and a 2026 lot, a third with a 2026 lot, a third with none;
 * every 50th row is bad (bad email, unknown tier, no enrolment date, the previous row's member).
 */
function membersCsv(prefix: string) {
  const header =
    'member_id,name,email,enrolled_at,tier,qualifying_spend_fen,balance_1_points,balance_1_earned_at,balance_2_points,balance_2_earned_at';
  const lines = [header];
  const good = new Map<string, Member>();
  const bad = new Map<number, string>();
  for (let row = 1; row <= 1000; row++) {
    let id = `${prefix}-${row}`;
    const lots: { points: number; earnedAt: string }[] = [];
    if (row % 3 === 0) {
      lots.push({ points: 100 + row, earnedAt: `2025-0${1 + (row % 9)}-15` });
      lots.push({ points: 50, earnedAt: '2026-03-01T12:00:00+08:00' });
    } else if (row % 3 === 1) {
      lots.push({ points: row, earnedAt: '2026-02-01' });
    }
    let email = `${id}@example.com`;
    let tier = row % 10 === 0 ? 'gold' : '';
    let enrolledAt = '2024-05-01';
    if (row % 50 === 0) {
      const kind = (row / 50) % 4;
      if (kind === 0) email = 'not-an-email';
      if (kind === 1) tier = 'diamond';
      if (kind === 2) enrolledAt = '';
      if (kind === 3) id = `${prefix}-${row - 1}`;
      bad.set(row, ['validation_failed', 'validation_failed', 'validation_failed', 'member_exists'][kind]!);
    } else {
      good.set(id, { id, lots });
    }
    const cells = [
      id,
      `会员 ${row}`,
      email,
      enrolledAt,
      tier,
      tier === 'gold' ? '1200000' : '',
      String(lots[0]?.points ?? ''),
      lots[0]?.earnedAt ?? '',
      String(lots[1]?.points ?? ''),
      lots[1]?.earnedAt ?? '',
    ];
    lines.push(cells.join(','));
  }
  return { text: `\uFEFF${lines.join('\r\n')}\r\n`, good, bad };
}

const total = (member: Member) => member.lots.reduce((sum, lot) => sum + lot.points, 0);

// Each import of 1,000 rows goes through a child process and the HTTP API: on a busy 2-core CI
// machine one run can take most of a minute, so every case here gets three minutes.
describe('npm run import', { timeout: 180_000 }, () => {
  const file = join(dir, 'members.csv');
  const { text, good, bad } = membersCsv('cmd');

  it('imports 1,000 members, reporting the bad rows in the error file', async () => {
    writeFileSync(file, text);
    const first = await importFile(file);
    expect(first).toMatchObject({
      importId: 'members',
      status: 'completed',
      sent: 1000,
      imported: 980,
      alreadyImported: 0,
      failed: 20,
      totals: { received: 1000, imported: 980, failed: 20 },
      errorRows: 20,
    });
    const errors = parse(readFileSync(first.errorsFile), { columns: true }) as Record<string, string>[];
    expect(errors.map((error) => [Number(error.row), error.code])).toEqual([...bad.entries()]);
    expect(errors[0]).toMatchObject({ member_id: 'cmd-50', detail: expect.stringContaining('tier') });
    expect(errors[3]).toMatchObject({ member_id: 'cmd-200', detail: expect.stringContaining('email') });
  });

  it('imports nothing new the second time, with the same counts and errors', async () => {
    const second = await importFile(file);
    expect(second).toMatchObject({
      sent: 0,
      imported: 0,
      totals: { received: 1000, imported: 980, failed: 20 },
      errorRows: 20,
    });
    const { stdout } = await command('import', ['--file', file]);
    expect(stdout).toContain('nothing to send');
    expect(stdout).toContain('members.csv.errors.csv (20 rows)');
  });

  it('gives each member the balances of the file, lots expiring by the policy', async () => {
    for (const id of ['cmd-3', 'cmd-4', 'cmd-5', 'cmd-999', 'cmd-49']) {
      const member = good.get(id)!;
      const answer = await call<{ points: { available: number; expiring: Json[] } }>(
        'GET',
        `/v1/members/${id}`,
        {
          key: adminKey,
        },
      );
      expect(answer.body.points.available).toBe(total(member));
    }
    const withTwo = await call<{ points: { expiring: Json[] }; tier: Json }>('GET', '/v1/members/cmd-30', {
      key: adminKey,
    });
    expect(withTwo.body.tier).toMatchObject({ code: 'gold' });
    expect(withTwo.body.points.expiring).toEqual([
      { points: 130, expiresAt: '2026-12-31T16:00:00.000Z' },
      { points: 50, expiresAt: '2027-12-31T16:00:00.000Z' },
    ]);
  });

  it('exports one line per member with the API’s balances', async () => {
    const out = join(dir, 'members-export.csv');
    const { stdout } = await command('export', ['members', '--out', out]);
    expect(stdout).toMatch(/Exported [\d,]+ members/);
    const lines = parse(readFileSync(out), { columns: true, bom: true }) as Record<string, string>[];
    const byId = new Map(lines.map((line) => [line.member_id, line]));
    expect(byId.size).toBe(lines.length);
    for (const member of good.values()) {
      expect(Number(byId.get(member.id)?.points_available)).toBe(total(member));
    }
    const sample = byId.get('cmd-30')!;
    expect(sample).toMatchObject({
      tier: 'gold',
      points_available: '180',
      points_value_fen: '180',
      points_value_yuan: '1.80',
      qualifying_spend_fen: '1200000',
      qualifying_spend_yuan: '12000.00',
      next_expiry_date: '2027-01-01',
      next_expiry_points: '130',
      lots: '2027-01-01:130;2028-01-01:50',
      name: '会员 30',
    });
    const api = await call<{ points: { available: number } }>('GET', '/v1/members/cmd-30', { key: adminKey });
    expect(Number(sample.points_available)).toBe(api.body.points.available);

    const ledger = join(dir, 'ledger.csv');
    await command('export', ['ledger', '--out', ledger, '--from', '2026-11-25T00:00:00+08:00']);
    const entries = parse(readFileSync(ledger), { columns: true, bom: true }) as Record<string, string>[];
    const imported = entries.filter((entry) => entry.member_id?.startsWith('cmd-'));
    expect(imported.reduce((sum, entry) => sum + Number(entry.points), 0)).toBe(
      [...good.values()].reduce((sum, member) => sum + total(member), 0),
    );
    expect(imported.every((entry) => entry.type === 'adjust')).toBe(true);
  });

  it('keeps the ledger check ok, and the 2025 lots expire on 2027-01-01', async () => {
    expect((await call('GET', '/v1/reports/ledger-check', { key: adminKey })).body).toMatchObject({
      ok: true,
    });
    setBusinessClock('2027-01-01T00:00:05+08:00');
    try {
      const job = await runJob('expire-points', { asOf: '2027-01-01T00:00:05+08:00' });
      expect(job).toMatchObject({ status: 'succeeded', failed: 0 });
      const member = await call<{ points: { available: number } }>('GET', '/v1/members/cmd-30', {
        key: adminKey,
      });
      expect(member.body.points.available).toBe(50);
      expect((await call('GET', '/v1/reports/ledger-check', { key: adminKey })).body).toMatchObject({
        ok: true,
      });
    } finally {
      setBusinessClock(now);
    }
  });
});

describe('resuming and re-sending', { timeout: 180_000 }, () => {
  it('resumes after the last confirmed row, and a full re-send changes nothing', async () => {
    const file = join(dir, 'again.csv');
    const { text } = membersCsv('again');
    writeFileSync(file, text);
    // A first run that "stopped" after row 400: its state file says so, and the import stays open.
    const partial = await importFile(file, '--chunk-rows', '200', '--no-complete');
    expect(partial).toMatchObject({ status: 'open', totals: { imported: 980 } });
    const statePath = `${file}.import-state.json`;
    const state = JSON.parse(readFileSync(statePath, 'utf8'));
    writeFileSync(statePath, JSON.stringify({ ...state, doneThrough: 400, rows: null }));

    const resumed = await importFile(file, '--chunk-rows', '200', '--no-complete');
    expect(resumed).toMatchObject({
      resumedAfterRow: 400,
      sent: 600,
      imported: 0,
      alreadyImported: 588,
      failed: 12,
      totals: { received: 1000, imported: 980, failed: 20 },
    });
    const everything = await importFile(file, '--restart', '--concurrency', '8');
    expect(everything).toMatchObject({
      status: 'completed',
      sent: 1000,
      imported: 0,
      alreadyImported: 980,
      totals: { received: 1000, imported: 980, failed: 20 },
      errorRows: 20,
    });
    // Three runs of 1,000 rows through child processes: on a busy 2-core CI machine this takes a while.
  }, 180_000);

  it('reads JSON lines, reporting a line that is not JSON', async () => {
    const file = join(dir, 'members.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify({
          memberId: 'jl-1',
          enrolledAt: '2025-01-01',
          balances: [{ points: 70, earnedAt: '2025-06-01' }],
        }),
        '',
        '{not json',
        JSON.stringify({
          memberId: 'jl-2',
          enrolledAt: '2025-01-01',
          tier: 'silver',
          qualifyingSpend: 150_000,
        }),
      ].join('\n'),
    );
    const summary = await importFile(file, '--import-id', 'jsonl');
    expect(summary).toMatchObject({
      imported: 2,
      failed: 1,
      totals: { imported: 2, failed: 0 },
      errorRows: 1,
    });
    expect(readFileSync(summary.errorsFile, 'utf8')).toContain('2,,invalid_line');
    expect(
      (await call<{ points: { available: number } }>('GET', '/v1/members/jl-1', { key: adminKey })).body
        .points,
    ).toMatchObject({ available: 70 });
  });

  it('imports the sample file of the repository', async () => {
    const summary = await importFile(
      join(repoRoot, 'ops/samples/members.csv'),
      '--state-dir',
      dir,
      '--import-id',
      'sample',
    );
    expect(summary).toMatchObject({ failed: 0, totals: { failed: 0 } });
    expect(summary.imported).toBeGreaterThan(0);
  });
});
