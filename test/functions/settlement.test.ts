/**
 * The month's settlement through the real handlers, the real aggregator and DynamoDB Local's
 * stream: desk adjustments, opening balances and a programme coupon used at another partner's till
 * are clearing lines, and every partner and clearing line's net sums to zero.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setBusinessClock } from '../../shared/core/clock.js';
import { OperationKind } from '../../shared/core/records.js';
import { Scope } from '../../shared/core/scopes.js';
import { issueBirthdayGift } from '../../shared/features/lifecycle/birthdayGifts.js';
import { adapters } from '../../shared/wiring/adapters.js';
import { admin, call, deliver, partnerKey, pollStream, uniqueId } from './harness.js';

type Json = Record<string, unknown>;
type Till = { partnerId: string; key: string };
interface Line {
  issued: { points: number; value: { amount: number } };
  redeemed: { points: number; value: { amount: number }; programmeCoupons?: { amount: number } };
  net: { amount: number };
}
const now = '2026-11-24T10:00:00+08:00';

let adminKey: string;
let alpha: Till;
let beta: Till;
let stream: ReturnType<typeof pollStream>;

beforeAll(async () => {
  setBusinessClock(now);
  adminKey = await admin();
  const scopes = [Scope.membersWrite, Scope.membersRead, Scope.pointsEarn, Scope.pointsRedeem];
  alpha = await partnerKey(scopes);
  beta = await partnerKey(scopes);
  stream = pollStream();
});

afterAll(async () => {
  setBusinessClock(null);
  await stream.stop();
});

describe('settlement', () => {
  it('has adjustments, opening balances and programme coupons as clearing lines, and nets summing to zero', async () => {
    const { version: _version, ...reference } = (await call<Json>('GET', '/v1/program', { key: adminKey }))
      .body;
    const published = await call('PUT', '/v1/program', {
      key: adminKey,
      body: { ...reference, birthdayGift: { daysBefore: 15, rewardId: 'coupon-10' } },
    });
    expect(published.status).toBe(200);
    const memberId = uniqueId('m');
    await call('POST', '/v1/members', { key: alpha.key, body: { memberId, birthday: '1990-12-09' } });
    const purchaseId = uniqueId('p');
    await call('POST', '/v1/purchases', {
      key: alpha.key,
      body: { purchaseId, memberId, storeId: 's1', occurredAt: now, currency: 'CNY', amount: 30_000 },
    });
    await deliver('accrual', [{ partnerId: alpha.partnerId, purchaseId }]);
    const adjust = (points: number) =>
      call('POST', `/v1/members/${memberId}/adjustments`, {
        key: adminKey,
        body: { adjustmentId: uniqueId('adj'), points, reason: 'goodwill' },
      });
    expect((await adjust(2_000)).status).toBe(201);
    expect((await adjust(-500)).status).toBe(201);
    const importId = uniqueId('imp');
    await call('POST', '/v1/admin/imports', { key: adminKey, body: { importId } });
    const imported = await call<Json>('POST', `/v1/admin/imports/${importId}/rows`, {
      key: adminKey,
      body: {
        rows: [
          {
            memberId: uniqueId('m'),
            enrolledAt: '2025-01-01',
            balances: [{ points: 3_000, earnedAt: '2026-01-01' }],
          },
        ],
      },
    });
    expect(imported.body).toMatchObject({ imported: 1 });
    expect(await issueBirthdayGift(adapters(), memberId, Date.parse(now))).toBe(true);
    const gift = await adapters().ledger.getRecord(OperationKind.gift, memberId, 'birthday-2026');
    const used = await call('POST', `/v1/coupons/${String(gift?.data.couponCode)}/use`, {
      key: beta.key,
      body: { storeId: 'b1', orderId: uniqueId('o') },
    });
    expect(used.status).toBe(200);
    await stream.idle(30_000);

    const report = await call<{
      partners: (Line & { partnerId: string })[];
      clearing: (Line & { line: string })[];
    }>('GET', '/v1/reports/settlement', { key: adminKey, query: { period: '2026-11' } });
    expect(report.status).toBe(200);
    const lines = [...report.body.partners, ...report.body.clearing];
    expect(lines.reduce((sum, row) => sum + row.net.amount, 0)).toBe(0);
    const clearing = new Map(report.body.clearing.map((row) => [row.line, row]));
    expect(clearing.get('adjustments')).toMatchObject({
      issued: { points: 2_000 },
      redeemed: { points: 500 },
      net: { amount: -1_500 },
    });
    expect(clearing.get('opening_balances')).toMatchObject({
      issued: { points: 3_000 },
      net: { amount: -3_000 },
    });
    expect(clearing.get('programme_coupons')).toMatchObject({
      issued: { points: 0, value: { amount: 1_000 } },
      net: { amount: -1_000 },
    });
    // Alpha enrolled the member (100) and sold the purchase (350): its debt; Beta took the programme's coupon (owed to it).
    const partner = new Map(report.body.partners.map((row) => [row.partnerId, row]));
    expect(partner.get(alpha.partnerId)).toMatchObject({ issued: { points: 450 }, net: { amount: -450 } });
    expect(partner.get(beta.partnerId)).toMatchObject({
      redeemed: { points: 0, value: { amount: 1_000 }, programmeCoupons: { amount: 1_000 } },
      net: { amount: 1_000 },
    });
    expect(clearing.get('float')?.redeemed.points).toBe(450 + 2_000 - 500 + 3_000);
  });
});
