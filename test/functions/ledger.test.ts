import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setBusinessClock } from '../../shared/core/clock.js';
import { Scope } from '../../shared/core/scopes.js';
import { InvariantViolated } from '../../shared/domain/invariants.js';
import { NEVER } from '../../shared/domain/lots.js';
import { adapters } from '../../shared/wiring/adapters.js';
import { admin, call, deliver, memberCode, partnerKey, pollStream, redeem, uniqueId } from './harness.js';

type Body = Record<string, unknown>;
let till: { partnerId: string; key: string };
let otherPartner: { partnerId: string; key: string };

const now = '2026-11-22T10:00:00+08:00';

beforeAll(async () => {
  setBusinessClock(now);
  till = await partnerKey([Scope.membersWrite, Scope.membersRead, Scope.pointsEarn, Scope.pointsRedeem]);
  otherPartner = await partnerKey([Scope.membersRead, Scope.pointsEarn, Scope.pointsRedeem]);
});

afterAll(() => setBusinessClock(null));

async function enrol(extra: Body = {}) {
  const memberId = uniqueId('m');
  const response = await call('POST', '/v1/members', { key: till.key, body: { memberId, ...extra } });
  expect(response.status).toBe(201);
  return memberId;
}

function purchase(memberId: string, amount: number, extra: Body = {}) {
  return {
    purchaseId: uniqueId('p'),
    memberId,
    storeId: 'store-1',
    occurredAt: now,
    currency: 'CNY',
    amount,
    ...extra,
  };
}

/** Accepts a purchase over the API, then delivers its accrual message to the real consumer. */
async function buy(memberId: string, amount: number, extra: Body = {}) {
  const body = purchase(memberId, amount, extra);
  const accepted = await call('POST', '/v1/purchases', { key: till.key, body });
  expect(accepted.status).toBe(202);
  const result = await deliver('accrual', [{ partnerId: till.partnerId, purchaseId: body.purchaseId }]);
  expect(result.batchItemFailures).toEqual([]);
  return body.purchaseId;
}

const points = async (memberId: string) =>
  (
    await call<{ points: { available: number; pending: number; held: number } }>(
      'GET',
      `/v1/members/${memberId}`,
      {
        key: till.key,
      },
    )
  ).body.points;

async function giveAvailable(memberId: string, amountFen: number) {
  await buy(memberId, amountFen, { occurredAt: '2026-11-01T10:00:00+08:00' });
}

