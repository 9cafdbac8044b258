import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoImportStore } from '../../shared/adapters/dynamodb/DynamoImportStore.js';
import { DynamoLedgerStore } from '../../shared/adapters/dynamodb/DynamoLedgerStore.js';
import { setBusinessClock } from '../../shared/core/clock.js';
import { OperationKind } from '../../shared/core/records.js';
import { Scope } from '../../shared/core/scopes.js';
import { newAccount } from '../../shared/domain/account.js';
import { admin, call, deliver, partnerKey, pollQueues, runJob, uniqueId } from './harness.js';

type Json = Record<string, unknown>;
let adminKey: string;
let pollers: ReturnType<typeof pollQueues>;

const now = '2026-11-25T10:00:00+08:00';

beforeAll(async () => {
  setBusinessClock(now);
  adminKey = await admin();
  pollers = pollQueues(['jobs']);
});

afterAll(async () => {
  setBusinessClock(null);
  await pollers.stop();
});

const post = (path: string, body?: unknown) => call<Json>('POST', path, { key: adminKey, body });
const get = (path: string, query?: Record<string, string>) =>
  call<Json>('GET', path, { key: adminKey, query });

async function newImport(options?: Json) {
  const importId = uniqueId('imp');
  const created = await post('/v1/admin/imports', { importId, ...(options ? { options } : {}) });
  expect(created.status).toBe(201);
  return importId;
}

const member = async (memberId: string) =>
  (await get(`/v1/members/${memberId}`)).body as {
    tier: Json;
    qualifyingSpend: Json;
    createdAt: string;
    email: string | null;
    points: { available: number; pending: number; expiring: { points: number; expiresAt: string }[] };
  };

