/**
 * Stores belong to partners (CONTRACT 6.1), through the real handlers against DynamoDB Local:
 * the programme names stores `partnerId/storeId` (a plain id is refused on publish), a campaign
 * at a partner's store is that partner's alone, store figures are kept per partner and store; the
 * store registry and `stores.requireRegistered`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setBusinessClock } from '../../shared/core/clock.js';
import { Scope } from '../../shared/core/scopes.js';
import { admin, call, deliver, partnerKey, pollStream, uniqueId } from './harness.js';

type Json = Record<string, unknown>;
type Till = { partnerId: string; key: string };
const now = '2026-11-24T10:00:00+08:00';
const today = '2026-11-24';

let adminKey: string;
let alpha: Till;
let beta: Till;
let reference: Json;

const scopes = [Scope.membersWrite, Scope.membersRead, Scope.pointsEarn, Scope.pointsRedeem];

beforeAll(async () => {
  setBusinessClock(now);
  adminKey = await admin();
  alpha = await partnerKey(scopes);
  beta = await partnerKey(scopes);
  // Each version takes effect at `now`, for the purchases of `now` (the newest applicable one judges).
  const {
    version: _version,
    effectiveFromMs: _from,
    ...current
  } = (await call<Json>('GET', '/v1/program', { key: adminKey })).body;
  reference = current;
});

afterAll(() => setBusinessClock(null));

const publish = (changes: Json) =>
  call<Json>('PUT', '/v1/program', {
    key: adminKey,
    body: { ...reference, effectiveFromMs: Date.parse(now), ...changes },
  });

function storeCampaign(storeIds: string[]) {
  return {
    earning: {
      ...(reference.earning as Json),
      campaigns: [
        {
          campaignId: uniqueId('c'),
          fromMs: Date.parse('2026-11-01T00:00:00+08:00'),
          toMs: Date.parse('2027-01-01T00:00:00+08:00'),
          storeIds,
          bonusPoints: 500,
        },
      ],
    },
  };
}

async function enrol(till: Till) {
  const memberId = uniqueId('m');
  expect((await call('POST', '/v1/members', { key: till.key, body: { memberId } })).status).toBe(201);
  return memberId;
}

/** A 100 CNY purchase at `storeId` of the till's partner, credited: its points. */
async function buy(till: Till, storeId: string, memberId?: string) {
  const purchaseId = uniqueId('p');
  const body = {
    purchaseId,
    memberId: memberId ?? (await enrol(till)),
    storeId,
    occurredAt: now,
    currency: 'CNY',
    amount: 10_000,
  };
  const accepted = await call<Json>('POST', '/v1/purchases', { key: till.key, body });
  expect(accepted.status).toBe(202);
  await deliver('accrual', [{ partnerId: till.partnerId, purchaseId }]);
  const view = await call<{ status: string; points: number }>('GET', `/v1/purchases/${purchaseId}`, {
    key: till.key,
  });
  expect(view.body.status).toBe('credited');
  return { purchaseId, estimated: accepted.body.estimatedPoints as number, points: view.body.points };
}

describe('the programme names stores within their partner', () => {
  it("gives a campaign at a partner's store to that partner's purchases only", async () => {
    expect((await publish(storeCampaign([`${alpha.partnerId}/s1`]))).status).toBe(200);
    const own = await buy(alpha, 's1');
    expect(own).toMatchObject({ estimated: 600, points: 600 });
    // Beta's store s1 is another store: no campaign (before, the same store id got it).
    const other = await buy(beta, 's1');
    expect(other).toMatchObject({ estimated: 100, points: 100 });
    expect((await buy(alpha, 's2')).points).toBe(100);

    const simulate = (key: string, purchase: Json) =>
      call<{ points: number }>('POST', '/v1/program/simulate', {
        key,
        body: { tier: 'base', purchase: { occurredAt: now, currency: 'CNY', amount: 10_000, ...purchase } },
      });
    expect((await simulate(beta.key, { storeId: 's1' })).body.points).toBe(100);
    expect((await simulate(alpha.key, { storeId: 's1' })).body.points).toBe(600);
    expect((await simulate(adminKey, { partnerId: alpha.partnerId, storeId: 's1' })).body.points).toBe(600);
    // Only an admin key simulates at another partner's stores.
    const foreign = await simulate(beta.key, { partnerId: alpha.partnerId, storeId: 's1' });
    expect(foreign).toMatchObject({ status: 403, body: { code: 'forbidden' } });
  });

  it('refuses a plain store id in a campaign or a gray release on publish, naming the field', async () => {
    const campaign = await publish(storeCampaign(['s1']));
    expect(campaign).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
    expect(JSON.stringify(campaign.body.errors)).toContain('earning.campaigns.0.storeIds.0');
    const gray = await publish({ storeIds: ['s1'] });
    expect(gray).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
    expect(JSON.stringify(gray.body.errors)).toContain('storeIds.0');
    expect((await publish({ storeIds: [`${beta.partnerId}/s1/x`] })).status).toBe(400);
  });

  it('releases a version first to a store of one partner, not to the same store id of another', async () => {
    const pilot = await publish({
      effectiveFromMs: Date.parse(now),
      storeIds: [`${beta.partnerId}/pilot`],
      earning: { ...(reference.earning as Json), thresholdBonus: { minAmountFen: 1, points: 7 } },
    });
    expect(pilot.status).toBe(200);
    expect((await buy(beta, 'pilot')).points).toBe(107);
    expect((await buy(alpha, 'pilot')).points).toBe(100);
  });
});

