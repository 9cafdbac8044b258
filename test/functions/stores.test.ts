/**
 * Stores belong to partners (CONTRACT 6.1), through the real handlers against DynamoDB Local:
 * the programme names stores `partnerId/storeId` (a plain id is refused on publish), a campaign
 * at a partner's store is that partner's alone, store figures are kept per partner and store; the
 * store registry and `stores.requireRegistered`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Scope } from '../../shared/auth/scopes.js';
import { setBusinessClock } from '../../shared/clock.js';
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
  const { version: _version, ...current } = (await call<Json>('GET', '/v1/program', { key: adminKey })).body;
  reference = current;
});

afterAll(() => setBusinessClock(null));

const publish = (changes: Json) =>
  call<Json>('PUT', '/v1/program', { key: adminKey, body: { ...reference, ...changes } });

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
