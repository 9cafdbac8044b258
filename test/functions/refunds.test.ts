/**
 * Issue 17 through the real handlers against DynamoDB Local: bounded issuance (items that add up,
 * the daily cap over every line, the per-purchase maximum) and refunds that undo exactly what
 * they refund (item lines, cap headroom, campaign caps and budgets, qualifying spend and tier,
 * the referral), idempotent and safe under concurrency; the accrual's guards (items' fingerprint
 * computed, the birthday as accepted); a programme whose first tier is not `base`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setBusinessClock } from '../../shared/core/clock.js';
import { OperationKind } from '../../shared/core/records.js';
import { Scope } from '../../shared/core/scopes.js';
import type { Campaign } from '../../shared/domain/program.js';
import { budgetSpent } from '../../shared/features/purchases/campaignBudgets.js';
import { adapters } from '../../shared/wiring/adapters.js';
import { admin, call, deliver, partnerKey, uniqueId } from './harness.js';

type Json = Record<string, unknown>;
interface Line {
  ruleId: string;
  label: string;
  points: number;
}
interface PurchaseView {
  status: string;
  points: number;
  breakdown?: Line[];
  refundedAmount: number;
  pointsReversed: number;
}
interface MemberView {
  tier: { code: string; since: string };
  qualifyingSpend: { amount: number };
  points: { available: number; pending: number };
}

/** A Tuesday. */
const now = '2026-11-24T10:00:00+08:00';

let adminKey: string;
let till: { partnerId: string; key: string };

const firstBuy: Campaign = {
  campaignId: 'first-buy',
  label: 'First purchase +30',
  fromMs: Date.parse('2026-11-01T00:00:00+08:00'),
  toMs: Date.parse('2027-01-01T00:00:00+08:00'),
  multiplierPermille: 1000,
  firstPurchase: true,
  minAmountFen: 100,
  bonusPoints: 30,
  capPerMemberPoints: 30,
  budgetPoints: 10_000,
};

const moon = (quantity: number, amount: number) => ({ sku: 'MOON', quantity, amount });
const latte = (amount: number) => ({ sku: 'LATTE', category: 'coffee', quantity: 1, amount });
const other = (amount: number) => ({ sku: 'OTHER', quantity: 1, amount });

async function publish(change: (earning: Json, body: Json) => Json) {
  const current = await call<Json>('GET', '/v1/program', { key: adminKey });
  const { version: _version, ...reference } = current.body;
  const body = change(reference.earning as Json, reference);
  const published = await call<{ version: number }>('PUT', '/v1/program', { key: adminKey, body });
  expect(published.status).toBe(200);
}

beforeAll(async () => {
  setBusinessClock(now);
  adminKey = await admin();
  till = await partnerKey([Scope.membersWrite, Scope.membersRead, Scope.pointsEarn]);
  await publish((earning, reference) => ({
    ...reference,
    effectiveFromMs: Date.parse('2026-11-01T00:00:00+08:00'),
    earning: {
      ...earning,
      itemRules: [
        {
          ruleId: 'moon',
          label: 'Mooncake box +20',
          skus: ['MOON'],
          effect: { kind: 'perUnit', points: 20 },
        },
        {
          ruleId: 'coffee',
          label: 'Coffee ×3',
          categories: ['coffee'],
          effect: { kind: 'multiplier', permille: 3000 },
        },
      ],
      campaigns: [firstBuy],
    },
  }));
});

afterAll(() => setBusinessClock(null));

async function enrol(extra: Json = {}) {
  const memberId = uniqueId('m');
  const response = await call('POST', '/v1/members', { key: till.key, body: { memberId, ...extra } });
  expect(response.status).toBe(201);
  return memberId;
}

const purchase = (memberId: string, amount: number, extra: Json = {}) => ({
  purchaseId: uniqueId('p'),
  memberId,
  storeId: 'store-1',
  occurredAt: now,
  currency: 'CNY',
  amount,
  ...extra,
});

async function buy(memberId: string, amount: number, extra: Json = {}) {
  const body = purchase(memberId, amount, extra);
  expect((await call('POST', '/v1/purchases', { key: till.key, body })).status).toBe(202);
  const result = await deliver('accrual', [{ partnerId: till.partnerId, purchaseId: body.purchaseId }]);
  expect(result.batchItemFailures).toEqual([]);
  return { purchaseId: body.purchaseId, view: await view(body.purchaseId) };
}