describe('store figures', () => {
  it("keep a partner's store apart from the same store id of another partner", async () => {
    const stream = pollStream();
    try {
      const [a, b] = [
        await buy(alpha, 'shared-id'),
        await buy(beta, 'shared-id'),
        await buy(beta, 'shared-id'),
      ];
      expect(a.points + b.points).toBeGreaterThan(0);
      await stream.idle(30_000);
      const daily = (partnerId: string) =>
        call<{ items: { purchases: number; spend: { amount: number } }[] }>('GET', '/v1/reports/daily', {
          key: adminKey,
          query: { from: today, to: today, partnerId, storeId: 'shared-id' },
        });
      expect((await daily(alpha.partnerId)).body.items[0]).toMatchObject({
        purchases: 1,
        spend: { amount: 10_000 },
      });
      expect((await daily(beta.partnerId)).body.items[0]).toMatchObject({ purchases: 2 });
    } finally {
      await stream.stop();
    }
    const withoutPartner = await call<Json>('GET', '/v1/reports/daily', {
      key: adminKey,
      query: { from: today, to: today, storeId: 'shared-id' },
    });
    expect(withoutPartner).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
    expect(JSON.stringify(withoutPartner.body.errors)).toContain('partnerId');
  });
});

describe('the store registry', () => {
  it('registers a store (201), answers the same again (200) and replaces it (200), audited', async () => {
    const path = `/v1/partners/${alpha.partnerId}/stores/flagship`;
    const created = await call<Json>('PUT', path, { key: adminKey, body: { name: '旗舰店', city: '上海' } });
    expect(created).toMatchObject({
      status: 201,
      body: { partnerId: alpha.partnerId, storeId: 'flagship', name: '旗舰店', city: '上海' },
    });
    expect((await call('PUT', path, { key: adminKey, body: { name: '旗舰店', city: '上海' } })).status).toBe(
      200,
    );
    const replaced = await call<Json>('PUT', path, { key: adminKey, body: { name: 'Flagship' } });
    expect(replaced).toMatchObject({ status: 200, body: { name: 'Flagship', city: null } });
    expect(replaced.body.createdAt).toBe(created.body.createdAt);
    const audit = await call<{ items: { target: string; detail: Json }[] }>('GET', '/v1/admin/audit', {
      key: adminKey,
      query: { action: 'store.saved', limit: '100' },
    });
    const mine = audit.body.items.filter((item) => item.target === `store:${alpha.partnerId}/flagship`);
    expect(mine.map((item) => item.detail.created)).toEqual([false, true]);

    expect(
      (await call('PUT', '/v1/partners/nobody/stores/s1', { key: adminKey, body: { name: 'x' } })).status,
    ).toBe(404);
    const badId = await call<Json>('PUT', `/v1/partners/${alpha.partnerId}/stores/bad%20id`, {
      key: adminKey,
      body: { name: 'x' },
    });
    expect(badId).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
    const badBody = await call<Json>('PUT', path, { key: adminKey, body: { name: '', extra: 1 } });
    expect(badBody).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
    const till = await call<Json>('PUT', path, { key: alpha.key, body: { name: 'Mine now' } });
    expect(till).toMatchObject({ status: 403, body: { code: 'forbidden' } });
  });

  it("pages a partner's stores, and refuses another partner's cursor", async () => {
    for (const storeId of ['list-a', 'list-b', 'list-c']) {
      await call('PUT', `/v1/partners/${beta.partnerId}/stores/${storeId}`, {
        key: adminKey,
        body: { name: storeId },
      });
    }
    const page = (partnerId: string, query: Record<string, string>) =>
      call<{ items: { storeId: string }[]; nextCursor: string | null }>(
        'GET',
        `/v1/partners/${partnerId}/stores`,
        { key: adminKey, query },
      );
    const first = await page(beta.partnerId, { limit: '2' });
    expect(first.body.items.map((store) => store.storeId)).toEqual(['list-a', 'list-b']);
    const second = await page(beta.partnerId, { limit: '2', cursor: first.body.nextCursor! });
    expect(second.body.items.map((store) => store.storeId)).toEqual(['list-c']);
    const foreign = await page(alpha.partnerId, { cursor: first.body.nextCursor! });
    expect(foreign).toMatchObject({ status: 400 });
    expect((await page('nobody', {})).status).toBe(404);
    const path = `/v1/partners/${beta.partnerId}/stores`;
    expect(await call('GET', path, { key: beta.key })).toMatchObject({
      status: 403,
      body: { code: 'forbidden' },
    });
    expect((await call('GET', path, { key: null })).status).toBe(401);
    expect((await call('PUT', `${path}/x`, { key: null, body: { name: 'x' } })).status).toBe(401);
  });
});

