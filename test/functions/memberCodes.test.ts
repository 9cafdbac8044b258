/**
 * Member presence at the till (issue 9, CONTRACT §5.1): spending points needs a single-use code
 * the member shows, from the brand's app or an email; guessing is locked out per member; admin
 * keys (customer service) may spend without one, and that is audited.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient, tableName } from '../../shared/adapters/dynamodb/documentClient.js';
import { setBusinessClock } from '../../shared/core/clock.js';
import { Scope } from '../../shared/core/scopes.js';
import { admin, call, deliver, inbox, memberCode, partnerKey, pollQueues, uniqueId } from './harness.js';

type Json = Record<string, unknown>;
const now = '2026-11-25T10:00:00+08:00';
let till: { partnerId: string; key: string; keyId: string };
let app: { partnerId: string; key: string; keyId: string };
let adminKey: string;
let pollers: ReturnType<typeof pollQueues>;

beforeAll(async () => {
  setBusinessClock(now);
  adminKey = await admin();
  till = await partnerKey([Scope.membersWrite, Scope.membersRead, Scope.pointsEarn, Scope.pointsRedeem]);
  // Only the operator's keys may mint codes (the brand's app).
  app = await partnerKey([Scope.membersCodes], 'operator');
  pollers = pollQueues(['emails']);
});

afterAll(async () => {
  setBusinessClock(null);
  await pollers.stop();
});

/** A member with 1,050 available points (a purchase outside the return window) and the enrolment 100. */
async function memberWithPoints(extra: Json = {}) {
  const memberId = uniqueId('m');
  expect((await call('POST', '/v1/members', { key: till.key, body: { memberId, ...extra } })).status).toBe(
    201,
  );
  const purchaseId = uniqueId('p');
  const purchase = {
    purchaseId,
    memberId,
    storeId: 's',
    occurredAt: '2026-11-10T10:00:00+08:00',
    currency: 'CNY',
    amount: 100_000,
  };
  expect((await call('POST', '/v1/purchases', { key: till.key, body: purchase })).status).toBe(202);
  await deliver('accrual', [{ partnerId: till.partnerId, purchaseId }]);
  return memberId;
}

const available = async (memberId: string) =>
  (await call<{ points: { available: number } }>('GET', `/v1/members/${memberId}`, { key: adminKey })).body
    .points.available;

const issue = (memberId: string, body: Json = {}, key = app.key) =>
  call<{ code?: string; expiresAt: string }>('POST', `/v1/members/${memberId}/codes`, { key, body });

const pay = (body: Json, key = till.key) =>
  call('POST', '/v1/redemptions', {
    key,
    body: { redemptionId: uniqueId('x'), storeId: 's', payment: { points: 100 }, ...body },
  });