describe('accrual', () => {
  it('accepts a purchase with an estimate and credits it through the consumer', async () => {
    const memberId = await enrol();
    const body = purchase(memberId, 25_680);
    const accepted = await call('POST', '/v1/purchases', { key: till.key, body });
    expect(accepted).toMatchObject({
      status: 202,
      body: { purchaseId: body.purchaseId, status: 'accepted', estimatedPoints: 306 },
    });
    expect((await call('GET', `/v1/purchases/${body.purchaseId}`, { key: till.key })).body).toMatchObject({
      status: 'accepted',
      points: 0,
    });
    await deliver('accrual', [{ partnerId: till.partnerId, purchaseId: body.purchaseId }]);
    expect((await call('GET', `/v1/purchases/${body.purchaseId}`, { key: till.key })).body).toMatchObject({
      status: 'credited',
      points: 306,
      availableAt: '2026-11-29T02:00:00.000Z',
    });
    expect(await points(memberId)).toEqual({
      available: 100,
      pending: 306,
      held: 0,
      expiring: expect.any(Array),
    });
  });

  it('credits 20 simultaneous copies of one purchase once', async () => {
    const memberId = await enrol();
    const body = purchase(memberId, 10_000);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => call('POST', '/v1/purchases', { key: till.key, body })),
    );
    expect(answers.every((answer) => answer.status === 202)).toBe(true);
    await Promise.all(
      Array.from({ length: 20 }, () =>
        deliver('accrual', [{ partnerId: till.partnerId, purchaseId: body.purchaseId }]),
      ),
    );
    expect((await points(memberId)).pending).toBe(100);
    const history = await call<{ items: { type: string }[] }>('GET', `/v1/members/${memberId}/transactions`, {
      key: till.key,
    });
    expect(history.body.items.filter((item) => item.type === 'earn')).toHaveLength(1);
  });

  it('credits a message delivered twice only once', async () => {
    const memberId = await enrol();
    const purchaseId = await buy(memberId, 5_000);
    const again = await deliver('accrual', [{ partnerId: till.partnerId, purchaseId }], 2);
    expect(again.batchItemFailures).toEqual([]);
    expect((await points(memberId)).pending).toBe(50);
  });

  it('answers 409 when a purchase id is reused with another body, naming the difference', async () => {
    const memberId = await enrol();
    const body = purchase(memberId, 10_000);
    await call('POST', '/v1/purchases', { key: till.key, body });
    const conflict = await call('POST', '/v1/purchases', {
      key: till.key,
      body: { ...body, amount: 20_000 },
    });
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({ code: 'idempotency_conflict' });
    expect(String(conflict.body.detail)).toContain('amount');
  });

  it('changes nothing for a forged message that carries other figures under a real purchase id', async () => {
    const memberId = await enrol();
    const body = purchase(memberId, 10_000);
    await call('POST', '/v1/purchases', { key: till.key, body });
    const { DynamoLedgerStore } = await import('../../shared/adapters/dynamodb/DynamoLedgerStore.js');
    const stored = (await new DynamoLedgerStore().getRecord('PURCHASE', till.partnerId, body.purchaseId))!
      .data;
    for (const forged of [
      { ...stored, amountFen: 10_000_000 },
      { ...stored, memberId: 'someone-else' },
    ]) {
      const result = await deliver('accrual', [
        { partnerId: till.partnerId, purchaseId: body.purchaseId, purchase: forged },
      ]);
      expect(result.batchItemFailures).toEqual([]);
    }
    expect((await call('GET', `/v1/purchases/${body.purchaseId}`, { key: till.key })).body).toMatchObject({
      status: 'accepted',
    });
    await deliver('accrual', [{ partnerId: till.partnerId, purchaseId: body.purchaseId }]);
    expect((await call('GET', `/v1/purchases/${body.purchaseId}`, { key: till.key })).body).toMatchObject({
      status: 'credited',
      points: 100,
    });
  });

  it('rejects a purchase for an unknown member instead of retrying it forever', async () => {
    const body = purchase('nobody-here', 10_000);
    await call('POST', '/v1/purchases', { key: till.key, body });
    const result = await deliver('accrual', [{ partnerId: till.partnerId, purchaseId: body.purchaseId }]);
    expect(result.batchItemFailures).toEqual([]);
    expect((await call('GET', `/v1/purchases/${body.purchaseId}`, { key: till.key })).body).toMatchObject({
      status: 'rejected',
      reason: 'member_not_found',
    });
  });

  it('reports a message that cannot be processed as a batch item failure, and credits the rest', async () => {
    const memberId = await enrol();
    const body = purchase(memberId, 10_000);
    await call('POST', '/v1/purchases', { key: till.key, body });
    const result = await deliver('accrual', [
      { partnerId: till.partnerId, purchaseId: 'never-accepted' },
      { partnerId: till.partnerId, purchaseId: body.purchaseId },
      'not json at all',
    ]);
    expect(result.batchItemFailures).toHaveLength(2);
    expect((await points(memberId)).pending).toBe(100);
  });

  it('accepts a batch where one bad purchase does not reject the others', async () => {
    const memberId = await enrol();
    const good = purchase(memberId, 10_000);
    const response = await call<{ results: Body[] }>('POST', '/v1/purchases/batch', {
      key: till.key,
      body: { purchases: [good, { ...purchase(memberId, -5), purchaseId: 'bad-1' }] },
    });
    expect(response.status).toBe(202);
    expect(response.body.results[0]).toMatchObject({ purchaseId: good.purchaseId, status: 'accepted' });
    expect(response.body.results[1]).toMatchObject({
      purchaseId: 'bad-1',
      status: 'rejected',
      error: { code: 'validation_failed' },
    });
  });

  it('hides a purchase from another partner', async () => {
    const memberId = await enrol();
    const purchaseId = await buy(memberId, 10_000);
    expect((await call('GET', `/v1/purchases/${purchaseId}`, { key: otherPartner.key })).status).toBe(404);
    const refund = await call('POST', '/v1/refunds', {
      key: otherPartner.key,
      body: { refundId: uniqueId('r'), purchaseId, amount: 100, occurredAt: now },
    });
    expect(refund.status).toBe(404);
  });

  it('pays the referrer when the referred member’s first purchase is credited', async () => {
    const referrer = await enrol();
    const referred = await enrol({ referrerId: referrer });
    await buy(referred, 10_000);
    await buy(referred, 10_000);
    expect((await points(referrer)).available).toBe(200);
  });
});

