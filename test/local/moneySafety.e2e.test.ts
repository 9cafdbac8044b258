/**
 * Issue 17 from outside: `npm start` as a child process, called over HTTP as two partners' tills,
 * the operator's app, a service desk and a careless operator would call it. Each case is one of the
 * holes the issue reproduced, tried again on new data (CONTRACT §6.1); the ledger check stays ok
 * after each. Nothing here reaches into the process: only the API and the dev endpoints.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { http, type Json, type RuntimeProcess, startRuntime, until } from '../support/runtimeProcess.js';

const dataDir = mkdtempSync(join(tmpdir(), 'jifen-money-'));
let runtime: RuntimeProcess;
/** Wednesday 10 March 2027, 10:00 in Shanghai: outside quiet hours, inside every window below. */
const now = '2027-03-10T10:00:00+08:00';
const period = '2027-03';
const keys = { admin: '', alpha: '', beta: '', app: '', desk: '', supervisor: '' };

type Answer<T = Json> = Awaited<ReturnType<typeof http<T>>>;
const call = <T = Json>(method: string, path: string, key: string, body?: unknown): Promise<Answer<T>> =>
  http<T>(runtime.baseUrl, method, path, { key, body });

let sequence = 0;
const id = (prefix: string) => `${prefix}-${++sequence}`;

async function issueKey(partnerId: string, scopes: string[]): Promise<string> {
  const issued = await call<{ key: string }>('POST', `/v1/partners/${partnerId}/keys`, keys.admin, {
    scopes,
    name: scopes.join(' '),
  });
  expect(issued.status).toBe(201);
  return issued.body.key;
}

async function enrol(key: string, body: Json = {}): Promise<string> {
  const memberId = (body.memberId as string | undefined) ?? id('m');
  const answer = await call('POST', '/v1/members', key, { memberId, ...body });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return memberId;
}

interface Credited {
  status: string;
  points: number;
  breakdown: { ruleId: string; points: number }[];
}

/** A purchase accepted over HTTP and followed until the accrual queue has credited it. */
async function purchase(key: string, body: Json): Promise<Credited & { purchaseId: string }> {
  const purchaseId = (body.purchaseId as string | undefined) ?? id('P');
  const accepted = await call('POST', '/v1/purchases', key, {
    purchaseId,
    occurredAt: now,
    currency: 'CNY',
    ...body,
  });
  expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
  const read = await until(
    () => call<Credited>('GET', `/v1/purchases/${purchaseId}`, key),
    (answer) => answer.body.status !== 'accepted',
    30_000,
  );
  expect(read.body.status, JSON.stringify(read.body)).toBe('credited');
  return { ...read.body, purchaseId };
}

