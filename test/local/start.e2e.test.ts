/**
 * The local runtime end to end: `tsx local/start.ts` as a child process, exercised over HTTP, then
 * stopped with SIGTERM, restarted on the same data directory, and stopped again.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../local/services/ports.js';
import {
  alive,
  type Json,
  type RuntimeProcess,
  http as request,
  startRuntime,
  until,
} from '../support/runtimeProcess.js';

const repoRoot = resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(join(tmpdir(), 'jifen-e2e-'));
let runtime: RuntimeProcess | undefined;
let baseUrl = '';
let output = '';

async function start(): Promise<void> {
  runtime = await startRuntime(dataDir);
  baseUrl = runtime.baseUrl;
  output = runtime.output();
}

async function stop(): Promise<number | null> {
  return (await runtime?.stop()) ?? null;
}

const http = (method: string, path: string, key?: string, body?: unknown, raw?: string) =>
  request<Json>(baseUrl, method, path, { key, body, raw });

let adminKey = '';
let tillKey = '';

beforeAll(async () => {
  await start();
  adminKey = readFileSync(join(dataDir, 'admin-key'), 'utf8').trim();
}, 120_000);

afterAll(async () => {
  await stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start', () => {
  it('prints the ready line with the base URL and answers /health without a key', async () => {
    expect(output).toMatch(new RegExp(`ready.*${baseUrl.replace(/[.]/g, '\\.')}`));
    expect(output).toContain(adminKey);
    expect(await http('GET', '/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('creates a partner and a scoped key with the admin key', async () => {
    expect(
      (await http('POST', '/v1/partners', adminKey, { partnerId: 'store-e2e', name: 'E2E store' })).status,
    ).toBe(201);
    const issued = await http('POST', '/v1/partners/store-e2e/keys', adminKey, {
      scopes: ['members:read', 'members:write', 'points:earn', 'points:redeem'],
    });
    expect(issued.status).toBe(201);
    tillKey = String(issued.body.key);
  });

  it('enrols a member and reads it back masked, and unmasked with the admin key', async () => {
    const body = {
      memberId: 'e2e-1',
      email: 'zhang@example.com',
      phone: '13812345678',
      birthday: '1990-05-20',
    };
    expect((await http('POST', '/v1/members', tillKey, body)).status).toBe(201);
    expect((await http('GET', '/v1/members/e2e-1', tillKey)).body).toMatchObject({
      email: 'z***@example.com',
      phone: '138****5678',
    });
    expect((await http('GET', '/v1/members/e2e-1', adminKey)).body).toMatchObject({
      email: 'zhang@example.com',
      phone: '13812345678',
    });
  });

  it('answers 401, 403, 400, 409, 413, 404 and 405 as problem+json', async () => {
    const reader = await http('POST', '/v1/partners/store-e2e/keys', adminKey, { scopes: ['members:read'] });
    const cases = [
      [await http('GET', '/v1/members/e2e-1'), 401, 'unauthorized'],
      [await http('POST', '/v1/members', String(reader.body.key), { memberId: 'x' }), 403, 'forbidden'],
      [await http('POST', '/v1/members', tillKey, { memberId: 'has space' }), 400, 'validation_failed'],
      [
        await http('POST', '/v1/members', tillKey, { memberId: 'ok-1', extra: true }),
        400,
        'validation_failed',
      ],
      [await http('POST', '/v1/members', tillKey, undefined, '{"memberId":'), 400, 'validation_failed'],
      [
        await http('POST', '/v1/members', tillKey, { memberId: 'e2e-1', email: 'other@example.com' }),
        409,
        'member_exists',
      ],
      [
        await http('POST', '/v1/members', tillKey, { memberId: 'big', name: 'x'.repeat(300_000) }),
        413,
        'payload_too_large',
      ],
      [await http('GET', '/v1/nothing-here', tillKey), 404, 'not_found'],
      [await http('PUT', '/v1/members/e2e-1', tillKey, {}), 405, 'method_not_allowed'],
    ] as const;
    for (const [response, status, code] of cases) {
      expect(response.status).toBe(status);
      expect(response.type).toContain('application/problem+json');
      expect(response.body.code).toBe(code);
    }
  });

  it('credits a purchase through the queue, and makes it available when the clock passes the return window', async () => {
    await http('PUT', '/_local/clock', undefined, { now: '2026-06-10T12:00:00+08:00' });
    const accepted = await http('POST', '/v1/purchases', tillKey, {
      purchaseId: 'e2e-p1',
      memberId: 'e2e-1',
      storeId: 'store-e2e',
      occurredAt: '2026-06-10T12:00:00+08:00',
      currency: 'CNY',
      amount: 25_680,
    });
    expect(accepted).toMatchObject({ status: 202, body: { estimatedPoints: 306 } });
    const credited = await until(
      () => http('GET', '/v1/purchases/e2e-p1', tillKey),
      (response) => response.body.status === 'credited',
    );
    expect(credited.body).toMatchObject({ status: 'credited', points: 306 });
    expect((await http('GET', '/v1/members/e2e-1', tillKey)).body.points).toMatchObject({
      available: 100,
      pending: 306,
    });
    await http('PUT', '/_local/clock', undefined, { now: '2026-06-17T12:00:01+08:00' });
    expect((await http('GET', '/v1/members/e2e-1', tillKey)).body.points).toMatchObject({
      available: 406,
      pending: 0,
    });
    expect((await http('GET', '/v1/reports/ledger-check', adminKey)).body).toMatchObject({ ok: true });
    expect((await http('DELETE', '/_local/clock')).status).toBe(204);
  });

  it('serves the OpenAPI document', async () => {
    const openapi = await http('GET', '/openapi.json');
    expect(openapi.body.openapi).toBe('3.1.0');
    expect(Object.keys(openapi.body.paths as Json)).toContain('/v1/purchases');
  });

  it('sends the welcome email through the outbox, the schedule and SES when the clock leaves quiet hours', async () => {
    const toLi = async () =>
      ((await http('GET', '/_local/emails')).body.emails as Json[]).filter((email) =>
        (email.to as string[]).includes('li@example.com'),
      );
    await http('PUT', '/_local/clock', undefined, { now: '2026-06-20T03:00:00+08:00' });
    expect(
      (await http('POST', '/v1/members', tillKey, { memberId: 'e2e-2', email: 'li@example.com' })).status,
    ).toBe(201);
    await http('PUT', '/_local/clock', undefined, { now: '2026-06-20T03:05:00+08:00' });
    await new Promise((r) => setTimeout(r, 2000));
    expect(await toLi()).toEqual([]);
    await http('PUT', '/_local/clock', undefined, { now: '2026-06-20T10:00:00+08:00' });
    // Every minute job fires at the jump; on a busy machine the relay may take a while.
    const sent = await until(toLi, (emails) => emails.length > 0, 60_000);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ to: ['li@example.com'], subject: '欢迎加入会员计划' });
    expect(String(sent[0]?.html)).toContain(`${baseUrl}/v1/unsubscribe?token=`);
    expect(Number.isNaN(Date.parse(String(sent[0]?.sentAt)))).toBe(false);
    await http('PUT', '/_local/clock', undefined, { now: '2026-06-20T10:03:00+08:00' });
    await new Promise((r) => setTimeout(r, 2000));
    expect(await toLi()).toHaveLength(1);
    await http('DELETE', '/_local/clock');
  }, 90_000);

  it('stops every child on SIGTERM and keeps the data for the next start', async () => {
    const pid = Number(readFileSync(join(dataDir, 'dynamodb.pid'), 'utf8'));
    expect(alive(pid)).toBe(true);
    expect(await stop()).toBe(0);
    expect(alive(pid)).toBe(false);
    expect(existsSync(join(dataDir, 'dynamodb.pid'))).toBe(false);

    await start();
    expect(output).not.toContain(adminKey);
    const member = await http('GET', '/v1/members/e2e-1', adminKey);
    expect(member).toMatchObject({ status: 200, body: { memberId: 'e2e-1', points: { available: 406 } } });
  }, 120_000);
});

describe('npm start interrupted during start-up', () => {
  it('stops what it had started and leaves no DynamoDB Local behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jifen-e2e-int-'));
    const early = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], {
      cwd: repoRoot,
      env: { ...process.env, PORT: String(await freePort()), DATA_DIR: dir },
      stdio: 'ignore',
    });
    // Wait until Java has been started (its pid file appears), then interrupt before ready.
    const pidFile = join(dir, 'dynamodb.pid');
    for (const deadline = Date.now() + 30_000; !existsSync(pidFile) && Date.now() < deadline; ) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const javaPid = Number(readFileSync(pidFile, 'utf8'));
    const exited = new Promise<number | null>((r) => early.once('exit', (code) => r(code)));
    early.kill('SIGINT');
    expect(await exited).toBe(0);
    for (const deadline = Date.now() + 10_000; alive(javaPid) && Date.now() < deadline; ) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(alive(javaPid)).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);
});

describe('npm start killed with SIGKILL', () => {
  it('still leaves no DynamoDB Local behind: a watchdog stops Java', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jifen-e2e-kill-'));
    const doomed = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], {
      cwd: repoRoot,
      env: { ...process.env, PORT: String(await freePort()), DATA_DIR: dir },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let out = '';
    doomed.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    for (const deadline = Date.now() + 60_000; !/ready/.test(out) && Date.now() < deadline; ) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const javaPid = Number(readFileSync(join(dir, 'dynamodb.pid'), 'utf8'));
    doomed.kill('SIGKILL');
    for (const deadline = Date.now() + 15_000; alive(javaPid) && Date.now() < deadline; ) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(alive(javaPid)).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  }, 90_000);
});