describe('refunds', () => {
  it('reverses points in proportion and exactly all of them over the whole purchase', async () => {
    const memberId = await enrol();
    const purchaseId = await buy(memberId, 30_000);
    const refund = (amount: number) =>
      call('POST', '/v1/refunds', {
        key: till.key,
        body: { refundId: uniqueId('r'), purchaseId, amount, occurredAt: now },
      });
    const first = await refund(10_000);
    expect(first).toMatchObject({ status: 201, body: { pointsReversed: 116 } });
    expect((await refund(20_000)).body).toMatchObject({ pointsReversed: 234 });
    expect((await points(memberId)).pending).toBe(0);
    const beyond = await refund(1);
    expect(beyond.status).toBe(400);
    expect(beyond.body).toMatchObject({ code: 'validation_failed' });
  });

  it('returns the first result when a refund is repeated', async () => {
    const memberId = await enrol();
    const purchaseId = await buy(memberId, 10_000);
    const body = { refundId: uniqueId('r'), purchaseId, amount: 5_000, occurredAt: now };
    const first = await call('POST', '/v1/refunds', { key: till.key, body });
    const second = await call('POST', '/v1/refunds', { key: till.key, body });
    expect(second).toMatchObject({ status: 201, body: first.body });
    expect((await points(memberId)).pending).toBe(50);
  });

  it('drives the balance negative when the points were already spent', async () => {
    const memberId = await enrol();
    const purchaseId = await buy(memberId, 100_000, { occurredAt: '2026-11-01T10:00:00+08:00' });
    const redeemed = await redeem(till.key, {
      redemptionId: uniqueId('x'),
      memberId,
      storeId: 's',
      payment: { points: 1100 },
    });
    expect(redeemed.status).toBe(201);
    await call('POST', '/v1/refunds', {
      key: till.key,
      body: { refundId: uniqueId('r'), purchaseId, amount: 100_000, occurredAt: now },
    });
    expect((await points(memberId)).available).toBe(-1000);
  });
});

