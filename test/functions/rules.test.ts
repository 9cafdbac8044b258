/**
 * Earning rules through the real handlers against DynamoDB Local: a published version with
 * stepped rates, excluded gift cards, coffee ×3 and a gold Tuesday campaign with a per-member cap
 * and a budget; breakdowns; the simulator; concurrent accruals against the budget; birthday
 * gifts; gray release; tier maintenance.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setBusinessClock } from '../../shared/core/clock.js';
import { Scope } from '../../shared/core/scopes.js';
import type { Campaign } from '../../shared/domain/program.js';
import { issueBirthdayGift } from '../../shared/features/lifecycle/birthdayGifts.js';
import { budgetSpent } from '../../shared/features/purchases/campaignBudgets.js';
import { adapters } from '../../shared/wiring/adapters.js';
import { admin, call, deliver, inbox, partnerKey, pollQueues, runJob, uniqueId } from './harness.js';

type Json = Record<string, unknown>;
interface Line {
  ruleId: string;
  label: string;
  points: number;
}
interface Simulated {
  points: number;
  breakdown: Line[];
  qualifyingSpend: { amount: number; currency: string };
  programVersion: number;
}

/** A Tuesday. */
const now = '2026-11-24T10:00:00+08:00';
const monday = '2026-11-23T10:00:00+08:00';

let adminKey: string;
let till: { partnerId: string; key: string };
let pollers: ReturnType<typeof pollQueues>;
let rulesVersion: number;
let body: Json;

const goldTuesday: Campaign = {
  campaignId: 'gold-tuesday',
  label: 'Gold Tuesday ×2',
  fromMs: Date.parse('2026-11-01T00:00:00+08:00'),
  toMs: Date.parse('2027-01-01T00:00:00+08:00'),
  multiplierPermille: 2000,
  tiers: ['gold'],
  daysOfWeek: [2],
  capPerMemberPoints: 500,
  budgetPoints: 1_000,
};

const giftcard = { sku: 'GC-500', category: 'giftcard', quantity: 1, amount: 50_000 };
const latte = { sku: 'LATTE', category: 'coffee', quantity: 2, amount: 3_000 };
/** The rest of a purchase's amount as a line of its own: since issue 17 the items add up to the amount. */
const rest = (amount: number) => ({ sku: 'OTHER', quantity: 1, amount });

beforeAll(async () => {
  setBusinessClock(now);
  adminKey = await admin();
  till = await partnerKey([Scope.membersWrite, Scope.membersRead, Scope.pointsEarn]);
  pollers = pollQueues(['jobs', 'emails']);
  const current = await call<Json>('GET', '/v1/program', { key: adminKey });
  const { version: _version, ...reference } = current.body;
  const earning = reference.earning as Json;
  body = {
    ...reference,
    effectiveFromMs: Date.parse('2026-11-01T00:00:00+08:00'),
    earning: {
      ...earning,
      bands: [
        { fromFen: 0, pointsPerYuanPermille: 1000 },
        { fromFen: 100_000, pointsPerYuanPermille: 1500 },
      ],
      itemRules: [
        {
          ruleId: 'giftcards',
          label: 'Gift cards earn no points',
          categories: ['giftcard'],
          effect: { kind: 'exclude', fromQualifyingSpend: true },
        },
        {
          ruleId: 'coffee',
          label: 'Coffee ×3',
          categories: ['coffee'],
          effect: { kind: 'multiplier', permille: 3000 },
        },
      ],
      campaigns: [goldTuesday],
    },
    birthdayGift: { daysBefore: 15, rewardId: 'coupon-10' },
  };
  const published = await call<{ version: number }>('PUT', '/v1/program', { key: adminKey, body });
  expect(published.status).toBe(200);
  rulesVersion = published.body.version;
});

afterAll(async () => {
  setBusinessClock(null);
  await pollers.stop();
});

