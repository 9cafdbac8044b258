/**
 * Partner boundaries, the claim window and the audit trail (issue 9, CONTRACT §5.1), and no
 * stranded purchase: what loses its accrual message is sent again by the sweeper.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setBusinessClock } from '../../shared/core/clock.js';
import { Scope } from '../../shared/core/scopes.js';
import { acceptPurchase } from '../../shared/features/purchases/accept.js';
import { adapters } from '../../shared/wiring/adapters.js';
import { admin, call, deliver, memberCode, partnerKey, pollQueues, runJob, uniqueId } from './harness.js';

type Json = Record<string, unknown>;
const now = '2026-11-25T10:00:00+08:00';
let adminKey: string;
let partner: { partnerId: string; key: string; keyId: string };
let storeKey: string;

beforeAll(async () => {
  setBusinessClock(now);
  adminKey = await admin();
  partner = await partnerKey([Scope.membersWrite, Scope.membersRead, Scope.pointsEarn, Scope.pointsRedeem]);
  const limited = await call<{ key: string; storeIds: string[] }>(
    'POST',
    `/v1/partners/${partner.partnerId}/keys`,
    {
      key: adminKey,
      body: { scopes: ['points:earn', 'points:redeem', 'members:read'], storeIds: ['s-1'], name: 'till s-1' },
    },
  );
  expect(limited).toMatchObject({ status: 201, body: { storeIds: ['s-1'] } });
  storeKey = limited.body.key;
});

afterAll(() => setBusinessClock(null));

async function enrol() {
  const memberId = uniqueId('m');
  expect((await call('POST', '/v1/members', { key: partner.key, body: { memberId } })).status).toBe(201);
  return memberId;
}

const purchase = (memberId: string, extra: Json = {}) => ({
  purchaseId: uniqueId('p'),
  memberId,
  storeId: 's-1',
  occurredAt: now,
  currency: 'CNY',
  amount: 10_000,
  ...extra,
});

describe('keys limited to stores', () => {
  it('act for their own stores and are refused (403) for any other', async () => {
    const memberId = await enrol();
    expect((await call('POST', '/v1/purchases', { key: storeKey, body: purchase(memberId) })).status).toBe(
      202,
    );
    const elsewhere = await call('POST', '/v1/purchases', {
      key: storeKey,
      body: purchase(memberId, { storeId: 's-2' }),
    });
    expect(elsewhere).toMatchObject({ status: 403, body: { code: 'forbidden' } });

    // The partner's unlimited key sells at s-2: the s-1 key may not read or refund that purchase.
    const other = purchase(memberId, { storeId: 's-2' });
    expect((await call('POST', '/v1/purchases', { key: partner.key, body: other })).status).toBe(202);
    await deliver('accrual', [{ partnerId: partner.partnerId, purchaseId: other.purchaseId }]);
    expect((await call('GET', `/v1/purchases/${other.purchaseId}`, { key: storeKey })).status).toBe(403);
    const refund = await call('POST', '/v1/refunds', {
      key: storeKey,
      body: { refundId: uniqueId('r'), purchaseId: other.purchaseId, amount: 100, occurredAt: now },
    });
    expect(refund.status).toBe(403);

    const redemption = await call('POST', '/v1/redemptions', {
      key: storeKey,
      body: {
        redemptionId: uniqueId('x'),
        memberId,
        memberCode: await memberCode(memberId),
        storeId: 's-2',
        payment: { points: 100 },
      },
    });
    expect(redemption.status).toBe(403);
    const batch = await call<{ results: Json[] }>('POST', '/v1/purchases/batch', {
      key: storeKey,
      body: { purchases: [purchase(memberId), purchase(memberId, { storeId: 's-9' })] },
    });
    expect(batch.body.results.map((result) => result.status)).toEqual(['accepted', 'rejected']);
    expect(batch.body.results[1]).toMatchObject({ error: { code: 'forbidden' } });
  });

  it('refuses a store list on an unknown scope or an empty one', async () => {
    const empty = await call('POST', `/v1/partners/${partner.partnerId}/keys`, {
      key: adminKey,
      body: { scopes: ['points:earn'], storeIds: [] },
    });
    expect(empty).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
  });
});

describe('the claim window', () => {
  it('refuses purchases from the future (400) and older than 30 days (422), and accepts yesterday', async () => {
    const memberId = await enrol();
    const at = (occurredAt: string) =>
      call('POST', '/v1/purchases', { key: partner.key, body: purchase(memberId, { occurredAt }) });
    expect(await at('2026-11-26T10:00:00+08:00')).toMatchObject({
      status: 400,
      body: { code: 'validation_failed', errors: [{ path: 'occurredAt' }] },
    });
    expect(await at('2026-10-16T10:00:00+08:00')).toMatchObject({
      status: 422,
      body: { code: 'claim_window_closed' },
    });
    expect((await at('2026-11-24T10:00:00+08:00')).status).toBe(202);
    // Till clocks drift: three minutes ahead is still now.
    expect((await at('2026-11-25T10:03:00+08:00')).status).toBe(202);
  });

  it('holds for refunds and activities too', async () => {
    const memberId = await enrol();
    const body = purchase(memberId, { occurredAt: '2026-11-20T10:00:00+08:00' });
    await call('POST', '/v1/purchases', { key: partner.key, body });
    await deliver('accrual', [{ partnerId: partner.partnerId, purchaseId: body.purchaseId }]);
    const refund = (occurredAt: string) =>
      call('POST', '/v1/refunds', {
        key: partner.key,
        body: { refundId: uniqueId('r'), purchaseId: body.purchaseId, amount: 100, occurredAt },
      });
    expect((await refund('2026-12-01T10:00:00+08:00')).status).toBe(400);
    expect((await refund('2026-10-01T10:00:00+08:00')).body).toMatchObject({ code: 'claim_window_closed' });
    expect((await refund(now)).status).toBe(201);
    const activity = (occurredAt: string) =>
      call('POST', `/v1/members/${memberId}/activities`, {
        key: partner.key,
        body: { activityId: uniqueId('a'), type: 'survey', occurredAt },
      });
    expect((await activity('2026-11-27T10:00:00+08:00')).status).toBe(400);
    expect((await activity('2026-10-01T10:00:00+08:00')).body).toMatchObject({ code: 'claim_window_closed' });
    expect((await activity('2026-11-24T10:00:00+08:00')).status).toBe(201);
  });
});

describe('the audit trail', () => {
  it('records each administrative act with its actor, newest first, with no key, email or phone', async () => {
    const partnerId = uniqueId('pa');
    await call('POST', '/v1/partners', { key: adminKey, body: { partnerId, name: 'Audited' } });
    const issued = await call<{ key: string; keyId: string }>('POST', `/v1/partners/${partnerId}/keys`, {
      key: adminKey,
      body: { scopes: ['members:erase', 'members:write'] },
    });
    await call('DELETE', `/v1/partners/${partnerId}/keys/${issued.body.keyId}`, { key: adminKey });
    const eraser = await partnerKey([Scope.membersErase]);
    const memberId = uniqueId('m');
    await call('POST', '/v1/members', {
      key: partner.key,
      body: { memberId, email: 'secret@example.com', phone: '13912345678' },
    });
    expect((await call('DELETE', `/v1/members/${memberId}`, { key: eraser.key })).status).toBe(204);
    await call('PUT', '/v1/rewards/audited-gift', {
      key: adminKey,
      body: { name: 'Gift', pointsCost: 500, kind: 'item', stock: 5 },
    });
    const program = await call<Json>('GET', '/v1/program', { key: adminKey });
    const { version: _v, effectiveFromMs: _e, ...rules } = program.body;
    expect((await call('PUT', '/v1/program', { key: adminKey, body: rules })).status).toBe(200);
    const pollers = pollQueues(['jobs']);
    try {
      await runJob('tier-review', {});
    } finally {
      await pollers.stop();
    }

    const all = await call<{ items: Json[]; nextCursor: string | null }>('GET', '/v1/admin/audit', {
      key: adminKey,
      query: { to: '2026-11-26T00:00:00+08:00', limit: '100' },
    });
    expect(all.status).toBe(200);
    const actions = all.body.items.map((item) => item.action);
    for (const action of [
      'partner.created',
      'key.issued',
      'key.revoked',
      'member.erased',
      'reward.saved',
      'program.published',
      'job.started',
    ]) {
      expect(actions).toContain(action);
    }
    const ats = all.body.items.map((item) => String(item.at));
    expect([...ats].sort().reverse()).toEqual(ats);
    const erased = all.body.items.find((item) => item.action === 'member.erased');
    expect(erased).toMatchObject({
      target: `member:${memberId}`,
      actor: { partnerId: eraser.partnerId, keyId: eraser.keyId },
    });
    const text = JSON.stringify(all.body);
    expect(text).not.toContain(issued.body.key);
    expect(text).not.toContain(adminKey);
    expect(text).not.toContain('secret@example.com');
    expect(text).not.toContain('13912345678');

    const onlyKeys = await call<{ items: Json[] }>('GET', '/v1/admin/audit', {
      key: adminKey,
      query: { action: 'key.revoked', to: '2026-11-26T00:00:00+08:00' },
    });
    expect(onlyKeys.body.items.every((item) => item.action === 'key.revoked')).toBe(true);
    expect(onlyKeys.body.items[0]).toMatchObject({
      target: `key:${issued.body.keyId}`,
      detail: { partnerId },
    });
    const byEraser = await call<{ items: Json[] }>('GET', '/v1/admin/audit', {
      key: adminKey,
      query: { partnerId: eraser.partnerId, to: '2026-11-26T00:00:00+08:00' },
    });
    expect(byEraser.body.items.map((item) => item.action)).toEqual(['member.erased']);

    const page = await call<{ items: Json[]; nextCursor: string }>('GET', '/v1/admin/audit', {
      key: adminKey,
      query: { to: '2026-11-26T00:00:00+08:00', limit: '2' },
    });
    expect(page.body.items).toHaveLength(2);
    const next = await call<{ items: Json[] }>('GET', '/v1/admin/audit', {
      key: adminKey,
      query: { to: '2026-11-26T00:00:00+08:00', limit: '2', cursor: page.body.nextCursor },
    });
    expect(next.body.items[0]?.auditId).toBe(all.body.items[2]?.auditId);
    expect((await call('GET', '/v1/admin/audit', { key: partner.key })).status).toBe(403);
    expect(
      (await call('GET', '/v1/admin/audit', { key: adminKey, query: { action: 'coffee.made' } })).status,
    ).toBe(400);
  });
});

describe('no stranded purchase', () => {
  it('credits a purchase whose accrual message was never sent, once, through the sweeper', async () => {
    const pollers = pollQueues(['jobs', 'accrual']);
    try {
      const memberId = await enrol();
      const body = purchase(memberId);
      // The API function dies between the conditional put and SendMessage.
      const lostQueue = {
        sendAll: async () => {
          throw new Error('the function died here');
        },
      };
      await expect(
        acceptPurchase(
          { ...adapters(), accrualQueue: lostQueue },
          { partnerId: partner.partnerId, keyId: partner.keyId, scopes: [Scope.pointsEarn] },
          body,
        ),
      ).rejects.toThrow('the function died here');
      const read = () => call<Json>('GET', `/v1/purchases/${body.purchaseId}`, { key: partner.key });
      expect((await read()).body).toMatchObject({ status: 'accepted' });
      // Not yet two minutes: the sweeper leaves a purchase whose message may still be on its way.
      setBusinessClock('2026-11-25T10:01:00+08:00');
      await runJob('resend-purchases');
      await pollers.idle(20_000);
      expect((await read()).body).toMatchObject({ status: 'accepted' });
      setBusinessClock('2026-11-25T10:03:00+08:00');
      await runJob('resend-purchases');
      await pollers.idle(20_000);
      expect((await read()).body).toMatchObject({ status: 'credited', points: 100 });
      // Later sweeps find nothing: it is credited once.
      setBusinessClock('2026-11-25T10:05:00+08:00');
      await runJob('resend-purchases');
      await pollers.idle(20_000);
      const history = await call<{ items: Json[] }>('GET', `/v1/members/${memberId}/transactions`, {
        key: partner.key,
      });
      expect(history.body.items.filter((item) => item.type === 'earn')).toHaveLength(1);
    } finally {
      setBusinessClock(now);
      await pollers.stop();
    }
  }, 120_000);
});