describe('redemptions', () => {
  it('never overspends under 50 simultaneous payments', async () => {
    const memberId = await enrol();
    await giveAvailable(memberId, 100_000); // 1,050 points + 100 enrolment = 1,150 available
    const bodies = await Promise.all(
      Array.from({ length: 50 }, async () => ({
        redemptionId: uniqueId('x'),
        memberId,
        memberCode: await memberCode(memberId),
        storeId: 's',
        payment: { points: 100 },
      })),
    );
    // Each till retries a 429 (the account too busy) with the same body, as a till should.
    const pay = async (body: Body) => {
      for (;;) {
        const answer = await call('POST', '/v1/redemptions', { key: till.key, body });
        if (answer.status !== 429) return answer;
        await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
      }
    };
    const answers = await Promise.all(bodies.map(pay));
    const completed = answers.filter((answer) => answer.status === 201);
    const refused = answers.filter((answer) => answer.status === 422);
    expect(completed).toHaveLength(11);
    expect(refused).toHaveLength(39);
    expect(refused[0]?.body).toMatchObject({ code: 'insufficient_points' });
    expect((await points(memberId)).available).toBe(50);
  }, 120_000);

  it('issues a coupon that can be used once', async () => {
    const memberId = await enrol();
    await giveAvailable(memberId, 100_000);
    const redeemed = await redeem<{ coupon: { code: string } }>(till.key, {
      redemptionId: uniqueId('x'),
      memberId,
      storeId: 's',
      rewardId: 'coupon-10',
    });
    expect(redeemed.status).toBe(201);
    expect(redeemed.body).toMatchObject({
      status: 'completed',
      points: 1000,
      coupon: { value: { amount: 1000, currency: 'CNY' } },
    });
    const code = redeemed.body.coupon.code;
    expect((await call('GET', `/v1/coupons/${code}`, { key: till.key })).body).toMatchObject({
      status: 'issued',
    });
    const use = { storeId: 's', orderId: 'o-1' };
    expect((await call('POST', `/v1/coupons/${code}/use`, { key: till.key, body: use })).body).toMatchObject({
      status: 'used',
    });
    const again = await call('POST', `/v1/coupons/${code}/use`, {
      key: till.key,
      body: { ...use, orderId: 'o-2' },
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'coupon_already_used' });
  });

  it('never oversells a reward in stock', async () => {
    const rewardId = uniqueId('gift');
    await call('PUT', `/v1/rewards/${rewardId}`, {
      key: await admin(),
      body: { name: 'Gift', pointsCost: 100, kind: 'item', stock: 3 },
    });
    const members = await Promise.all(Array.from({ length: 8 }, () => enrol()));
    const answers = await Promise.all(
      members.map((memberId) =>
        redeem(till.key, { redemptionId: uniqueId('x'), memberId, storeId: 's', rewardId }),
      ),
    );
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(3);
    expect(answers.filter((answer) => answer.status === 409)[0]?.body).toMatchObject({
      code: 'reward_out_of_stock',
    });
    const catalog = await call<{ items: { rewardId: string; stock: number }[] }>('GET', '/v1/rewards', {
      key: till.key,
    });
    expect(catalog.body.items.find((item) => item.rewardId === rewardId)?.stock).toBe(0);
  });

  it('refuses a reward above the member’s tier', async () => {
    const memberId = await enrol();
    await giveAvailable(memberId, 300_000);
    const response = await redeem(till.key, {
      redemptionId: uniqueId('x'),
      memberId,
      storeId: 's',
      rewardId: 'lounge',
    });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ code: 'reward_not_eligible' });
  });

  it('holds points, captures once and refuses to capture a voided hold', async () => {
    const memberId = await enrol();
    await giveAvailable(memberId, 50_000);
    const hold = (redemptionId: string) =>
      redeem(till.key, { redemptionId, memberId, storeId: 's', payment: { points: 200 }, hold: true });
    const first = uniqueId('h');
    expect((await hold(first)).body).toMatchObject({ status: 'held', points: 200 });
    expect(await points(memberId)).toMatchObject({ available: 450, held: 200 });
    const captured = await call('POST', `/v1/redemptions/${first}/capture`, { key: till.key });
    expect(captured.body).toMatchObject({ status: 'completed' });
    expect((await call('POST', `/v1/redemptions/${first}/capture`, { key: till.key })).body).toMatchObject({
      status: 'completed',
    });
    const second = uniqueId('h');
    await hold(second);
    expect((await call('POST', `/v1/redemptions/${second}/void`, { key: till.key })).body).toMatchObject({
      status: 'voided',
    });
    expect((await call('POST', `/v1/redemptions/${second}/void`, { key: till.key })).body).toMatchObject({
      status: 'voided',
    });
    const late = await call('POST', `/v1/redemptions/${second}/capture`, { key: till.key });
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ code: 'invalid_state' });
    expect(await points(memberId)).toMatchObject({ available: 450, held: 0 });
  });

  it('voids a hold by itself after 15 minutes', async () => {
    const memberId = await enrol();
    await giveAvailable(memberId, 50_000);
    setBusinessClock(now);
    const redemptionId = uniqueId('h');
    await redeem(till.key, { redemptionId, memberId, storeId: 's', payment: { points: 300 }, hold: true });
    setBusinessClock('2026-11-22T10:16:00+08:00');
    try {
      expect((await call('GET', `/v1/redemptions/${redemptionId}`, { key: till.key })).body).toMatchObject({
        status: 'voided',
      });
      expect((await points(memberId)).available).toBe(650);
    } finally {
      setBusinessClock(now);
    }
  });

  it('reverses a redemption, restoring the points', async () => {
    const memberId = await enrol();
    await giveAvailable(memberId, 50_000);
    const redemptionId = uniqueId('x');
    await redeem(till.key, { redemptionId, memberId, storeId: 's', rewardId: 'coffee' });
    expect((await points(memberId)).available).toBe(350);
    const reversed = await call('POST', `/v1/redemptions/${redemptionId}/reverse`, { key: till.key });
    expect(reversed.body).toMatchObject({ status: 'reversed' });
    expect((await points(memberId)).available).toBe(650);
    expect((await call('GET', `/v1/redemptions/${redemptionId}`, { key: otherPartner.key })).status).toBe(
      404,
    );
  });
});