describe('an import', () => {
  it('is created once (audited); the same id with other options is a conflict', async () => {
    const importId = uniqueId('imp');
    const first = await post('/v1/admin/imports', { importId });
    expect(first).toMatchObject({
      status: 201,
      body: {
        importId,
        status: 'open',
        options: { enrolmentBonus: false, welcomeEmail: false },
        rows: { received: 0, imported: 0, failed: 0 },
      },
    });
    expect((await post('/v1/admin/imports', { importId })).status).toBe(200);
    const other = await post('/v1/admin/imports', { importId, options: { welcomeEmail: true } });
    expect(other).toMatchObject({ status: 409, body: { code: 'idempotency_conflict' } });
    const audit = await get('/v1/admin/audit', { action: 'import.created', limit: '100' });
    expect((audit.body.items as Json[]).some((item) => item.target === `import:${importId}`)).toBe(true);
    expect((await get('/v1/admin/imports/nothing-here')).status).toBe(404);
  });

  it('needs the admin scope', async () => {
    const desk = await partnerKey([Scope.pointsAdjust, Scope.membersWrite]);
    const answer = await call('POST', '/v1/admin/imports', { key: desk.key, body: { importId: 'x' } });
    expect(answer).toMatchObject({ status: 403, body: { code: 'forbidden' } });
  });

  it('imports members with opening balances, tier and spend; bad rows fail alone and a re-sent chunk changes nothing', async () => {
    const importId = await newImport();
    const taken = uniqueId('m');
    expect((await post('/v1/members', { memberId: taken })).status).toBe(201);
    const [a, b, c] = [uniqueId('m'), uniqueId('m'), uniqueId('m')];
    const rows = [
      {
        row: 1,
        memberId: a,
        name: '张三',
        email: 'zhang@example.com',
        phone: '13812345678',
        birthday: '1990-05-20',
        locale: 'zh-CN',
        enrolledAt: '2024-03-01T09:00:00+08:00',
        tier: 'gold',
        qualifyingSpend: 1_200_000,
        balances: [
          { points: 1200, earnedAt: '2025-03-01T10:00:00+08:00' },
          { points: 800, earnedAt: '2026-02-01' },
        ],
      },
      { row: 2, memberId: b, enrolledAt: '2025-01-01', balances: [{ points: 300, earnedAt: '2025-12-31' }] },
      { row: 3, memberId: c, enrolledAt: '2026-01-01T00:00:00+08:00' },
      { row: 4, memberId: uniqueId('m'), email: 'not-an-email', enrolledAt: '2025-01-01' },
      { row: 5, memberId: uniqueId('m'), enrolledAt: '2025-01-01', tier: 'diamond' },
      { row: 6, memberId: uniqueId('m'), enrolledAt: '2027-01-01' },
      { row: 7, memberId: a, enrolledAt: '2025-01-01' },
      { row: 8, memberId: taken, enrolledAt: '2025-01-01' },
      { row: 9, enrolledAt: '2025-01-01' },
    ];
    const first = await post(`/v1/admin/imports/${importId}/rows`, { rows });
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ received: 9, imported: 3, alreadyImported: 0, failed: 6 });
    expect((first.body.errors as Json[]).map((error) => [error.row, error.code])).toEqual([
      [4, 'validation_failed'],
      [5, 'validation_failed'],
      [6, 'validation_failed'],
      [7, 'member_exists'],
      [8, 'member_exists'],
      [9, 'validation_failed'],
    ]);

    const again = await post(`/v1/admin/imports/${importId}/rows`, { rows });
    expect(again.body).toMatchObject({ received: 9, imported: 0, alreadyImported: 3, failed: 6 });
    expect((await get(`/v1/admin/imports/${importId}`)).body).toMatchObject({
      status: 'open',
      rows: { received: 9, imported: 3, failed: 6 },
    });

    const errors = await get(`/v1/admin/imports/${importId}/errors`, { limit: '4' });
    expect((errors.body.items as Json[]).map((item) => item.row)).toEqual([4, 5, 6, 7]);
    expect(errors.body.items as Json[]).toContainEqual(
      expect.objectContaining({
        row: 4,
        code: 'validation_failed',
        detail: expect.stringContaining('email'),
      }),
    );
    const rest = await get(`/v1/admin/imports/${importId}/errors`, {
      limit: '4',
      cursor: String(errors.body.nextCursor),
    });
    expect((rest.body.items as Json[]).map((item) => item.row)).toEqual([8, 9]);

    const imported = await member(a);
    expect(imported).toMatchObject({
      tier: { code: 'gold' },
      qualifyingSpend: { amount: 1_200_000 },
      createdAt: '2024-03-01T01:00:00.000Z',
      email: 'zhang@example.com',
      points: {
        available: 2000,
        pending: 0,
        expiring: [
          { points: 1200, expiresAt: '2026-12-31T16:00:00.000Z' },
          { points: 800, expiresAt: '2027-12-31T16:00:00.000Z' },
        ],
      },
    });
    const entries = (await get(`/v1/members/${a}/transactions`)).body.items as Json[];
    expect(entries.map((entry) => [entry.type, entry.points]).sort()).toEqual([
      ['adjust', 1200],
      ['adjust', 800],
    ]);
    expect((await member(b)).points).toMatchObject({ available: 300 });
    expect((await member(c)).points).toMatchObject({ available: 0 });
    expect((await get(`/v1/members/${c}/transactions`)).body.items).toEqual([]);
    // Enrolling an imported member is refused like any existing member.
    expect((await post('/v1/members', { memberId: c })).body).toMatchObject({ code: 'member_exists' });

    // Row 4 fixed and sent again: imported, and no longer an error; row 1 sent with other data is refused.
    const fixed = await post(`/v1/admin/imports/${importId}/rows`, {
      rows: [
        { ...rows[3], email: 'li@example.com' },
        { ...rows[0], balances: [{ points: 99_999, earnedAt: '2025-03-01' }] },
      ],
    });
    expect(fixed.body).toMatchObject({ imported: 1, failed: 1 });
    expect((fixed.body.errors as Json[])[0]).toMatchObject({ row: 1, code: 'idempotency_conflict' });
    expect((await get(`/v1/admin/imports/${importId}`)).body).toMatchObject({
      rows: { received: 9, imported: 4, failed: 5 },
    });
    expect((await member(a)).points.available).toBe(2000);

    const completed = await post(`/v1/admin/imports/${importId}/complete`);
    expect(completed).toMatchObject({ status: 200, body: { status: 'completed' } });
    expect((await post(`/v1/admin/imports/${importId}/complete`)).body).toEqual(completed.body);
    const late = await post(`/v1/admin/imports/${importId}/rows`, { rows: [rows[2]] });
    expect(late).toMatchObject({ status: 409, body: { code: 'invalid_state' } });
    const audit = await get('/v1/admin/audit', { action: 'import.completed', limit: '100' });
    expect((audit.body.items as Json[]).find((item) => item.target === `import:${importId}`)).toMatchObject({
      detail: { received: 9, imported: 4, failed: 5 },
    });
    expect(JSON.stringify(audit.body.items)).not.toMatch(/@example\.com|138123|jf_/);
  });

  it('credits the enrolment bonus and queues the welcome email only when asked', async () => {
    const importId = await newImport({ enrolmentBonus: true, welcomeEmail: true });
    const memberId = uniqueId('m');
    const answer = await post(`/v1/admin/imports/${importId}/rows`, {
      rows: [{ row: 1, memberId, email: 'wang@example.com', enrolledAt: '2025-06-01' }],
    });
    expect(answer.body).toMatchObject({ imported: 1 });
    expect((await member(memberId)).points.available).toBe(100);
    const entries = (await get(`/v1/members/${memberId}/transactions`)).body.items as Json[];
    expect(entries).toEqual([expect.objectContaining({ type: 'bonus', points: 100 })]);
    const ledger = new DynamoLedgerStore();
    expect(await ledger.getRecord(OperationKind.notification, memberId, 'welcome')).toMatchObject({
      data: { status: 'pending', notification: { kind: 'welcome', points: 100 } },
    });
    // Without the options: neither.
    const plain = await newImport();
    const other = uniqueId('m');
    await post(`/v1/admin/imports/${plain}/rows`, {
      rows: [{ row: 1, memberId: other, email: 'li@example.com', enrolledAt: '2025-06-01' }],
    });
    expect((await member(other)).points.available).toBe(0);
    expect(await ledger.getRecord(OperationKind.notification, other, 'welcome')).toBeNull();
  });

  it('imports a chunk sent twice at once only once', async () => {
    const importId = await newImport();
    const rows = Array.from({ length: 60 }, (_, i) => ({
      row: i + 1,
      memberId: uniqueId('m'),
      enrolledAt: '2025-01-01',
      balances: [{ points: 10 + i, earnedAt: '2026-01-01' }],
    }));
    const answers = await Promise.all([
      post(`/v1/admin/imports/${importId}/rows`, { rows }),
      post(`/v1/admin/imports/${importId}/rows`, { rows }),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([202, 202]);
    const imported = answers.reduce((sum, answer) => sum + Number(answer.body.imported), 0);
    const already = answers.reduce((sum, answer) => sum + Number(answer.body.alreadyImported), 0);
    expect([imported, already, answers[0]!.body.failed, answers[1]!.body.failed]).toEqual([60, 60, 0, 0]);
    expect((await get(`/v1/admin/imports/${importId}`)).body).toMatchObject({
      rows: { received: 60, imported: 60, failed: 0 },
    });
    expect((await member(rows[59]!.memberId)).points.available).toBe(69);
  });

  it('answers rows it had no time for as unprocessed, writing nothing for them', async () => {
    const importId = await newImport();
    const store = new DynamoImportStore();
    const memberId = uniqueId('m');
    const outcomes = await store.importMembers(
      importId,
      [
        {
          row: 1,
          rowFingerprint: 'f',
          importedAt: new Date().toISOString(),
          profile: {
            memberId,
            name: null,
            email: null,
            phone: null,
            birthday: null,
            locale: 'zh-CN',
            marketingConsent: false,
            referrerId: null,
            status: 'active',
            createdAt: new Date().toISOString(),
            enrolmentFingerprint: 'x',
            version: 0,
          },
          account: { ...newAccount(memberId, Date.now()) },
          entries: [],
          records: [],
          resolvesFailure: false,
        },
      ],
      Date.now() - 1,
    );
    expect(outcomes).toEqual([{ kind: 'unprocessed' }]);
    expect((await get(`/v1/members/${memberId}`)).status).toBe(404);
  });

  it('refuses a chunk of more than 1,000 rows, or over 256 KB, as a whole', async () => {
    const importId = await newImport();
    const rows = Array.from({ length: 1001 }, (_, i) => ({
      row: i + 1,
      memberId: `m${i}`,
      enrolledAt: '2025-01-01',
    }));
    expect((await post(`/v1/admin/imports/${importId}/rows`, { rows })).status).toBe(400);
    const big = rows.slice(0, 1000).map((row) => ({ ...row, name: 'x'.repeat(300) }));
    expect((await post(`/v1/admin/imports/${importId}/rows`, { rows: big })).status).toBe(413);
    const duplicates = await post(`/v1/admin/imports/${importId}/rows`, { rows: [rows[0], rows[0]] });
    expect(duplicates.status).toBe(400);
    expect((await get(`/v1/admin/imports/${importId}`)).body).toMatchObject({ rows: { received: 0 } });
  });
});