async function refund(key: string, purchaseId: string, amount: number, items?: Json[]) {
  const answer = await call<{ pointsReversed: number }>('POST', '/v1/refunds', key, {
    refundId: id('R'),
    purchaseId,
    amount,
    occurredAt: now,
    ...(items ? { items } : {}),
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body;
}

interface MemberRead {
  tier: { code: string };
  qualifyingSpend: { amount: number };
  points: { available: number; pending: number; held: number };
}
const member = async (memberId: string) =>
  (await call<MemberRead>('GET', `/v1/members/${memberId}`, keys.admin)).body;
const totalPoints = (m: MemberRead) => m.points.available + m.points.pending + m.points.held;

async function publish(change: (program: Json) => Json): Promise<Answer> {
  const current = (await call<Json>('GET', '/v1/program', keys.admin)).body;
  const { version: _version, effectiveFromMs: _from, ...rest } = current;
  // Every version takes effect from the start of the month, so that a purchase at `now` and a job
  // run today (its day starts before `now`) are judged by the version just published.
  return call('PUT', '/v1/program', keys.admin, {
    ...change(rest),
    effectiveFromMs: campaignStart,
  });
}

const earning = (program: Json) => program.earning as Json;
const withCampaigns = (program: Json, campaigns: Json[]) => ({
  ...program,
  earning: { ...earning(program), campaigns },
});

async function memberCode(memberId: string): Promise<string> {
  const answer = await call<{ code: string }>('POST', `/v1/members/${memberId}/codes`, keys.app, {});
  expect(answer.status).toBe(201);
  return answer.body.code;
}

async function mugStock(): Promise<number | null | undefined> {
  const listed = await call<{ items: { rewardId: string; stock: number | null }[] }>(
    'GET',
    '/v1/rewards',
    keys.alpha,
  );
  return listed.body.items.find((reward) => reward.rewardId === 'mug')?.stock;
}

async function runJob(job: string, body: Json = {}) {
  const started = await call<{ runId: string }>('POST', `/v1/admin/jobs/${job}`, keys.admin, body);
  expect(started.status, JSON.stringify(started.body)).toBeLessThan(300);
  const run = await until(
    () => call<{ status: string }>('GET', `/v1/admin/jobs/runs/${started.body.runId}`, keys.admin),
    (answer) => answer.body.status === 'succeeded' || answer.body.status === 'failed',
    60_000,
  );
  expect(run.body.status, JSON.stringify(run.body)).toBe('succeeded');
  return run.body;
}

const campaignStart = Date.parse('2027-03-01T00:00:00+08:00');
const campaignEnd = Date.parse('2027-04-01T00:00:00+08:00');

beforeAll(async () => {
  runtime = await startRuntime(dataDir, { CONSOLE: 'off' });
  keys.admin = runtime.adminKey;
  expect((await call('PUT', '/_local/clock', keys.admin, { now })).status).toBe(200);
  for (const partnerId of ['alpha', 'beta']) {
    expect((await call('POST', '/v1/partners', keys.admin, { partnerId, name: partnerId })).status).toBe(201);
  }
  const till = ['members:read', 'members:write', 'points:earn', 'points:redeem'];
  keys.alpha = await issueKey('alpha', till);
  keys.beta = await issueKey('beta', till);
  keys.app = await issueKey('operator', ['members:codes']);
  keys.desk = await issueKey('operator', ['points:adjust', 'members:read']);
  keys.supervisor = await issueKey('operator', ['points:adjust', 'members:read']);
  for (const storeId of ['s1', 's2', 's3']) {
    expect(
      (await call('PUT', `/v1/partners/alpha/stores/${storeId}`, keys.admin, { name: `Alpha ${storeId}` }))
        .status,
    ).toBe(201);
  }
  expect((await call('PUT', '/v1/partners/beta/stores/s1', keys.admin, { name: 'Beta s1' })).status).toBe(
    201,
  );
  expect(
    (
      await call('PUT', '/v1/rewards/coupon-10', keys.admin, {
        name: '¥10 birthday coupon',
        pointsCost: 1000,
        kind: 'coupon',
        coupon: { value: 1000, validDays: 60 },
      })
    ).status,
  ).toBeLessThan(300);
  expect(
    (
      await call('PUT', '/v1/rewards/mug', keys.admin, {
        name: 'Mug',
        pointsCost: 100,
        kind: 'item',
        stock: 1,
      })
    ).status,
  ).toBeLessThan(300);
  const campaigns = [
    {
      campaignId: 'alpha-s1-bonus',
      fromMs: campaignStart,
      toMs: campaignEnd,
      storeIds: ['alpha/s1'],
      bonusPoints: 300,
      capPerMemberPoints: 300,
      budgetPoints: 100_000,
    },
    {
      campaignId: 'welcome',
      fromMs: campaignStart,
      toMs: campaignEnd,
      storeIds: ['alpha/s3'],
      firstPurchase: true,
      bonusPoints: 200,
    },
  ];
  const mooncake = {
    ruleId: 'mooncake',
    label: 'Mooncake +20',
    skus: ['MOON-1'],
    effect: { kind: 'perUnit', points: 20 },
  };
  const published = await publish((program) => ({
    ...program,
    earning: { ...earning(program), campaigns, itemRules: [mooncake] },
    birthdayGift: { daysBefore: 15, rewardId: 'coupon-10' },
  }));
  expect(published.status, JSON.stringify(published.body)).toBeLessThan(300);
}, 180_000);

afterEach(async () => {
  const check = await call<{ ok: boolean }>('GET', '/v1/reports/ledger-check', keys.admin);
  expect(check.body, 'GET /v1/reports/ledger-check after the case').toMatchObject({ ok: true });
});

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('stores belong to partners', () => {
  it('refuses a plain store id in the programme', async () => {
    const plain = await publish((program) =>
      withCampaigns(program, [
        { campaignId: 'plain', fromMs: campaignStart, toMs: campaignEnd, storeIds: ['s1'], bonusPoints: 1 },
      ]),
    );
    expect(plain).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
  });

  it('gives a store campaign only at that partner’s store, and reports the store within its partner', async () => {
    const memberId = await enrol(keys.alpha);
    await purchase(keys.alpha, { memberId, storeId: 's2', amount: 1000 }); // the first purchase, elsewhere
    const atAlpha = await purchase(keys.alpha, { memberId, storeId: 's1', amount: 1000 });
    const atBeta = await purchase(keys.beta, { memberId, storeId: 's1', amount: 1000 });
    expect(atAlpha.breakdown.map((line) => line.ruleId)).toContain('campaign:alpha-s1-bonus');
    expect(atBeta.breakdown.map((line) => line.ruleId)).not.toContain('campaign:alpha-s1-bonus');

    const day = '2027-03-10';
    const alphaS1 = await until(
      () =>
        call<{ items: Json[] }>(
          'GET',
          `/v1/reports/daily?from=${day}&to=${day}&partnerId=alpha&storeId=s1`,
          keys.admin,
        ),
      (answer) => answer.body.items?.[0]?.purchases === 1,
      30_000,
    );
    expect(alphaS1.body.items[0]).toMatchObject({ purchases: 1, spend: { amount: 1000 } });
    const betaS1 = await until(
      () =>
        call<{ items: Json[] }>(
          'GET',
          `/v1/reports/daily?from=${day}&to=${day}&partnerId=beta&storeId=s1`,
          keys.admin,
        ),
      (answer) => answer.body.items?.[0]?.purchases === 1,
      30_000,
    );
    expect(betaS1.body.items[0]).toMatchObject({ purchases: 1, spend: { amount: 1000 } });
    const withoutPartner = await call(
      'GET',
      `/v1/reports/daily?from=${day}&to=${day}&storeId=s1`,
      keys.admin,
    );
    expect(withoutPartner.status).toBe(400);
  });

  it('lists a partner’s stores, and replaces one with 200', async () => {
    expect(
      (await call('PUT', '/v1/partners/alpha/stores/s1', keys.admin, { name: 'Alpha One', city: 'Shanghai' }))
        .status,
    ).toBe(200);
    const listed = await call<{ items: Json[] }>('GET', '/v1/partners/alpha/stores', keys.admin);
    expect(listed.body.items.map((store) => store.storeId).sort()).toEqual(['s1', 's2', 's3']);
    expect(listed.body.items.find((store) => store.storeId === 's1')).toMatchObject({
      name: 'Alpha One',
      city: 'Shanghai',
    });
    expect((await call('PUT', '/v1/partners/alpha/stores/s9', keys.alpha, { name: 'Mine' })).status).toBe(
      403,
    );
  });
});

describe('bounded issuance', () => {
  it('refuses items that do not add up, and bounds per-unit points by the purchase cap', async () => {
    const memberId = await enrol(keys.alpha);
    const notAddingUp = await call('POST', '/v1/purchases', keys.alpha, {
      purchaseId: id('P'),
      memberId,
      storeId: 's2',
      occurredAt: now,
      currency: 'CNY',
      amount: 1,
      items: [{ sku: 'MOON-1', quantity: 100_000, amount: 0 }],
    });
    expect(notAddingUp).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
    const free = await purchase(keys.alpha, {
      memberId,
      storeId: 's2',
      amount: 1000,
      items: [
        { sku: 'MOON-1', quantity: 100_000, amount: 0 },
        { sku: 'TEA', quantity: 1, amount: 1000 },
      ],
    });
    expect(free.breakdown.find((line) => line.ruleId === 'item:mooncake')?.points ?? 0).toBe(0);
    const many = await purchase(keys.alpha, {
      memberId,
      storeId: 's2',
      amount: 1000,
      items: [{ sku: 'MOON-1', quantity: 100_000, amount: 1000 }],
    });
    expect(many.points).toBeLessThanOrEqual(20_000);
    expect(many.breakdown.reduce((sum, line) => sum + line.points, 0)).toBe(many.points);
  });

  it('earns nothing once the day’s cap is used up, per-unit points included', async () => {
    const memberId = await enrol(keys.alpha);
    await purchase(keys.alpha, { memberId, storeId: 's2', amount: 500_000 });
    const after = await purchase(keys.alpha, {
      memberId,
      storeId: 's2',
      amount: 2000,
      items: [{ sku: 'MOON-1', quantity: 10, amount: 2000 }],
    });
    expect(after.points).toBe(0);
  });
});

describe('a refund undoes what it refunds', () => {
  it('a full refund takes back the points, the tier, the referral, the cap headroom and the campaign cap', async () => {
    const referrerId = await enrol(keys.alpha);
    const referrerBefore = totalPoints(await member(referrerId));
    const memberId = await enrol(keys.alpha, { referrerId });
    const before = await member(memberId);
    const big = await purchase(keys.alpha, { memberId, storeId: 's1', amount: 5_000_000 });
    expect(big.points).toBeGreaterThan(0);
    const upgraded = await member(memberId);
    expect(upgraded.tier.code).toBe('platinum');
    expect(totalPoints(await member(referrerId))).toBeGreaterThan(referrerBefore);

    // Refunded in two parts: together the whole purchase.
    const first = await refund(keys.alpha, big.purchaseId, 1_000_000);
    const second = await refund(keys.alpha, big.purchaseId, 4_000_000);
    expect(first.pointsReversed + second.pointsReversed).toBe(big.points);
    const after = await member(memberId);
    expect(after.tier.code).toBe(before.tier.code);
    expect(after.qualifyingSpend.amount).toBe(before.qualifyingSpend.amount);
    expect(totalPoints(after)).toBe(totalPoints(before));
    expect(totalPoints(await member(referrerId))).toBe(referrerBefore);

    // The day's cap and the campaign's per-member cap are as before the purchase.
    const again = await purchase(keys.alpha, { memberId, storeId: 's1', amount: 100_000 });
    expect(again.breakdown.find((line) => line.ruleId === 'campaign:alpha-s1-bonus')?.points).toBe(300);
    expect(again.breakdown.find((line) => line.ruleId === 'base')?.points).toBe(1000);
  });

  it('a purchase that earns no point pays no referral bonus', async () => {
    const referrerId = await enrol(keys.alpha);
    const referrerBefore = totalPoints(await member(referrerId));
    const memberId = await enrol(keys.alpha, { referrerId });
    await purchase(keys.alpha, { memberId, storeId: 's2', amount: 500_000 }); // uses the day's cap up
    const referrerAfterFirst = totalPoints(await member(referrerId));
    const otherId = await enrol(keys.alpha, { referrerId });
    // The cap of `otherId` is its own: its first purchase of 1 fen earns nothing, and pays nothing.
    const nothing = await purchase(keys.alpha, { memberId: otherId, storeId: 's2', amount: 1 });
    expect(nothing.points).toBe(0);
    expect(totalPoints(await member(referrerId))).toBe(referrerAfterFirst);
    expect(referrerAfterFirst).toBeGreaterThan(referrerBefore);
  });

  it('refunding items reverses their item points and their share of the rest', async () => {
    const memberId = await enrol(keys.alpha);
    await purchase(keys.alpha, { memberId, storeId: 's2', amount: 100 });
    const bought = await purchase(keys.alpha, {
      memberId,
      storeId: 's2',
      amount: 10_000,
      items: [
        { sku: 'MOON-1', quantity: 2, amount: 2000 },
        { sku: 'TEA', quantity: 1, amount: 8000 },
      ],
    });
    expect(bought.breakdown.find((line) => line.ruleId === 'item:mooncake')?.points).toBe(40);
    const back = await refund(keys.alpha, bought.purchaseId, 2000, [
      { sku: 'MOON-1', quantity: 2, amount: 2000 },
    ]);
    expect(back.pointsReversed).toBe(40 + 20);
  });
});

describe('redemptions and coupons', () => {
  it('reversing a reward redemption returns its stock', async () => {
    const memberId = await enrol(keys.alpha);
    const redeemed = await call('POST', '/v1/redemptions', keys.alpha, {
      redemptionId: id('X'),
      memberCode: await memberCode(memberId),
      storeId: 's1',
      rewardId: 'mug',
    });
    expect(redeemed.status, JSON.stringify(redeemed.body)).toBe(201);
    expect(await mugStock()).toBe(0);
    const reversed = await call('POST', `/v1/redemptions/${redeemed.body.redemptionId}/reverse`, keys.alpha);
    expect(reversed.status).toBe(200);
    expect(await mugStock()).toBe(1);
  });

  it('a birthday coupon the programme issued is found and used at any partner’s till', async () => {
    const email = `${id('bd')}@example.com`;
    const memberId = await enrol(keys.alpha, { email, birthday: '1990-03-24' });
    // Today's run went by when the clock was set (the scheduler's), before this member enrolled:
    // the operator runs yesterday's, which looks 15 days ahead of yesterday.
    expect(await runJob('birthday-gifts', { asOf: '2027-03-09T09:05:00+08:00' })).toMatchObject({
      processed: 1,
    });
    await runJob('send-notifications');
    const couponCode = /\b[A-HJ-NP-Z2-9]{12}\b/;
    const emails = await until(
      () => http<{ emails: { to: string[]; text: string }[] }>(runtime.baseUrl, 'GET', '/_local/emails'),
      (answer) => answer.body.emails.some((sent) => sent.to.includes(email) && couponCode.test(sent.text)),
      // send-notifications runs once a minute (a run of this minute may have gone by already).
      90_000,
    );
    const gift = emails.body.emails.find((sent) => sent.to.includes(email) && couponCode.test(sent.text));
    const code = gift?.text.match(couponCode)?.[0];
    expect(code, JSON.stringify(emails.body.emails.filter((sent) => sent.to.includes(email)))).toBeTruthy();
    const looked = await call('GET', `/v1/coupons/${code}`, keys.beta);
    expect(looked.status).toBe(200);
    expect(looked.body.memberId).toBe(memberId);
    const used = await call('POST', `/v1/coupons/${code}/use`, keys.beta, {
      storeId: 's1',
      orderId: id('O'),
    });
    expect(used.status, JSON.stringify(used.body)).toBe(200);
  }, 120_000);
});

describe('facts that earn points are guarded', () => {
  it('a till cannot change a birthday once set; the operator can, audited', async () => {
    const memberId = await enrol(keys.alpha, { birthday: '1990-07-01' });
    const byTill = await call('PATCH', `/v1/members/${memberId}`, keys.alpha, { birthday: '1990-03-10' });
    expect(byTill.status).toBe(403);
    expect((await member(memberId)) as unknown as Json).toMatchObject({ birthday: '1990-07-01' });
    const byOperator = await call('PATCH', `/v1/members/${memberId}`, keys.admin, { birthday: '1990-03-10' });
    expect(byOperator.status).toBe(200);
    const audit = await call<{ items: Json[] }>(
      'GET',
      '/v1/admin/audit?action=member.birthday_changed',
      keys.admin,
    );
    expect(audit.body.items.some((entry) => JSON.stringify(entry).includes(memberId))).toBe(true);
  });

  it('a contact change is audited without the addresses and told to the old address', async () => {
    const old = `${id('old')}@example.com`;
    const memberId = await enrol(keys.alpha, { email: old });
    expect(
      (await call('PATCH', `/v1/members/${memberId}`, keys.alpha, { email: `${id('new')}@example.com` }))
        .status,
    ).toBe(200);
    const audit = await call<{ items: Json[] }>(
      'GET',
      '/v1/admin/audit?action=member.contact_changed',
      keys.admin,
    );
    const entry = audit.body.items.find((item) => JSON.stringify(item).includes(memberId));
    expect(entry).toBeTruthy();
    expect(JSON.stringify(entry)).not.toContain('@example.com');
    await runJob('send-notifications');
    const told = await until(
      () => http<{ emails: { to: string[] }[] }>(runtime.baseUrl, 'GET', '/_local/emails'),
      (answer) => answer.body.emails.some((email) => email.to.includes(old)),
      30_000,
    );
    expect(told.body.emails.some((email) => email.to.includes(old))).toBe(true);
  });
});

describe('partners see only their own operations', () => {
  it('shows another partner’s entries without their details', async () => {
    const memberId = await enrol(keys.alpha);
    await purchase(keys.alpha, {
      memberId,
      storeId: 's2',
      amount: 12_345,
      items: [{ sku: 'SECRET-SKU', quantity: 1, amount: 12_345 }],
    });
    const seen = await call<{ items: Json[] }>('GET', `/v1/members/${memberId}/transactions`, keys.beta);
    expect(seen.status).toBe(200);
    const text = JSON.stringify(seen.body);
    for (const secret of ['SECRET-SKU', '12345', 's2', 'alpha']) expect(text).not.toContain(secret);
    expect(seen.body.items.some((entry) => entry.partner === 'other')).toBe(true);
    for (const entry of seen.body.items.filter((item) => item.partner === 'other')) {
      expect(Object.keys(entry).sort()).toEqual([
        'createdAt',
        'occurredAt',
        'partner',
        'points',
        'transactionId',
        'type',
      ]);
    }
  });

  it('answers 409 to an enrolment of an existing member whatever the body, 200 to the same partner’s repeat', async () => {
    const body = { memberId: id('m'), phone: '13900001111' };
    expect((await call('POST', '/v1/members', keys.alpha, body)).status).toBe(201);
    expect((await call('POST', '/v1/members', keys.alpha, body)).status).toBe(200);
    expect(await call('POST', '/v1/members', keys.beta, body)).toMatchObject({
      status: 409,
      body: { code: 'member_exists' },
    });
    expect(await call('POST', '/v1/members', keys.beta, { ...body, phone: '13900001112' })).toMatchObject({
      status: 409,
      body: { code: 'member_exists' },
    });
  });

  it('gives members:codes only to the operator’s keys, and one partner’s wrong codes lock no one for another', async () => {
    const refused = await call('POST', '/v1/partners/alpha/keys', keys.admin, { scopes: ['members:codes'] });
    expect(refused.status).toBe(400);
    const memberId = await enrol(keys.alpha);
    for (let i = 0; i < 11; i++) {
      await call('POST', '/v1/redemptions', keys.alpha, {
        redemptionId: id('X'),
        memberId,
        memberCode: String(100_000_000_000_000_000 + i),
        storeId: 's1',
        payment: { points: 100 },
      });
    }
    const atBeta = await call('POST', '/v1/redemptions', keys.beta, {
      redemptionId: id('X'),
      memberCode: await memberCode(memberId),
      storeId: 's1',
      payment: { points: 100 },
    });
    expect(atBeta.status, JSON.stringify(atBeta.body)).toBe(201);
  });

  it('limits wrong codes per key even without a member id', async () => {
    const key = await issueKey('beta', ['points:redeem']);
    let last: Answer | undefined;
    for (let i = 0; i < 22; i++) {
      last = await call('POST', '/v1/redemptions', key, {
        redemptionId: id('X'),
        memberCode: String(200_000_000_000_000_000 + i),
        storeId: 's1',
        payment: { points: 100 },
      });
    }
    expect(last).toMatchObject({ status: 429, body: { code: 'rate_limited' } });
  });
});

describe('the service desk and imports', () => {
  it('counts one key’s adjustments of a member over the day against the approval threshold', async () => {
    const memberId = await enrol(keys.alpha);
    const statuses: string[] = [];
    for (let i = 0; i < 3; i++) {
      const answer = await call<{ status: string }>(
        'POST',
        `/v1/members/${memberId}/adjustments`,
        keys.desk,
        {
          adjustmentId: id('A'),
          points: 2000,
          reason: 'goodwill',
        },
      );
      expect(answer.status).toBe(201);
      statuses.push(answer.body.status);
    }
    expect(statuses).toEqual(['applied', 'applied', 'pending_approval']);
  });

  it('imports rows without a row number, and an imported buyer is no first purchaser', async () => {
    const importId = id('imp');
    expect((await call('POST', '/v1/admin/imports', keys.admin, { importId })).status).toBe(201);
    const memberId = id('imported');
    const rows = await call<{ imported: number }>('POST', `/v1/admin/imports/${importId}/rows`, keys.admin, {
      rows: [
        {
          memberId,
          enrolledAt: '2024-01-01',
          qualifyingSpend: 300_000,
          balances: [{ points: 500, earnedAt: '2027-01-05' }],
        },
      ],
    });
    expect(rows.status, JSON.stringify(rows.body)).toBeLessThan(300);
    expect(rows.body.imported).toBe(1);
    expect((await call('POST', `/v1/admin/imports/${importId}/complete`, keys.admin)).status).toBeLessThan(
      300,
    );
    const bought = await purchase(keys.alpha, { memberId, storeId: 's3', amount: 10_000 });
    expect(bought.breakdown.map((line) => line.ruleId)).not.toContain('campaign:welcome');
    const fresh = await enrol(keys.alpha);
    const first = await purchase(keys.alpha, { memberId: fresh, storeId: 's3', amount: 10_000 });
    expect(first.breakdown.map((line) => line.ruleId)).toContain('campaign:welcome');
  });
});

describe('settlement and registered stores', () => {
  it('sums the partners’ and the clearing lines’ nets to zero once the desk has credited points', async () => {
    const memberId = await enrol(keys.alpha);
    const credit = await call('POST', `/v1/members/${memberId}/adjustments`, keys.supervisor, {
      adjustmentId: id('A'),
      points: 1000,
      reason: 'goodwill',
    });
    expect(credit.status).toBe(201);
    const paid = await call('POST', '/v1/redemptions', keys.beta, {
      redemptionId: id('X'),
      memberCode: await memberCode(memberId),
      storeId: 's1',
      payment: { points: 1000 },
    });
    expect(paid.status, JSON.stringify(paid.body)).toBe(201);
    type Line = { net: { amount: number } };
    const settled = await until(
      () =>
        call<{ partners: Line[]; clearing: Line[] | Record<string, Line> }>(
          'GET',
          `/v1/reports/settlement?period=${period}`,
          keys.admin,
        ),
      (answer) => JSON.stringify(answer.body).includes('adjustments'),
      30_000,
    );
    expect(settled.status).toBe(200);
    const clearing = Array.isArray(settled.body.clearing)
      ? settled.body.clearing
      : Object.values(settled.body.clearing).filter((line): line is Line => Boolean((line as Line)?.net));
    const names = JSON.stringify(settled.body.clearing);
    for (const name of ['adjustments', 'opening_balances', 'programme_coupons'])
      expect(names).toContain(name);
    const sum = [...settled.body.partners, ...clearing].reduce((total, line) => total + line.net.amount, 0);
    expect(sum).toBe(0);
  });

  it('with stores.requireRegistered, refuses an unregistered store with 422 unknown_store', async () => {
    const memberId = await enrol(keys.alpha);
    const published = await publish((program) => ({ ...program, stores: { requireRegistered: true } }));
    expect(published.status, JSON.stringify(published.body)).toBeLessThan(300);
    const unknown = await call('POST', '/v1/purchases', keys.alpha, {
      purchaseId: id('P'),
      memberId,
      storeId: 'nowhere',
      occurredAt: now,
      currency: 'CNY',
      amount: 1000,
    });
    expect(unknown).toMatchObject({ status: 422, body: { code: 'unknown_store' } });
    // Beta has a store s1, alpha's s1 is another store: both registered, both fine.
    await purchase(keys.alpha, { memberId, storeId: 's1', amount: 1000 });
    await purchase(keys.beta, { memberId, storeId: 's1', amount: 1000 });
    const betaS2 = await call('POST', '/v1/purchases', keys.beta, {
      purchaseId: id('P'),
      memberId,
      storeId: 's2',
      occurredAt: now,
      currency: 'CNY',
      amount: 1000,
    });
    expect(betaS2).toMatchObject({ status: 422, body: { code: 'unknown_store' } });
  });
});