describe('activities', () => {
  it('credits five simultaneous sign-ins once', async () => {
    const memberId = await enrol();
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        call('POST', `/v1/members/${memberId}/activities`, {
          key: till.key,
          body: { activityId: uniqueId('a'), type: 'sign_in', occurredAt: now },
        }),
      ),
    );
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(1);
    expect(answers.filter((answer) => answer.status === 422)[0]?.body).toMatchObject({
      code: 'activity_limit_reached',
    });
    expect((await points(memberId)).available).toBe(105);
  });

  it('allows three reviews a day', async () => {
    const memberId = await enrol();
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const answer = await call('POST', `/v1/members/${memberId}/activities`, {
        key: till.key,
        body: { activityId: uniqueId('a'), type: 'review', occurredAt: now },
      });
      statuses.push(answer.status);
    }
    expect(statuses).toEqual([201, 201, 201, 422]);
  });
});

describe('reading the ledger', () => {
  it('pages the transaction history newest first', async () => {
    const memberId = await enrol();
    for (let i = 0; i < 3; i++) await buy(memberId, 1_000 * (i + 1));
    const first = await call<{ items: { points: number }[]; nextCursor: string }>(
      'GET',
      `/v1/members/${memberId}/transactions`,
      { key: till.key, query: { limit: '2' } },
    );
    expect(first.body.items.map((item) => item.points)).toEqual([30, 20]);
    const second = await call<{ items: { points: number }[]; nextCursor: string | null }>(
      'GET',
      `/v1/members/${memberId}/transactions`,
      { key: till.key, query: { limit: '2', cursor: first.body.nextCursor } },
    );
    expect(second.body.items.map((item) => item.points)).toEqual([10, 100]);
    const bad = await call('GET', `/v1/members/${memberId}/transactions`, {
      key: till.key,
      query: { limit: '500' },
    });
    expect(bad.status).toBe(400);
  });

  it('finds every balance equal to the sum of its entries', async () => {
    const check = await call<{ ok: boolean; membersChecked: number; mismatches: unknown[] }>(
      'GET',
      '/v1/reports/ledger-check',
      { key: await admin() },
    );
    expect(check.body.mismatches).toEqual([]);
    expect(check.body.ok).toBe(true);
    expect(check.body.membersChecked).toBeGreaterThan(10);
  });
});