describe('imported balances in the ledger', () => {
  it('keep the ledger check ok, and the 2025 lots expire on 2027-01-01', async () => {
    const importId = await newImport();
    const memberId = uniqueId('m');
    await post(`/v1/admin/imports/${importId}/rows`, {
      rows: [
        {
          row: 1,
          memberId,
          enrolledAt: '2024-01-01',
          balances: [
            { points: 500, earnedAt: '2025-01-15' },
            { points: 250, earnedAt: '2025-11-30T23:00:00+08:00' },
            { points: 70, earnedAt: '2026-05-01' },
          ],
        },
      ],
    });
    const check = await get('/v1/reports/ledger-check');
    expect(check.body).toMatchObject({ ok: true, mismatches: [] });

    setBusinessClock('2027-01-01T00:00:05+08:00');
    const run = await runJob('expire-points', { asOf: '2027-01-01T00:00:05+08:00' });
    expect(run).toMatchObject({ status: 'succeeded', failed: 0 });
    expect((await member(memberId)).points).toMatchObject({ available: 70 });
    const entries = (await get(`/v1/members/${memberId}/transactions`)).body.items as Json[];
    expect(entries[0]).toMatchObject({ type: 'expire', points: -750 });
    expect((await get('/v1/reports/ledger-check')).body).toMatchObject({ ok: true });
    setBusinessClock(now);
  });
});

