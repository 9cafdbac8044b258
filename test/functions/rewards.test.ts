/**
 * Rewards and coupons through the real handlers against DynamoDB Local: a reversed reward
 * redemption gives its stock back; the programme's own coupons (birthday gifts) are read and used
 * at any partner's till, while a partner's coupons stay its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setBusinessClock } from '../../shared/core/clock.js';
import { OperationKind } from '../../shared/core/records.js';
import { Scope } from '../../shared/core/scopes.js';
import { issueBirthdayGift } from '../../shared/features/lifecycle/birthdayGifts.js';
import { adapters } from '../../shared/wiring/adapters.js';
import { admin, call, deliver, partnerKey, redeem, uniqueId } from './harness.js';

type Json = Record<string, unknown>;
const now = '2026-11-24T10:00:00+08:00';

let adminKey: string;
let till: { partnerId: string; key: string };
let otherTill: { partnerId: string; key: string };

beforeAll(async () => {
  setBusinessClock(now);
  adminKey = await admin();
  const scopes = [Scope.membersWrite, Scope.membersRead, Scope.pointsEarn, Scope.pointsRedeem];
  till = await partnerKey(scopes);
  otherTill = await partnerKey(scopes);
});

afterAll(() => setBusinessClock(null));

async function enrol(extra: Json = {}) {
  const memberId = uniqueId('m');
  expect((await call('POST', '/v1/members', { key: till.key, body: { memberId, ...extra } })).status).toBe(
    201,
  );
  return memberId;
}

/** Credits a purchase of 1 November (available by now) of `amount` fen. */
async function giveAvailable(memberId: string, amount: number) {
  const body = {
    purchaseId: uniqueId('p'),
    memberId,
    storeId: 'store-1',
    occurredAt: '2026-11-01T10:00:00+08:00',
    currency: 'CNY',
    amount,
  };
  expect((await call('POST', '/v1/purchases', { key: till.key, body })).status).toBe(202);
  await deliver('accrual', [{ partnerId: till.partnerId, purchaseId: body.purchaseId }]);
}

const stockOf = async (rewardId: string) =>
  (
    await call<{ items: { rewardId: string; stock: number | null }[] }>('GET', '/v1/rewards', {
      key: till.key,
    })
  ).body.items.find((item) => item.rewardId === rewardId)?.stock;

describe('reversing a reward redemption', () => {
  it('gives its unit of stock back, so the last unit can be redeemed again', async () => {
    const rewardId = uniqueId('gift');
    await call('PUT', `/v1/rewards/${rewardId}`, {
      key: adminKey,
      body: { name: 'Last one', pointsCost: 100, kind: 'item', stock: 1 },
    });
    const [first, second] = [await enrol(), await enrol()];
    await giveAvailable(first, 10_000);
    await giveAvailable(second, 10_000);
    const redemptionId = uniqueId('x');
    expect((await redeem(till.key, { redemptionId, memberId: first, storeId: 's', rewardId })).status).toBe(
      201,
    );
    expect(await stockOf(rewardId)).toBe(0);
    const sold = await redeem(till.key, {
      redemptionId: uniqueId('x'),
      memberId: second,
      storeId: 's',
      rewardId,
    });
    expect(sold.body).toMatchObject({ code: 'reward_out_of_stock' });

    const reversed = await call('POST', `/v1/redemptions/${redemptionId}/reverse`, { key: till.key });
    expect(reversed.body).toMatchObject({ status: 'reversed' });
    expect(await stockOf(rewardId)).toBe(1);
    // Reversing again answers the same and gives nothing more back.
    await call('POST', `/v1/redemptions/${redemptionId}/reverse`, { key: till.key });
    expect(await stockOf(rewardId)).toBe(1);
    const again = await redeem(till.key, {
      redemptionId: uniqueId('x'),
      memberId: second,
      storeId: 's',
      rewardId,
    });
    expect(again.status).toBe(201);
    expect(await stockOf(rewardId)).toBe(0);
  });

  it('gives nothing back when the reward became unlimited meanwhile, and nothing for unlimited rewards', async () => {
    const rewardId = uniqueId('gift');
    const save = (stock: number | null) =>
      call('PUT', `/v1/rewards/${rewardId}`, {
        key: adminKey,
        body: { name: 'Mug', pointsCost: 100, kind: 'item', stock },
      });
    await save(5);
    const memberId = await enrol();
    await giveAvailable(memberId, 10_000);
    const limited = uniqueId('x');
    await redeem(till.key, { redemptionId: limited, memberId, storeId: 's', rewardId });
    await save(null);
    const unlimited = uniqueId('x');
    await redeem(till.key, { redemptionId: unlimited, memberId, storeId: 's', rewardId });
    await save(3);
    // The second redemption took no stock (the reward was unlimited): its reversal gives none back.
    await call('POST', `/v1/redemptions/${unlimited}/reverse`, { key: till.key });
    expect(await stockOf(rewardId)).toBe(3);
    await call('POST', `/v1/redemptions/${limited}/reverse`, { key: till.key });
    expect(await stockOf(rewardId)).toBe(4);
  });
});

describe('programme coupons', () => {
  it("are read and used at any partner's till; a partner's own coupons stay its own", async () => {
    const current = await call<Json>('GET', '/v1/program', { key: adminKey });
    const { version: _version, ...reference } = current.body;
    const published = await call('PUT', '/v1/program', {
      key: adminKey,
      body: { ...reference, birthdayGift: { daysBefore: 15, rewardId: 'coupon-10' } },
    });
    expect(published.status).toBe(200);
    const memberId = await enrol({ birthday: '1990-12-09' });
    expect(await issueBirthdayGift(adapters(), memberId, Date.parse(now))).toBe(true);
    const gift = await adapters().ledger.getRecord(OperationKind.gift, memberId, 'birthday-2026');
    const code = String(gift?.data.couponCode);

    const read = await call('GET', `/v1/coupons/${code}`, { key: otherTill.key });
    expect(read).toMatchObject({ status: 200, body: { code, memberId, status: 'issued' } });
    const order = { storeId: 'till-9', orderId: uniqueId('o') };
    const used = await call('POST', `/v1/coupons/${code}/use`, { key: otherTill.key, body: order });
    expect(used).toMatchObject({ status: 200, body: { status: 'used' } });
    // Once used, it is used for every partner.
    const twice = await call('POST', `/v1/coupons/${code}/use`, {
      key: till.key,
      body: { storeId: 's', orderId: uniqueId('o') },
    });
    expect(twice).toMatchObject({ status: 409, body: { code: 'coupon_already_used' } });

    // A coupon from a partner's own redemption is still that partner's alone.
    await giveAvailable(memberId, 200_000);
    const redeemed = await redeem<{ coupon: { code: string } }>(till.key, {
      redemptionId: uniqueId('x'),
      memberId,
      storeId: 's',
      rewardId: 'coupon-10',
    });
    expect(redeemed.status).toBe(201);
    const own = redeemed.body.coupon.code;
    expect((await call('GET', `/v1/coupons/${own}`, { key: otherTill.key })).status).toBe(404);
    expect((await call('GET', `/v1/coupons/${own}`, { key: till.key })).status).toBe(200);
  });

  it('reserves the partner id of the programme itself', async () => {
    const taken = await call('POST', '/v1/partners', {
      key: adminKey,
      body: { partnerId: 'programme', name: 'Not the programme' },
    });
    expect(taken).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
  });
});