describe('reports and the programme', () => {
  /** A day of its own on the business clock, so no other test's entries fall in the report's period. */
  const day = { from: '2031-03-05T00:00:00+08:00', to: '2031-03-06T00:00:00+08:00' };

  it('sums the period’s points by kind and values what is outstanding', async () => {
    setBusinessClock('2031-03-05T10:00:00+08:00');
    // The summary reads the daily aggregates the stream's aggregator folds.
    const stream = pollStream();
    try {
      const memberId = await enrol();
      const purchaseId = await buy(memberId, 50_000, { occurredAt: '2031-02-20T10:00:00+08:00' });
      const redeemCoffee = (redemptionId: string) =>
        redeem(till.key, { redemptionId, memberId, storeId: 's', rewardId: 'coffee' });
      expect((await redeemCoffee(uniqueId('x'))).status).toBe(201);
      const reversedId = uniqueId('x');
      expect((await redeemCoffee(reversedId)).status).toBe(201);
      await call('POST', `/v1/redemptions/${reversedId}/reverse`, { key: till.key });
      const refund = await call<{ pointsReversed: number }>('POST', '/v1/refunds', {
        key: till.key,
        body: {
          refundId: uniqueId('r'),
          purchaseId,
          amount: 10_000,
          occurredAt: '2031-03-05T10:00:00+08:00',
        },
      });
      expect(refund.body.pointsReversed).toBe(110);
      await stream.idle();

      const report = await call<{
        members: { total: number; new: number; active: number };
        points: Record<string, number>;
        liability: { amount: number; currency: string };
        redemptionRate: number;
        tiers: Record<string, number>;
      }>('GET', '/v1/reports/summary', { key: await admin(), query: day });
      expect(report.status).toBe(200);
      expect(report.body.members).toMatchObject({ new: 1, active: 1 });
      expect(report.body.members.total).toBeGreaterThan(10);
      expect(report.body.points).toMatchObject({ issued: 650, redeemed: 300, expired: 0, reversed: 110 });
      expect(report.body.redemptionRate).toBe(0.4615);
      expect(report.body.liability).toEqual({
        amount: Math.floor((report.body.points.outstanding! * 100) / 100),
        currency: 'CNY',
      });
      expect(Object.keys(report.body.tiers)).toEqual(['base', 'silver', 'gold', 'platinum']);

      const before = await call('GET', '/v1/reports/summary', {
        key: await admin(),
        query: { from: '2031-03-04T00:00:00+08:00', to: day.from },
      });
      expect(before.body).toMatchObject({ members: { new: 0, active: 0 }, points: { issued: 0 } });
    } finally {
      await stream.stop();
      setBusinessClock(now);
    }
  });

  it('refuses a report with a bad period or without the admin scope', async () => {
    const key = await admin();
    const reversed = await call('GET', '/v1/reports/summary', { key, query: { from: day.to, to: day.from } });
    expect(reversed).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
    const missing = await call('GET', '/v1/reports/summary', { key, query: { from: day.from } });
    expect(missing.status).toBe(400);
    expect((await call('GET', '/v1/reports/summary', { key: till.key, query: day })).status).toBe(403);
  });

  it('publishes a validated programme version that applies to events from its effective time', async () => {
    const key = await admin();
    const current = await call<Record<string, unknown> & { version: number }>('GET', '/v1/program', { key });
    expect(current.status).toBe(200);
    const effectiveFromMs = Date.parse('2040-01-01T00:00:00+08:00');
    const { version: _version, ...rules } = current.body;
    const campaign = {
      campaignId: 'double-2040',
      fromMs: effectiveFromMs,
      toMs: Date.parse('2041-01-01T00:00:00+08:00'),
      multiplierPermille: 2000,
    };

    const invalid = await call('PUT', '/v1/program', {
      key,
      body: { ...rules, effectiveFromMs, tiers: [{ code: 'base', name: 'x', thresholdFen: 5 }] },
    });
    expect(invalid).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
    expect((await call('PUT', '/v1/program', { key: till.key, body: rules })).status).toBe(403);

    const earning = rules.earning as Record<string, unknown>;
    const published = await call<{ version: number }>('PUT', '/v1/program', {
      key,
      body: { ...rules, effectiveFromMs, earning: { ...earning, campaigns: [campaign] } },
    });
    expect(published.status).toBe(200);
    expect(published.body.version).toBe(current.body.version + 1);
    expect((await call<{ version: number }>('GET', '/v1/program', { key })).body.version).toBe(
      current.body.version,
    );

    const memberToday = await enrol();
    await buy(memberToday, 10_000);
    expect((await points(memberToday)).pending).toBe(100);
    setBusinessClock('2040-06-01T10:00:00+08:00');
    try {
      expect((await call<{ version: number }>('GET', '/v1/program', { key })).body.version).toBe(
        published.body.version,
      );
      const memberLater = await enrol();
      await buy(memberLater, 10_000, { occurredAt: '2040-06-01T10:00:00+08:00' });
      expect((await points(memberLater)).pending).toBe(200);
    } finally {
      setBusinessClock(now);
    }
  });
});

describe('the ledger asserts its invariants', () => {
  it('refuses to commit an account that breaks one, before any write', async () => {
    const memberId = await enrol();
    const { ledger } = adapters();
    const before = (await ledger.getAccount(memberId))!;
    const broken = { ...before, lots: { ...before.lots, [NEVER]: -5 }, version: before.version + 1 };
    await expect(
      ledger.commit({
        accounts: [{ next: broken, expectedVersion: before.version }],
        entries: [],
        records: [],
      }),
    ).rejects.toThrow(InvariantViolated);
    expect(await ledger.getAccount(memberId)).toEqual(before);
  });
});