describe('exports', () => {
  it('page every member with the balances the API shows, and the ledger of a period', async () => {
    const importId = await newImport();
    const ids = Array.from({ length: 5 }, () => uniqueId('m'));
    await post(`/v1/admin/imports/${importId}/rows`, {
      rows: ids.map((memberId, i) => ({
        row: i + 1,
        memberId,
        enrolledAt: '2025-02-01',
        balances: [{ points: 100 * (i + 1), earnedAt: '2026-03-01' }],
      })),
    });
    const exported = new Map<string, Json>();
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: Json[]; nextCursor: string | null } } = await call(
        'GET',
        '/v1/admin/exports/members',
        { key: adminKey, query: { limit: '3', ...(cursor ? { cursor } : {}) } },
      );
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(3);
      for (const item of page.body.items) {
        expect(exported.has(String(item.memberId))).toBe(false);
        exported.set(String(item.memberId), item);
      }
      cursor = page.body.nextCursor;
    } while (cursor);
    for (const memberId of ids) {
      const api = await member(memberId);
      expect(exported.get(memberId)).toMatchObject({
        points: { available: api.points.available, pending: api.points.pending },
        value: { amount: api.points.available, currency: 'CNY' },
      });
    }
    const ledger = await get('/v1/admin/exports/ledger', {
      from: '2026-11-25T00:00:00+08:00',
      to: '2026-11-26T00:00:00+08:00',
      limit: '1000',
    });
    const mine = (ledger.body.items as Json[]).filter((item) => ids.includes(String(item.memberId)));
    expect(mine).toHaveLength(5);
    expect(mine[0]).toMatchObject({ type: 'adjust', value: { currency: 'CNY' } });
    expect((await get('/v1/admin/exports/members', { limit: '1001' })).status).toBe(400);
    expect((await get('/v1/admin/exports/members', { cursor: 'bogus' })).status).toBe(400);
  });
});

