/**
 * The stream and the aggregator in `npm start`: a purchase over HTTP shows up in the daily report
 * a moment after it is credited, and after a restart on the same data the stream resumes from its
 * checkpoint: the next purchase counts, and nothing counts twice.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { programDay } from '../../shared/domain/calendar.js';
import { http, type Json, type RuntimeProcess, startRuntime } from '../support/runtimeProcess.js';

const dataDir = mkdtempSync(join(tmpdir(), 'jifen-reports-'));
let runtime: RuntimeProcess | undefined;
let key = '';
const memberId = `m-${Date.now()}`;
const today = programDay(Date.now(), 'Asia/Shanghai');

const start = async () => {
  runtime = await startRuntime(dataDir, { CONSOLE: 'off' });
};

async function purchase(purchaseId: string, amount: number) {
  const { baseUrl } = runtime!;
  const body = {
    purchaseId,
    memberId,
    storeId: 'store-e2e',
    occurredAt: new Date().toISOString(),
    currency: 'CNY',
    amount,
  };
  expect((await http(baseUrl, 'POST', '/v1/purchases', { key, body })).status).toBe(202);
}

/** Today's row of the daily report, once it shows `purchases` purchases (the aggregator is a moment behind). */
async function todayOnceItShows(purchases: number, query = '') {
  const deadline = Date.now() + 30_000;
  let row: Json = {};
  while (Date.now() < deadline) {
    const answer = await http<{ items: Json[] }>(
      runtime!.baseUrl,
      'GET',
      `/v1/reports/daily?from=${today}&to=${today}${query}`,
      { key: runtime!.adminKey },
    );
    expect(answer.status).toBe(200);
    row = answer.body.items[0]!;
    if (row.purchases === purchases) return row;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return row;
}

beforeAll(async () => {
  await start();
  const { baseUrl, adminKey } = runtime!;
  await http(baseUrl, 'POST', '/v1/partners', { key: adminKey, body: { partnerId: 'e2e', name: 'E2E' } });
  const issued = await http<{ key: string }>(baseUrl, 'POST', '/v1/partners/e2e/keys', {
    key: adminKey,
    body: { scopes: ['members:write', 'points:earn'] },
  });
  key = issued.body.key;
  expect((await http(baseUrl, 'POST', '/v1/members', { key, body: { memberId } })).status).toBe(201);
}, 120_000);

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the daily report over HTTP', () => {
  it('shows a purchase a moment after it is accepted', async () => {
    await purchase('P-E2E-1', 25_680);
    const row = await todayOnceItShows(1);
    expect(row).toMatchObject({
      date: today,
      purchases: 1,
      spend: { amount: 25_680, currency: 'CNY' },
      points: { issued: 100 + 306 },
      members: { new: 1 },
    });
    expect(await todayOnceItShows(1, '&partnerId=e2e')).toMatchObject({ purchases: 1, members: { new: 1 } });
  });

  it('resumes the stream after a restart on the same data, counting nothing twice', async () => {
    expect(await runtime!.stop()).toBe(0);
    await start();
    await purchase('P-E2E-2', 10_000);
    const row = await todayOnceItShows(2);
    expect(row).toMatchObject({
      purchases: 2,
      spend: { amount: 35_680 },
      points: { issued: 100 + 306 + 100 },
    });
    const summary = await http<{ points: { outstanding: number } }>(
      runtime!.baseUrl,
      'GET',
      `/v1/reports/summary?from=${encodeURIComponent(`${today}T00:00:00+08:00`)}&to=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`,
      { key: runtime!.adminKey },
    );
    expect(summary.body.points.outstanding).toBe(506);
  });
});