const view = async (purchaseId: string) =>
  (await call<PurchaseView>('GET', `/v1/purchases/${purchaseId}`, { key: till.key })).body;

const member = async (memberId: string) =>
  (await call<MemberView>('GET', `/v1/members/${memberId}`, { key: till.key })).body;

const refund = (purchaseId: string, amount: number, extra: Json = {}) =>
  call<{ pointsReversed: number }>('POST', '/v1/refunds', {
    key: till.key,
    body: { refundId: uniqueId('r'), purchaseId, amount, occurredAt: now, ...extra },
  });

const sum = (lines: readonly Line[]) => lines.reduce((total, line) => total + line.points, 0);
const lineOf = (purchase: PurchaseView, ruleId: string) =>
  purchase.breakdown?.find((line) => line.ruleId === ruleId);

describe('bounded issuance', () => {
  it('refuses items that do not add up to the amount, and stores nothing', async () => {
    const memberId = await enrol();
    const body = purchase(memberId, 1, { items: [moon(100_000, 0)] });
    const refused = await call<Json>('POST', '/v1/purchases', { key: till.key, body });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'validation_failed', errors: [{ path: 'items' }] });
    expect((await call('GET', `/v1/purchases/${body.purchaseId}`, { key: till.key })).status).toBe(404);
  });

  it('gives the issue’s 1-fen purchase of 100,000 units at most 20,000 points; a 0-fen item earns nothing', async () => {
    const memberId = await enrol();
    const oneFen = (await buy(memberId, 1, { items: [moon(100_000, 1)] })).view;
    expect(oneFen).toMatchObject({ status: 'credited', points: 20_000 });
    expect(sum(oneFen.breakdown!)).toBe(20_000);
    const free = (await buy(memberId, 10_000, { items: [moon(100_000, 0), other(10_000)] })).view;
    expect(lineOf(free, 'item:moon')?.points).toBe(0);
    expect(free.points).toBe(100);
  });

  it('earns nothing on any line once the day’s cap is used up, until a refund gives headroom back', async () => {
    const memberId = await enrol();
    const capped = await buy(memberId, 500_000);
    expect(capped.view.points).toBe(5_000 + 50 + 30);
    const after = (await buy(memberId, 10_000, { items: [moon(5, 10_000)] })).view;
    expect(after.points).toBe(0);
    expect((await refund(capped.purchaseId, 500_000)).body.pointsReversed).toBe(5_080);
    const again = (await buy(memberId, 10_000, { items: [moon(5, 10_000)] })).view;
    // 100 base + 5 boxes × 20 (the 0-point purchase was the first one that stands).
    expect(again.points).toBe(100 + 100);
  });
});