describe('rows without a row number', () => {
  it('are numbered by their position in the import, chunk after chunk', async () => {
    const importId = await newImport();
    const [a, b, c] = [uniqueId('m'), uniqueId('m'), uniqueId('m')];
    const first = await post(`/v1/admin/imports/${importId}/rows`, {
      rows: [
        { memberId: a, enrolledAt: '2025-01-01', balances: [{ points: 40, earnedAt: '2026-01-01' }] },
        { memberId: uniqueId('m'), enrolledAt: '2025-01-01', tier: 'diamond' },
      ],
    });
    expect(first).toMatchObject({ status: 202, body: { received: 2, imported: 1, failed: 1 } });
    expect((first.body.errors as Json[]).map((error) => [error.row, error.code])).toEqual([
      [2, 'validation_failed'],
    ]);
    const second = await post(`/v1/admin/imports/${importId}/rows`, {
      rows: [
        { memberId: b, enrolledAt: '2025-01-01' },
        { memberId: c, email: 'bad', enrolledAt: '2025-01-01' },
      ],
    });
    expect((second.body.errors as Json[]).map((error) => [error.row, error.code])).toEqual([
      [4, 'validation_failed'],
    ]);
    const errors = await get(`/v1/admin/imports/${importId}/errors`);
    expect((errors.body.items as Json[]).map((item) => item.row)).toEqual([2, 4]);
    expect((await get(`/v1/admin/imports/${importId}`)).body).toMatchObject({
      rows: { received: 4, imported: 2, failed: 2 },
    });
    expect((await member(a)).points.available).toBe(40);
    // The same unnumbered row again takes a new position, and its member exists: nothing changes.
    const again = await post(`/v1/admin/imports/${importId}/rows`, {
      rows: [{ memberId: a, enrolledAt: '2025-01-01', balances: [{ points: 40, earnedAt: '2026-01-01' }] }],
    });
    expect((again.body.errors as Json[]).map((error) => [error.row, error.code])).toEqual([
      [5, 'member_exists'],
    ]);
    expect((await member(a)).points.available).toBe(40);
  });

  it('refuses a chunk where a numbered row takes the position of an unnumbered one', async () => {
    const importId = await newImport();
    const answer = await post(`/v1/admin/imports/${importId}/rows`, {
      rows: [
        { memberId: uniqueId('m'), enrolledAt: '2025-01-01' },
        { row: 1, memberId: uniqueId('m'), enrolledAt: '2025-01-01' },
      ],
    });
    expect(answer).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
  });
});

describe('imported members who bought before', () => {
  it('do not get first-purchase rules; a member imported without spend or balances does', async () => {
    const current = await call<Json>('GET', '/v1/program', { key: adminKey });
    const { version: _version, ...reference } = current.body;
    const earning = reference.earning as Json;
    const welcome = {
      campaignId: 'welcome',
      fromMs: Date.parse('2026-01-01T00:00:00+08:00'),
      toMs: Date.parse('2027-01-01T00:00:00+08:00'),
      firstPurchase: true,
      bonusPoints: 500,
    };
    const published = await call('PUT', '/v1/program', {
      key: adminKey,
      body: { ...reference, earning: { ...earning, campaigns: [welcome] } },
    });
    expect(published.status).toBe(200);
    const importId = await newImport();
    const [spender, holder, newcomer] = [uniqueId('m'), uniqueId('m'), uniqueId('m')];
    const answer = await post(`/v1/admin/imports/${importId}/rows`, {
      rows: [
        { memberId: spender, enrolledAt: '2024-01-01', qualifyingSpend: 50_000 },
        { memberId: holder, enrolledAt: '2024-01-01', balances: [{ points: 10, earnedAt: '2026-01-01' }] },
        { memberId: newcomer, enrolledAt: '2024-01-01' },
      ],
    });
    expect(answer.body).toMatchObject({ imported: 3, failed: 0 });
    const till = await partnerKey([Scope.pointsEarn]);
    const earned = async (memberId: string) => {
      const purchaseId = uniqueId('p');
      await call('POST', '/v1/purchases', {
        key: till.key,
        body: { purchaseId, memberId, storeId: 's1', occurredAt: now, currency: 'CNY', amount: 10_000 },
      });
      await deliver('accrual', [{ partnerId: till.partnerId, purchaseId }]);
      return (await call<{ points: number }>('GET', `/v1/purchases/${purchaseId}`, { key: till.key })).body
        .points;
    };
    expect(await earned(spender)).toBe(100);
    expect(await earned(holder)).toBe(100);
    expect(await earned(newcomer)).toBe(600);
  });
});