describe('stores.requireRegistered', () => {
  it('refuses every operation at a store its partner has not registered (422 unknown_store)', async () => {
    const memberId = await enrol(alpha);
    // Before the switch: a purchase at a store nobody registered, and points to spend.
    const before = await buy(alpha, 'unlisted', memberId);
    await buy(alpha, 'unlisted', memberId);
    const accepted = {
      purchaseId: uniqueId('p'),
      memberId,
      storeId: 'unlisted',
      occurredAt: now,
      currency: 'CNY',
      amount: 5_000,
    };
    expect((await call('POST', '/v1/purchases', { key: alpha.key, body: accepted })).status).toBe(202);
    await call('PUT', `/v1/partners/${alpha.partnerId}/stores/listed`, {
      key: adminKey,
      body: { name: 'Listed' },
    });
    expect((await publish({ stores: { requireRegistered: true } })).status).toBe(200);

    const unknown = { status: 422, body: { code: 'unknown_store' } };
    const purchase = (till: Till, storeId: string) =>
      call('POST', '/v1/purchases', {
        key: till.key,
        body: {
          purchaseId: uniqueId('p'),
          memberId,
          storeId,
          occurredAt: now,
          currency: 'CNY',
          amount: 1_000,
        },
      });
    expect((await purchase(alpha, 'listed')).status).toBe(202);
    expect(await purchase(alpha, 'unlisted')).toMatchObject(unknown);
    // Alpha's registered store is not Beta's.
    expect(await purchase(beta, 'listed')).toMatchObject(unknown);
    // A replay of a purchase accepted before answers its first result.
    expect((await call('POST', '/v1/purchases', { key: alpha.key, body: accepted })).status).toBe(202);
    const batch = await call<{ results: { status: string; error?: { code: string } }[] }>(
      'POST',
      '/v1/purchases/batch',
      {
        key: alpha.key,
        body: {
          purchases: [
            {
              purchaseId: uniqueId('p'),
              memberId,
              storeId: 'listed',
              occurredAt: now,
              currency: 'CNY',
              amount: 100,
            },
            {
              purchaseId: uniqueId('p'),
              memberId,
              storeId: 'nope',
              occurredAt: now,
              currency: 'CNY',
              amount: 100,
            },
          ],
        },
      },
    );
    expect(batch.body.results.map((result) => result.error?.code ?? result.status)).toEqual([
      'accepted',
      'unknown_store',
    ]);

    const refund = await call('POST', '/v1/refunds', {
      key: alpha.key,
      body: { refundId: uniqueId('r'), purchaseId: before.purchaseId, amount: 1_000, occurredAt: now },
    });
    expect(refund).toMatchObject(unknown);

    const activity = (storeId?: string) =>
      call('POST', `/v1/members/${memberId}/activities`, {
        key: alpha.key,
        body: { activityId: uniqueId('a'), type: 'share', occurredAt: now, ...(storeId ? { storeId } : {}) },
      });
    expect(await activity('unlisted')).toMatchObject(unknown);
    expect((await activity('listed')).status).toBe(201);
    expect((await activity()).status).toBe(201);

    // Redemptions (an admin key needs no member code) and coupon uses, with points available now.
    const credit = await call('POST', `/v1/members/${memberId}/adjustments`, {
      key: adminKey,
      body: { adjustmentId: uniqueId('adj'), points: 2_000, reason: 'goodwill' },
    });
    expect(credit.status).toBe(201);
    const redemption = (storeId: string) =>
      call<{ coupon?: { code: string } }>('POST', '/v1/redemptions', {
        key: adminKey,
        body: { redemptionId: uniqueId('x'), memberId, storeId, rewardId: 'coupon-10' },
      });
    expect(await redemption('unlisted')).toMatchObject(unknown);
    await call('PUT', `/v1/partners/operator/stores/desk`, { key: adminKey, body: { name: 'Service desk' } });
    const coupon = await redemption('desk');
    expect(coupon.status).toBe(201);
    const use = (storeId: string) =>
      call('POST', `/v1/coupons/${coupon.body.coupon!.code}/use`, {
        key: adminKey,
        body: { storeId, orderId: uniqueId('o') },
      });
    expect(await use('unlisted')).toMatchObject(unknown);
    expect((await use('desk')).status).toBe(200);
    expect((await publish({ stores: { requireRegistered: false } })).status).toBe(200);
  });
});