describe('a refund is the exact inverse of what it refunds', () => {
  it('reverses the item-rule points of refunded items by the stored breakdown', async () => {
    const memberId = await enrol();
    await buy(memberId, 100); // the first-purchase bonus out of the way
    const { purchaseId, view: credited } = await buy(memberId, 20_000, {
      items: [latte(10_000), other(10_000)],
    });
    // 200 base, coffee +200, threshold 50.
    expect(credited.points).toBe(450);
    const byItem = await refund(purchaseId, 10_000, {
      items: [{ sku: 'LATTE', quantity: 1, amount: 10_000 }],
    });
    expect(byItem.status).toBe(201);
    // The coffee's 200, and half of base and threshold.
    expect(byItem.body.pointsReversed).toBe(200 + 100 + 25);
    const twice = await refund(purchaseId, 10_000, {
      items: [{ sku: 'LATTE', quantity: 1, amount: 10_000 }],
    });
    expect(twice.status).toBe(400);
    expect((await refund(purchaseId, 10_000)).body.pointsReversed).toBe(125);
  });

  it('refuses refunds naming items not bought, beyond what was bought or not adding up, changing nothing', async () => {
    const memberId = await enrol();
    const { purchaseId, view: credited } = await buy(memberId, 20_000, {
      items: [latte(10_000), other(10_000)],
    });
    const refused = [
      await refund(purchaseId, 5_000, { items: [{ sku: 'MOON', quantity: 1, amount: 5_000 }] }),
      await refund(purchaseId, 5_000, { items: [{ sku: 'LATTE', quantity: 2, amount: 5_000 }] }),
      await refund(purchaseId, 5_000, { items: [{ sku: 'LATTE', quantity: 1, amount: 4_000 }] }),
    ];
    expect(refused.map((answer) => [answer.status, (answer.body as unknown as Json).code])).toEqual([
      [400, 'validation_failed'],
      [400, 'validation_failed'],
      [400, 'validation_failed'],
    ]);
    expect(await view(purchaseId)).toMatchObject({
      refundedAmount: 0,
      pointsReversed: 0,
      points: credited.points,
    });
    const simulated = await call<Json>('POST', '/v1/program/simulate', {
      key: till.key,
      body: {
        memberId,
        purchase: {
          storeId: 'store-1',
          occurredAt: now,
          currency: 'CNY',
          amount: 1,
          items: [moon(100_000, 0)],
        },
      },
    });
    expect(simulated).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
  });

  it('undoes a whole purchase refunded in parts: points, tier, spend, the campaign’s cap and budget', async () => {
    const memberId = await enrol();
    const before = await member(memberId);
    const spentBefore = await budgetSpent(adapters().ledger, firstBuy);
    const { purchaseId, view: credited } = await buy(memberId, 1_000_000, {
      items: [moon(2, 600_000), other(400_000)],
    });
    expect(lineOf(credited, 'campaign:first-buy')?.points).toBe(30);
    expect((await member(memberId)).tier.code).toBe('gold');
    const first = await refund(purchaseId, 600_000, {
      items: [{ sku: 'MOON', quantity: 2, amount: 600_000 }],
    });
    const second = await refund(purchaseId, 400_000);
    expect(first.body.pointsReversed + second.body.pointsReversed).toBe(credited.points);
    const after = await member(memberId);
    expect(after.tier).toEqual(before.tier);
    expect(after.qualifyingSpend.amount).toBe(0);
    expect(after.points).toMatchObject({ available: before.points.available, pending: 0 });
    expect(await budgetSpent(adapters().ledger, firstBuy)).toBe(spentBefore);
    // Back at the old tier: no tier email for the refund.
    const notices = await adapters().ledger.listRecords(OperationKind.notification, memberId);
    expect(notices.filter((notice) => notice.id.startsWith('tier-refund-'))).toEqual([]);
    // The campaign's per-member cap is free again: the next purchase is a first purchase.
    expect(lineOf((await buy(memberId, 10_000)).view, 'campaign:first-buy')?.points).toBe(30);
  });

  it('pays no referral for a first purchase that earns nothing, and takes it back with the whole refund', async () => {
    const referrer = await enrol();
    const referred = await enrol({ referrerId: referrer });
    const start = (await member(referrer)).points.available;
    const nothing = await buy(referred, 1);
    expect(nothing.view.points).toBe(0);
    expect((await member(referrer)).points.available).toBe(start);
    // Refunded away, the 1-fen purchase is as if never credited: the next one is the first purchase.
    expect((await refund(nothing.purchaseId, 1)).status).toBe(201);
    const paying = await buy(referred, 10_000);
    expect(paying.view.points).toBe(100 + 30);
    expect((await member(referrer)).points.available).toBe(start + 100);
    await refund(paying.purchaseId, 4_000);
    expect((await member(referrer)).points.available).toBe(start + 100);
    await refund(paying.purchaseId, 6_000);
    expect((await member(referrer)).points.available).toBe(start);
  });

  it('reverses exactly all points under ten concurrent partial refunds and repeated ones', async () => {
    const memberId = await enrol();
    const { purchaseId, view: credited } = await buy(memberId, 33_333, {
      items: [latte(11_111), other(22_222)],
    });
    const bodies = Array.from({ length: 10 }, (_, i) => ({
      refundId: uniqueId('r'),
      purchaseId,
      amount: i < 9 ? 3_333 : 33_333 - 9 * 3_333,
      occurredAt: now,
    }));
    const answers = await Promise.all(
      [...bodies, ...bodies.slice(0, 3)].map((body) =>
        call<{ pointsReversed: number }>('POST', '/v1/refunds', { key: till.key, body }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 201));
    const reversed = answers.slice(0, 10).reduce((total, answer) => total + answer.body.pointsReversed, 0);
    expect(reversed).toBe(credited.points);
    expect(await view(purchaseId)).toMatchObject({ refundedAmount: 33_333, pointsReversed: credited.points });
    expect((await member(memberId)).points.pending).toBe(0);
  });
});

describe('the accrual’s guards', () => {
  it('never credits items carried by a forged message that keeps the stored fingerprints', async () => {
    const memberId = await enrol();
    const body = purchase(memberId, 10_000, { items: [other(10_000)] });
    await call('POST', '/v1/purchases', { key: till.key, body });
    const stored = (await adapters().ledger.getRecord(
      OperationKind.purchase,
      till.partnerId,
      body.purchaseId,
    ))!.data;
    const forged = { ...stored, items: [moon(1_000, 10_000)] };
    await deliver('accrual', [{ partnerId: till.partnerId, purchaseId: body.purchaseId, purchase: forged }]);
    expect((await view(body.purchaseId)).status).toBe('accepted');
    await deliver('accrual', [{ partnerId: till.partnerId, purchaseId: body.purchaseId }]);
    expect(await view(body.purchaseId)).toMatchObject({ status: 'credited', points: 100 + 30 });
  });

  it('earns with the birthday the member had when the purchase was accepted', async () => {
    const memberId = await enrol({ birthday: '1990-11-05' });
    const body = purchase(memberId, 10_000);
    await call('POST', '/v1/purchases', { key: till.key, body });
    const patched = await call('PATCH', `/v1/members/${memberId}`, {
      key: adminKey,
      body: { birthday: '1990-05-05' },
    });
    expect(patched.status).toBe(200);
    await deliver('accrual', [{ partnerId: till.partnerId, purchaseId: body.purchaseId }]);
    // Birthday month ×2 (as accepted) and the first-purchase bonus.
    expect(await view(body.purchaseId)).toMatchObject({ status: 'credited', points: 200 + 30 });

    const late = await enrol();
    const other = purchase(late, 10_000);
    await call('POST', '/v1/purchases', { key: till.key, body: other });
    await call('PATCH', `/v1/members/${late}`, { key: adminKey, body: { birthday: '1990-11-05' } });
    await deliver('accrual', [{ partnerId: till.partnerId, purchaseId: other.purchaseId }]);
    expect(await view(other.purchaseId)).toMatchObject({ status: 'credited', points: 100 + 30 });
  });
});

describe('replays', () => {
  it('answers a purchase replayed after its claim window with the first result, another body with 409', async () => {
    const memberId = await enrol();
    const body = purchase(memberId, 10_000);
    const first = await call<Json>('POST', '/v1/purchases', { key: till.key, body });
    expect(first.status).toBe(202);
    setBusinessClock('2026-12-26T10:00:00+08:00');
    try {
      const again = await call<Json>('POST', '/v1/purchases', { key: till.key, body });
      expect(again).toMatchObject({ status: 202, body: first.body });
      const other = await call<Json>('POST', '/v1/purchases', {
        key: till.key,
        body: { ...body, amount: 10_001 },
      });
      expect(other).toMatchObject({ status: 409, body: { code: 'idempotency_conflict' } });
      const fresh = await call<Json>('POST', '/v1/purchases', {
        key: till.key,
        body: purchase(memberId, 10_000),
      });
      expect(fresh).toMatchObject({ status: 422, body: { code: 'claim_window_closed' } });
    } finally {
      setBusinessClock(now);
    }
  });
});

describe('a programme whose first tier is not base', () => {
  it('enrols new members in its first tier and credits their purchases', async () => {
    setBusinessClock('2026-11-25T10:00:00+08:00');
    await publish((earning, reference) => ({
      ...reference,
      effectiveFromMs: Date.parse('2026-11-25T09:00:00+08:00'),
      tiers: [
        { code: 'bronze', name: 'Bronze', thresholdFen: 0, earnPermille: 1000, discountRate: 0.9 },
        { code: 'gold', name: 'Gold', thresholdFen: 1_000_000, earnPermille: 1500, discountRate: 0.85 },
      ],
      earning: { ...earning, campaigns: [] },
    }));
    const memberId = await enrol();
    expect((await member(memberId)).tier.code).toBe('bronze');
    const body = purchase(memberId, 10_000, { occurredAt: '2026-11-25T10:00:00+08:00' });
    expect((await call('POST', '/v1/purchases', { key: till.key, body })).status).toBe(202);
    await deliver('accrual', [{ partnerId: till.partnerId, purchaseId: body.purchaseId }]);
    expect(await view(body.purchaseId)).toMatchObject({ status: 'credited', points: 100 });
    expect((await member(memberId)).tier.code).toBe('bronze');
  });
});