describe('member codes', () => {
  it('issues an 18-digit code valid for 60 seconds to a key with members:codes, and to no other key', async () => {
    const memberId = await memberWithPoints();
    const issued = await issue(memberId);
    expect(issued.status).toBe(201);
    expect(issued.body.code).toMatch(/^\d{18}$/);
    expect(Math.abs(Date.parse(issued.body.expiresAt) - Date.parse(now) - 60_000)).toBeLessThan(5_000);
    expect((await issue(memberId, {}, till.key)).body).toMatchObject({ code: 'forbidden' });
    expect((await issue('nobody', {})).status).toBe(404);
    expect((await issue(memberId, { channel: 'sms' })).status).toBe(400);
  });

  it('stores a code only as a hash', async () => {
    const memberId = await memberWithPoints();
    const code = (await issue(memberId)).body.code!;
    const { Items = [] } = await documentClient().send(new ScanCommand({ TableName: tableName() }));
    expect(JSON.stringify(Items)).not.toContain(code);
  });

  it('refuses a payment or a reward without a code, and changes nothing', async () => {
    const memberId = await memberWithPoints();
    const before = await available(memberId);
    const payment = await pay({ memberId });
    expect(payment).toMatchObject({ status: 422, body: { code: 'member_code_invalid' } });
    const reward = await call('POST', '/v1/redemptions', {
      key: till.key,
      body: { redemptionId: uniqueId('x'), memberId, storeId: 's', rewardId: 'coffee' },
    });
    expect(reward).toMatchObject({ status: 422, body: { code: 'member_code_invalid' } });
    const held = await pay({ memberId, hold: true });
    expect(held).toMatchObject({ status: 422, body: { code: 'member_code_invalid' } });
    expect(await available(memberId)).toBe(before);
  });

  it('spends with a fresh code once; the same code again, or another member’s, is refused', async () => {
    const [a, b] = [await memberWithPoints(), await memberWithPoints()];
    const code = (await issue(a)).body.code!;
    expect(await pay({ memberId: a, memberCode: code })).toMatchObject({
      status: 201,
      body: { status: 'completed' },
    });
    expect(await pay({ memberId: a, memberCode: code })).toMatchObject({
      status: 422,
      body: { code: 'member_code_invalid' },
    });
    const codeOfA = (await issue(a)).body.code!;
    const before = await available(b);
    expect(await pay({ memberId: b, memberCode: codeOfA })).toMatchObject({
      status: 422,
      body: { code: 'member_code_invalid' },
    });
    expect(await available(b)).toBe(before);
    // The refusal for B did not use up A's code.
    expect((await pay({ memberId: a, memberCode: codeOfA })).status).toBe(201);
  });

  it('finds the member by the code alone', async () => {
    const memberId = await memberWithPoints();
    const code = (await issue(memberId)).body.code!;
    const paid = await call('POST', '/v1/redemptions', {
      key: till.key,
      body: { redemptionId: uniqueId('x'), memberCode: code, storeId: 's', rewardId: 'coffee' },
    });
    expect(paid).toMatchObject({ status: 201, body: { memberId, points: 300 } });
    expect(await available(memberId)).toBe(1150 - 300);
  });

  it('refuses an expired code', async () => {
    const memberId = await memberWithPoints();
    setBusinessClock(now);
    const code = (await issue(memberId)).body.code!;
    setBusinessClock('2026-11-25T10:01:05+08:00');
    try {
      expect(await pay({ memberId, memberCode: code })).toMatchObject({
        status: 422,
        body: { code: 'member_code_invalid' },
      });
    } finally {
      setBusinessClock(now);
    }
  });

  it('answers a replay of a completed redemption with its first result, used code and all', async () => {
    const memberId = await memberWithPoints();
    const body = {
      redemptionId: uniqueId('x'),
      memberId,
      memberCode: (await issue(memberId)).body.code!,
      storeId: 's',
      payment: { points: 200 },
    };
    const first = await call('POST', '/v1/redemptions', { key: till.key, body });
    const again = await call('POST', '/v1/redemptions', { key: till.key, body });
    expect(first.status).toBe(201);
    expect(again).toMatchObject({ status: 201, body: first.body });
    // The till retried with a new code (the member showed another one): still the same redemption.
    const retried = await call('POST', '/v1/redemptions', {
      key: till.key,
      body: { ...body, memberCode: (await issue(memberId)).body.code! },
    });
    expect(retried).toMatchObject({ status: 201, body: first.body });
    const changed = await call('POST', '/v1/redemptions', {
      key: till.key,
      body: { ...body, payment: { points: 300 } },
    });
    expect(changed).toMatchObject({ status: 409, body: { code: 'idempotency_conflict' } });
    expect(await available(memberId)).toBe(1150 - 200);
  });

  it('locks code checks for the member after ten wrong codes in ten minutes, for fifteen minutes', async () => {
    const memberId = await memberWithPoints();
    const other = await memberWithPoints();
    for (let i = 0; i < 10; i++) {
      const wrong = await pay({ memberId, memberCode: String(100_000_000_000_000_000 + i) });
      expect(wrong).toMatchObject({ status: 422, body: { code: 'member_code_invalid' } });
    }
    const eleventh = await pay({ memberId, memberCode: '123456789012345678' });
    expect(eleventh).toMatchObject({ status: 429, body: { code: 'rate_limited' } });
    expect(Number(eleventh.headers['retry-after'])).toBeGreaterThan(800);
    // Locked, even a right code is refused; other members are not affected.
    expect((await pay({ memberId, memberCode: await memberCode(memberId) })).status).toBe(429);
    expect((await pay({ memberId: other, memberCode: await memberCode(other) })).status).toBe(201);
    setBusinessClock('2026-11-25T10:15:30+08:00');
    try {
      expect((await pay({ memberId, memberCode: await memberCode(memberId) })).status).toBe(201);
    } finally {
      setBusinessClock(now);
    }
    const audit = await call<{ items: Json[] }>('GET', '/v1/admin/audit', {
      key: adminKey,
      query: { action: 'member_codes.locked', to: '2026-11-26T00:00:00+08:00' },
    });
    expect(audit.body.items).toContainEqual(
      expect.objectContaining({
        target: `member:${memberId}`,
        actor: { partnerId: till.partnerId, keyId: till.keyId },
      }),
    );
  });

  it('grants members:codes (and admin) only to keys of the operator partner, and a key issued before is not obeyed', async () => {
    const partner = await partnerKey([Scope.membersRead]);
    for (const scopes of [[Scope.membersCodes], [Scope.membersRead, Scope.admin]]) {
      const refused = await call<{ errors: { path: string }[] }>(
        'POST',
        `/v1/partners/${partner.partnerId}/keys`,
        { key: adminKey, body: { scopes } },
      );
      expect(refused).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
      expect(refused.body.errors[0]?.path).toBe('scopes');
    }
    // A key stored with members:codes before the rule (written past the API) mints nothing.
    const { DynamoPartnerStore } = await import('../../shared/adapters/dynamodb/DynamoPartnerStore.js');
    const { generateApiKey, hashApiKey } = await import('../../shared/features/partners/apiKeys.js');
    const legacy = generateApiKey();
    await new DynamoPartnerStore().putKey(
      {
        keyId: uniqueId('key'),
        partnerId: partner.partnerId,
        scopes: [Scope.membersCodes],
        storeIds: null,
        name: null,
        createdAt: new Date().toISOString(),
        revokedAt: null,
      },
      hashApiKey(legacy),
    );
    const memberId = await memberWithPoints();
    expect(await issue(memberId, {}, legacy)).toMatchObject({ status: 403, body: { code: 'forbidden' } });
    expect((await issue(memberId)).status).toBe(201);
  });

  it('counts wrong codes per key: the 21st from one key in ten minutes is 429, with or without memberId', async () => {
    const guesser = await partnerKey([Scope.pointsRedeem]);
    const memberIds = [await memberWithPoints(), await memberWithPoints(), await memberWithPoints()];
    for (let i = 0; i < 20; i++) {
      // Spread over members (never ten for one) and codes sent alone: the key's count still grows.
      const body = i % 2 === 0 ? { memberId: memberIds[i % 3] } : {};
      const wrong = await pay({ ...body, memberCode: String(200_000_000_000_000_000 + i) }, guesser.key);
      expect(wrong, `wrong code ${i + 1}`).toMatchObject({
        status: 422,
        body: { code: 'member_code_invalid' },
      });
    }
    const locked = await pay({ memberCode: '123456789012345678' }, guesser.key);
    expect(locked).toMatchObject({ status: 429, body: { code: 'rate_limited' } });
    // Even a right code, for any member: the key is locked; other keys and members are not.
    const memberId = memberIds[0]!;
    expect((await pay({ memberId, memberCode: await memberCode(memberId) }, guesser.key)).status).toBe(429);
    expect((await pay({ memberId, memberCode: await memberCode(memberId) })).status).toBe(201);
    const audit = await call<{ items: Json[] }>('GET', '/v1/admin/audit', {
      key: adminKey,
      query: { action: 'member_codes.locked', to: '2026-11-26T00:00:00+08:00' },
    });
    expect(audit.body.items).toContainEqual(expect.objectContaining({ target: `key:${guesser.keyId}` }));
  });

  it('never lets one partner’s wrong codes lock a member for other partners', async () => {
    const memberId = await memberWithPoints();
    const attacker = await partnerKey([Scope.pointsRedeem]);
    for (let i = 0; i < 11; i++) {
      await pay({ memberId, memberCode: String(300_000_000_000_000_000 + i) }, attacker.key);
    }
    expect((await pay({ memberId, memberCode: await memberCode(memberId) }, attacker.key)).status).toBe(429);
    expect((await pay({ memberId, memberCode: await memberCode(memberId) })).status).toBe(201);
  });

  it('lets an admin key spend without a code, and audits it', async () => {
    const memberId = await memberWithPoints();
    const redemptionId = uniqueId('x');
    const paid = await call('POST', '/v1/redemptions', {
      key: adminKey,
      body: { redemptionId, memberId, storeId: 's', payment: { points: 100 } },
    });
    expect(paid.status).toBe(201);
    const audit = await call<{ items: Json[] }>('GET', '/v1/admin/audit', {
      key: adminKey,
      query: { action: 'redemption.without_code' },
    });
    expect(audit.body.items).toContainEqual(
      expect.objectContaining({
        action: 'redemption.without_code',
        target: `redemption:operator/${redemptionId}`,
        detail: { memberId, points: 100, storeId: 's' },
      }),
    );
  });

  it('sends a code by email, valid five minutes, that pays at the till', async () => {
    const email = `${uniqueId('c')}@example.com`;
    const memberId = await memberWithPoints({ email, locale: 'en' });
    const noEmail = await memberWithPoints();
    expect((await issue(noEmail, { channel: 'email' })).status).toBe(409);
    setBusinessClock('2026-11-25T23:30:00+08:00'); // quiet hours do not hold a code back
    try {
      const sent = await issue(memberId, { channel: 'email' });
      expect(sent.status).toBe(202);
      expect(sent.body.code).toBeUndefined();
      const lifetimeMs = Date.parse(sent.body.expiresAt) - Date.parse('2026-11-25T23:30:00+08:00');
      expect(Math.abs(lifetimeMs - 300_000)).toBeLessThan(5_000);
      await pollers.idle(20_000);
      const mails = (await inbox(email)).filter((mail) => mail.subject === 'Your member code');
      expect(mails).toHaveLength(1);
      const code = /\b(\d{18})\b/.exec(mails[0]?.body.text ?? '')?.[1];
      expect(code).toBeDefined();
      setBusinessClock('2026-11-25T23:34:00+08:00');
      expect((await pay({ memberId, memberCode: code })).status).toBe(201);
    } finally {
      setBusinessClock(now);
    }
  });
});