async function enrol(extra: Json = {}) {
  const memberId = uniqueId('m');
  expect((await call('POST', '/v1/members', { key: till.key, body: { memberId, ...extra } })).status).toBe(
    201,
  );
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

async function accept(body: Json) {
  const accepted = await call('POST', '/v1/purchases', { key: till.key, body });
  expect(accepted.status).toBe(202);
  return accepted.body as { estimatedPoints: number };
}

async function credit(purchaseId: string) {
  const result = await deliver('accrual', [{ partnerId: till.partnerId, purchaseId }]);
  expect(result.batchItemFailures).toEqual([]);
  return (
    await call<{ status: string; points: number; breakdown?: Line[] }>('GET', `/v1/purchases/${purchaseId}`, {
      key: till.key,
    })
  ).body;
}

async function simulate(request: Json, key = till.key) {
  return call<Simulated>('POST', '/v1/program/simulate', { key, body: request });
}

const sum = (lines: readonly Line[]) => lines.reduce((total, line) => total + line.points, 0);

/** A gold member: a 10,000 CNY purchase on Monday (credited at base) lifts them to gold. */
async function goldMember() {
  const memberId = await enrol();
  const big = purchase(memberId, 1_000_000, { occurredAt: monday });
  await accept(big);
  await credit(big.purchaseId);
  return memberId;
}

describe('earning rules', () => {
  it('earns what the rules say for purchases with items, explains it, and the simulator agrees', async () => {
    const memberId = await enrol();
    const first = purchase(memberId, 60_000, { items: [giftcard, latte, rest(7_000)] });
    const { purchaseId: _id, memberId: _member, ...simulated } = first;
    const before = await simulate({ memberId, purchase: simulated });
    expect(before.status).toBe(200);
    // 10,000 fen earn (the gift card is excluded): 100 base + coffee's 30 yuan twice more.
    expect(before.body).toMatchObject({ points: 160, qualifyingSpend: { amount: 10_000, currency: 'CNY' } });
    expect((await accept(first)).estimatedPoints).toBe(160);
    const credited = await credit(first.purchaseId);
    expect(credited).toMatchObject({ status: 'credited', points: 160 });
    expect(credited.breakdown).toEqual(before.body.breakdown);
    expect(credited.breakdown).toEqual([
      { ruleId: 'base', label: 'Base: 100 CNY, stepped (100 × 1)', points: 100 },
      { ruleId: 'item:coffee', label: 'Coffee ×3', points: 60 },
      { ruleId: 'item:giftcards', label: 'Gift cards earn no points', points: 0 },
    ]);

    // Stepped: the first 1,000 CNY at 1 point a yuan, the next 500 at 1.5, plus the threshold bonus.
    const second = purchase(memberId, 150_000);
    const { purchaseId: _id2, memberId: _member2, ...simulatedSecond } = second;
    const expected = await simulate({ memberId, purchase: simulatedSecond });
    expect(expected.body.points).toBe(1_000 + 750 + 50);
    await accept(second);
    const steppedCredit = await credit(second.purchaseId);
    expect(steppedCredit.points).toBe(expected.body.points);
    expect(steppedCredit.breakdown).toEqual(expected.body.breakdown);
    expect(sum(steppedCredit.breakdown!)).toBe(steppedCredit.points);

    const member = await call<{ qualifyingSpend: { amount: number } }>('GET', `/v1/members/${memberId}`, {
      key: till.key,
    });
    expect(member.body.qualifyingSpend.amount).toBe(10_000 + 150_000);
    const history = await call<{ items: { type: string; points: number; breakdown?: Line[] }[] }>(
      'GET',
      `/v1/members/${memberId}/transactions`,
      { key: till.key },
    );
    const earns = history.body.items.filter((item) => item.type === 'earn');
    expect(earns).toHaveLength(2);
    for (const earn of earns) expect(sum(earn.breakdown!)).toBe(earn.points);
    expect(earns.map((earn) => earn.breakdown)).toContainEqual(credited.breakdown);
  });

  it('keeps the reference programme for purchases before the new version: 25,680 fen earn 306', async () => {
    const memberId = await enrol();
    const old = purchase(memberId, 25_680, { occurredAt: '2026-10-30T10:00:00+08:00' });
    await accept(old);
    expect(await credit(old.purchaseId)).toMatchObject({
      points: 306,
      breakdown: [
        { ruleId: 'base', label: 'Base: 256 CNY × 1', points: 256 },
        { ruleId: 'threshold', label: 'Threshold bonus (200 CNY or more)', points: 50 },
      ],
    });
  });

  it('doubles gold members’ points on Tuesdays up to 500 points a member', async () => {
    const memberId = await goldMember();
    const grants: number[] = [];
    for (let i = 0; i < 4; i++) {
      const tuesday = purchase(memberId, 10_000);
      const { purchaseId: _id, memberId: _member, ...simulated } = tuesday;
      const expected = await simulate({ memberId, purchase: simulated });
      await accept(tuesday);
      const credited = await credit(tuesday.purchaseId);
      expect(credited.points).toBe(expected.body.points);
      expect(credited.breakdown).toEqual(expected.body.breakdown);
      grants.push(credited.breakdown!.find((line) => line.ruleId === 'campaign:gold-tuesday')?.points ?? 0);
    }
    // 100 CNY × 1.5 (gold) = 150, doubled: +150 a purchase until the cap of 500.
    expect(grants).toEqual([150, 150, 150, 50]);
    const wednesday = purchase(memberId, 10_000, { occurredAt: '2026-11-18T11:00:00+08:00' });
    await accept(wednesday);
    expect((await credit(wednesday.purchaseId)).points).toBe(150);
  });

  it('answers for a tier or under a draft, names a draft’s bad fields, and needs points:earn', async () => {
    const request = { storeId: 'store-1', occurredAt: now, currency: 'CNY', amount: 10_000 };
    const draft = {
      ...body,
      earning: {
        ...(body.earning as Json),
        campaigns: [
          { ...goldTuesday, campaignId: 'draft-tuesday', multiplierPermille: 3000, budgetPoints: undefined },
        ],
      },
    };
    const underDraft = await simulate({ tier: 'gold', purchase: request, draft });
    expect(underDraft).toMatchObject({
      status: 200,
      body: { points: 450, programVersion: rulesVersion + 1 },
    });
    expect(sum(underDraft.body.breakdown)).toBe(450);
    const silver = await simulate({ tier: 'silver', purchase: request });
    expect(silver.body).toMatchObject({ points: 120, programVersion: rulesVersion });

    const bad = await simulate({
      tier: 'gold',
      purchase: request,
      draft: {
        ...body,
        earning: { ...(body.earning as Json), bands: [{ fromFen: 50, pointsPerYuanPermille: 1 }] },
      },
    });
    expect(bad).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
    expect(
      (bad.body as unknown as { errors: { path: string }[] }).errors.map((error) => error.path),
    ).toContain('draft.earning.bands.0.fromFen');
    expect((await simulate({ tier: 'diamond', purchase: request })).status).toBe(400);
    expect((await simulate({ memberId: 'nobody', purchase: request })).status).toBe(404);
    const reader = await partnerKey([Scope.membersRead]);
    expect((await simulate({ purchase: request }, reader.key)).status).toBe(403);
    expect((await simulate({ purchase: request }, adminKey)).status).toBe(200);
  });

  it('never gives more than the campaign’s budget of 1,000 points to 50 purchases credited at once', async () => {
    const members = await Promise.all(Array.from({ length: 25 }, () => goldMember()));
    const purchases = members.flatMap((memberId) => [purchase(memberId, 10_000), purchase(memberId, 10_000)]);
    await Promise.all(purchases.map((each) => accept(each)));
    const results = await Promise.all(
      purchases.map((each) =>
        deliver('accrual', [{ partnerId: till.partnerId, purchaseId: each.purchaseId }]),
      ),
    );
    expect(results.flatMap((result) => result.batchItemFailures)).toEqual([]);
    const views = await Promise.all(
      purchases.map(
        async (each) =>
          (
            await call<{ status: string; points: number; breakdown: Line[] }>(
              'GET',
              `/v1/purchases/${each.purchaseId}`,
              {
                key: till.key,
              },
            )
          ).body,
      ),
    );
    let given = 0;
    for (const view of views) {
      expect(view.status).toBe('credited');
      expect(sum(view.breakdown)).toBe(view.points);
      const bonus = view.breakdown.find((line) => line.ruleId === 'campaign:gold-tuesday')?.points ?? 0;
      expect(view.points).toBe(150 + bonus);
      given += bonus;
    }
    // The previous test's member took 500 of the budget; these purchases want 7,500.
    expect(given).toBe(500);
    expect(await budgetSpent(adapters().ledger, goldTuesday)).toBe(1_000);
    // Spent out: the simulator and the next purchase get the campaign at 0.
    const { purchaseId: _id, memberId: _member, ...request } = purchase(members[0]!, 10_000);
    const after = await simulate({ memberId: members[0]!, purchase: request });
    expect(after.body.points).toBe(150);
  });
});

describe('birthday gifts', () => {
  it('gives a member whose birthday is in 15 days the gift coupon and one email, once', async () => {
    const memberId = await enrol({ email: 'birthday@example.com', birthday: '1990-12-09', locale: 'zh-CN' });
    const notYet = await enrol({ email: 'later@example.com', birthday: '1990-12-10' });
    const first = await runJob('birthday-gifts');
    expect(first).toMatchObject({ status: 'succeeded', processed: 1 });
    await runJob('birthday-gifts');
    // The work itself is once per member and year, whatever runs it.
    expect(await issueBirthdayGift(adapters(), memberId, adapters().clock.nowMs())).toBe(false);
    await runJob('send-notifications');
    await pollers.idle(30_000);
    await runJob('send-notifications');
    await pollers.idle(30_000);
    const birthdayMail = (mail: { subject: string }) => mail.subject.includes('生日');
    const mails = (await inbox('birthday@example.com')).filter(birthdayMail);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe('生日快乐！您的专属生日优惠券已到账');
    const text = mails[0]?.body.text ?? '';
    expect(text).toContain('距离您的生日还有15天，请查收专属生日优惠券');
    const code = /券码: ([A-Z0-9]+)/.exec(text)?.[1];
    expect(code).toBeDefined();
    const coupon = await call('GET', `/v1/coupons/${code}`, { key: adminKey });
    expect(coupon).toMatchObject({
      status: 200,
      body: { code, memberId, status: 'issued', value: { amount: 1_000, currency: 'CNY' } },
    });
    expect((await inbox('later@example.com')).filter(birthdayMail)).toHaveLength(0);
    expect(notYet).toBeDefined();
  });
});

describe('gray release and tier maintenance', () => {
  it('applies a version first to its stores, and to every store from everyoneFromMs', async () => {
    const earning = body.earning as { itemRules: Json[] };
    const pilot = await call<{ version: number }>('PUT', '/v1/program', {
      key: adminKey,
      body: {
        ...body,
        effectiveFromMs: Date.parse('2026-11-24T00:00:00+08:00'),
        storeIds: [`${till.partnerId}/pilot`],
        everyoneFromMs: Date.parse('2026-12-01T00:00:00+08:00'),
        earning: {
          ...earning,
          itemRules: earning.itemRules.map((rule) =>
            rule.ruleId === 'coffee'
              ? { ...rule, label: 'Coffee ×5', effect: { kind: 'multiplier', permille: 5000 } }
              : rule,
          ),
        },
      },
    });
    expect(pilot.status).toBe(200);
    const request = (storeId: string, occurredAt = now) => ({
      tier: 'base',
      purchase: { storeId, occurredAt, currency: 'CNY', amount: 3_000, items: [latte] },
    });
    expect((await simulate(request('pilot'))).body).toMatchObject({
      points: 150,
      programVersion: pilot.body.version,
    });
    expect((await simulate(request('store-1'))).body).toMatchObject({
      points: 90,
      programVersion: rulesVersion,
    });
    expect((await call<{ version: number }>('GET', '/v1/program', { key: adminKey })).body.version).toBe(
      rulesVersion,
    );
    const memberId = await enrol();
    const atPilot = purchase(memberId, 3_000, { storeId: 'pilot', items: [latte] });
    await accept(atPilot);
    expect((await credit(atPilot.purchaseId)).points).toBe(150);
    setBusinessClock('2026-12-02T10:00:00+08:00');
    try {
      const later = await simulate(request('store-1', '2026-12-02T10:00:00+08:00'));
      expect(later.body).toMatchObject({ points: 150, programVersion: pilot.body.version });
    } finally {
      setBusinessClock(now);
    }
  });

  it('steps a gold member down at the review when their spend misses the tier’s maintenance', async () => {
    const keeping = await goldMember();
    const tiers = (body.tiers as Json[]).map((tier) =>
      tier.code === 'gold' ? { ...tier, keep: { minSpendFen: 1_500_000, months: 12 } } : tier,
    );
    const published = await call('PUT', '/v1/program', {
      key: adminKey,
      body: { ...body, effectiveFromMs: Date.parse('2026-11-25T00:00:00+08:00'), tiers },
    });
    expect(published.status).toBe(200);
    setBusinessClock('2026-12-01T02:00:00+08:00');
    try {
      const run = await runJob('tier-review');
      expect(run).toMatchObject({ status: 'succeeded' });
      const member = await call<{ tier: { code: string } }>('GET', `/v1/members/${keeping}`, {
        key: till.key,
      });
      expect(member.body.tier.code).toBe('silver');
    } finally {
      setBusinessClock(now);
    }
  });
});
