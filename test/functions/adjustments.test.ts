import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setBusinessClock } from '../../shared/core/clock.js';
import { Scope } from '../../shared/core/scopes.js';
import { admin, call, partnerKey, uniqueId } from './harness.js';

type Json = Record<string, unknown>;
let desk: { partnerId: string; key: string; keyId: string };
/** A second key of the same service desk: a second person. */
let supervisor: { key: string; keyId: string };
let till: { partnerId: string; key: string };
let adminKey: string;

const now = '2026-11-25T10:00:00+08:00';

beforeAll(async () => {
  setBusinessClock(now);
  adminKey = await admin();
  desk = await partnerKey([Scope.pointsAdjust, Scope.membersRead, Scope.membersWrite]);
  const issued = await call<{ key: string; keyId: string }>('POST', `/v1/partners/${desk.partnerId}/keys`, {
    key: adminKey,
    body: { scopes: [Scope.pointsAdjust], name: 'supervisor' },
  });
  supervisor = issued.body;
  till = await partnerKey([Scope.membersWrite, Scope.membersRead, Scope.pointsEarn]);
});

afterAll(() => setBusinessClock(null));

async function enrol() {
  const memberId = uniqueId('m');
  expect((await call('POST', '/v1/members', { key: desk.key, body: { memberId } })).status).toBe(201);
  return memberId; // 100 points: the enrolment bonus
}

const adjust = (memberId: string, body: Json, key = desk.key) =>
  call<Json>('POST', `/v1/members/${memberId}/adjustments`, { key, body });

const points = async (memberId: string) =>
  (
    await call<{ points: { available: number; expiring: Json[] } }>('GET', `/v1/members/${memberId}`, {
      key: desk.key,
    })
  ).body.points;

const history = async (memberId: string) =>
  (await call<{ items: Json[] }>('GET', `/v1/members/${memberId}/transactions`, { key: desk.key })).body
    .items;

describe('adjustments up to the approval threshold', () => {
  it('applies a 3,000-point goodwill credit at once, as an adjust entry expiring by the policy', async () => {
    const memberId = await enrol();
    const body = { adjustmentId: uniqueId('adj'), points: 3000, reason: 'goodwill', note: 'Lost receipt' };
    const answer = await adjust(memberId, body);
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      adjustmentId: body.adjustmentId,
      memberId,
      points: 3000,
      reason: 'goodwill',
      status: 'applied',
      requestedBy: { partnerId: desk.partnerId, keyId: desk.keyId },
    });
    expect(answer.body.approvedBy).toBeUndefined();
    expect(await points(memberId)).toMatchObject({
      available: 3100,
      // Earned in 2026: expires at 00:00 on 2028-01-01, Asia/Shanghai.
      expiring: [{ points: 3100, expiresAt: '2027-12-31T16:00:00.000Z' }],
    });
    expect((await history(memberId))[0]).toMatchObject({
      type: 'adjust',
      points: 3000,
      reference: `adjustment:${body.adjustmentId}`,
    });
  });

  it('answers a replay with the first result and another body with 409, changing nothing', async () => {
    const memberId = await enrol();
    const body = { adjustmentId: uniqueId('adj'), points: 250, reason: 'compensation' };
    const first = await adjust(memberId, body);
    expect((await adjust(memberId, body)).body).toEqual(first.body);
    const other = await adjust(memberId, { ...body, points: 260 });
    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({ code: 'idempotency_conflict' });
    expect(String(other.body.detail)).toContain('points');
    expect((await points(memberId)).available).toBe(350);
  });

  it('debits the soonest-expiring points and refuses a debit larger than the balance (422)', async () => {
    const memberId = await enrol();
    const refused = await adjust(memberId, {
      adjustmentId: uniqueId('adj'),
      points: -101,
      reason: 'correction',
    });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'insufficient_points' });
    const debit = await adjust(memberId, {
      adjustmentId: uniqueId('adj'),
      points: -40,
      reason: 'correction',
    });
    expect(debit.body).toMatchObject({ status: 'applied', points: -40 });
    expect((await points(memberId)).available).toBe(60);
    expect((await history(memberId))[0]).toMatchObject({ type: 'adjust', points: -40 });
  });

  it('validates the body and needs points:adjust', async () => {
    const memberId = await enrol();
    const bad = await adjust(memberId, {
      adjustmentId: uniqueId('adj'),
      points: 0,
      reason: 'whim',
      extra: 1,
    });
    expect(bad.status).toBe(400);
    expect((bad.body.errors as Json[]).map((error) => error.path).sort()).toEqual([
      'extra',
      'points',
      'reason',
    ]);
    const long = await adjust(memberId, {
      adjustmentId: uniqueId('adj'),
      points: 5,
      reason: 'other',
      note: 'x'.repeat(501),
    });
    expect(long.status).toBe(400);
    const forbidden = await adjust(
      memberId,
      { adjustmentId: uniqueId('adj'), points: 5, reason: 'other' },
      till.key,
    );
    expect(forbidden).toMatchObject({ status: 403, body: { code: 'forbidden' } });
    const unknown = await adjust('nobody-here', {
      adjustmentId: uniqueId('adj'),
      points: 5,
      reason: 'other',
    });
    expect(unknown).toMatchObject({ status: 404, body: { code: 'not_found' } });
  });
});

describe('the approval threshold over a key’s day', () => {
  it('counts one key’s adjustments of a member in a programme day: the one that takes the sum above 5,000 waits', async () => {
    const memberId = await enrol();
    const first = await adjust(memberId, { adjustmentId: uniqueId('adj'), points: 3000, reason: 'goodwill' });
    expect(first.body).toMatchObject({ status: 'applied' });
    const second = await adjust(memberId, {
      adjustmentId: uniqueId('adj'),
      points: -2500,
      reason: 'correction',
    });
    expect(second.body).toMatchObject({ status: 'pending_approval' });
    const small = await adjust(memberId, { adjustmentId: uniqueId('adj'), points: 2000, reason: 'goodwill' });
    expect(small.body).toMatchObject({ status: 'applied' });
    // Another key of the desk counts apart; the same key counts anew the next programme day.
    const other = await adjust(
      memberId,
      { adjustmentId: uniqueId('adj'), points: 5000, reason: 'goodwill' },
      supervisor.key,
    );
    expect(other.body).toMatchObject({ status: 'applied' });
    setBusinessClock('2026-11-26T00:00:30+08:00');
    try {
      const nextDay = await adjust(memberId, {
        adjustmentId: uniqueId('adj'),
        points: 5000,
        reason: 'goodwill',
      });
      expect(nextDay.body).toMatchObject({ status: 'applied' });
    } finally {
      setBusinessClock(now);
    }
    expect((await points(memberId)).available).toBe(100 + 3000 + 2000 + 5000 + 5000);
  });

  it('applies at most 5,000 points of four 5,000-point adjustments sent at once by one key', async () => {
    const memberId = await enrol();
    const answers = await Promise.all(
      [0, 1, 2, 3].map(() =>
        adjust(memberId, { adjustmentId: uniqueId('adj'), points: 5000, reason: 'goodwill' }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201, 201]);
    const statuses = answers.map((answer) => answer.body.status).sort();
    expect(statuses).toEqual(['applied', 'pending_approval', 'pending_approval', 'pending_approval']);
    expect((await points(memberId)).available).toBe(100 + 5000);
  });
});

describe('adjustments above the approval threshold', () => {
  it('waits for another key: the requester cannot approve, another key applies it once', async () => {
    const memberId = await enrol();
    const adjustmentId = uniqueId('adj');
    const requested = await adjust(memberId, { adjustmentId, points: 20_000, reason: 'correction' });
    expect(requested).toMatchObject({ status: 201, body: { status: 'pending_approval', points: 20_000 } });
    expect((await points(memberId)).available).toBe(100);

    const same = await call('POST', `/v1/adjustments/${adjustmentId}/approve`, { key: desk.key });
    expect(same).toMatchObject({ status: 403, body: { code: 'same_approver' } });
    const sameReject = await call('POST', `/v1/adjustments/${adjustmentId}/reject`, { key: desk.key });
    expect(sameReject).toMatchObject({ status: 403, body: { code: 'same_approver' } });

    // Two approvals at once, and one more after: applied once.
    const approvals = await Promise.all([
      call<Json>('POST', `/v1/adjustments/${adjustmentId}/approve`, { key: supervisor.key }),
      call<Json>('POST', `/v1/adjustments/${adjustmentId}/approve`, { key: supervisor.key }),
    ]);
    expect(approvals.map((answer) => answer.status)).toEqual([200, 200]);
    const again = await call<Json>('POST', `/v1/adjustments/${adjustmentId}/approve`, { key: adminKey });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(approvals[0]!.body);
    expect(again.body).toMatchObject({
      status: 'applied',
      approvedBy: { partnerId: desk.partnerId, keyId: supervisor.keyId },
      requestedBy: { keyId: desk.keyId },
      transactionId: `adjust-${adjustmentId}`,
    });
    expect((await points(memberId)).available).toBe(20_100);
    expect((await history(memberId)).filter((entry) => entry.type === 'adjust')).toEqual([
      expect.objectContaining({ points: 20_000 }),
    ]);
    const rejectLate = await call('POST', `/v1/adjustments/${adjustmentId}/reject`, { key: supervisor.key });
    expect(rejectLate).toMatchObject({ status: 409, body: { code: 'invalid_state' } });
  });

  it('checks a large debit when it is approved; a rejected one is never applied', async () => {
    const memberId = await enrol();
    const adjustmentId = uniqueId('adj');
    expect(
      (await adjust(memberId, { adjustmentId, points: -6000, reason: 'correction' })).body,
    ).toMatchObject({
      status: 'pending_approval',
    });
    const approve = await call('POST', `/v1/adjustments/${adjustmentId}/approve`, { key: adminKey });
    expect(approve).toMatchObject({ status: 422, body: { code: 'insufficient_points' } });
    expect(
      (await call<Json>('GET', `/v1/adjustments/${adjustmentId}`, { key: desk.key })).body,
    ).toMatchObject({
      status: 'pending_approval',
    });
    const rejected = await call<Json>('POST', `/v1/adjustments/${adjustmentId}/reject`, {
      key: supervisor.key,
    });
    expect(rejected).toMatchObject({
      status: 200,
      body: { status: 'rejected', rejectedBy: { keyId: supervisor.keyId } },
    });
    expect((await call('POST', `/v1/adjustments/${adjustmentId}/reject`, { key: adminKey })).body).toEqual(
      rejected.body,
    );
    const approveRejected = await call('POST', `/v1/adjustments/${adjustmentId}/approve`, { key: adminKey });
    expect(approveRejected).toMatchObject({ status: 409, body: { code: 'invalid_state' } });
    expect((await points(memberId)).available).toBe(100);
  });

  it('refuses to approve one that needed no approval, and answers 404 for an unknown id', async () => {
    const memberId = await enrol();
    const adjustmentId = uniqueId('adj');
    await adjust(memberId, { adjustmentId, points: 5000, reason: 'goodwill' });
    const approve = await call('POST', `/v1/adjustments/${adjustmentId}/approve`, { key: supervisor.key });
    expect(approve).toMatchObject({ status: 409, body: { code: 'invalid_state' } });
    expect((await call('POST', '/v1/adjustments/no-such-id/approve', { key: supervisor.key })).status).toBe(
      404,
    );
  });

  it('lists what waits, newest first, a page at a time', async () => {
    const memberId = await enrol();
    const ids = [uniqueId('adj'), uniqueId('adj'), uniqueId('adj')];
    for (const [i, adjustmentId] of ids.entries()) {
      setBusinessClock(`2026-11-25T11:0${i}:00+08:00`);
      await adjust(memberId, { adjustmentId, points: 9000 + i, reason: 'migration' });
    }
    setBusinessClock(now);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: Json[]; nextCursor: string | null } } = await call(
        'GET',
        '/v1/adjustments',
        { key: desk.key, query: { status: 'pending_approval', limit: '2', ...(cursor ? { cursor } : {}) } },
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((item) => String(item.adjustmentId)));
      cursor = page.body.nextCursor;
    } while (cursor);
    const mine = seen.filter((id) => ids.includes(id));
    expect(mine).toEqual([...ids].reverse());
    const everything = await call<{ items: Json[] }>('GET', '/v1/adjustments', {
      key: desk.key,
      query: { limit: '100' },
    });
    expect(everything.body.items[0]).toMatchObject({ status: 'pending_approval' });
    expect(everything.body.items.some((item) => item.status === 'applied')).toBe(true);
    const bad = await call('GET', '/v1/adjustments', { key: desk.key, query: { status: 'waiting' } });
    expect(bad.status).toBe(400);
  });

  it('audits the request, the approval and the rejection with ids only', async () => {
    const memberId = await enrol();
    const approved = uniqueId('adj');
    const rejected = uniqueId('adj');
    await adjust(memberId, {
      adjustmentId: approved,
      points: 7000,
      reason: 'goodwill',
      note: 'zhang@example.com',
    });
    await adjust(memberId, { adjustmentId: rejected, points: 8000, reason: 'goodwill' });
    await call('POST', `/v1/adjustments/${approved}/approve`, { key: supervisor.key });
    await call('POST', `/v1/adjustments/${rejected}/reject`, { key: supervisor.key });
    const audit = await call<{ items: Json[] }>('GET', '/v1/admin/audit', {
      key: adminKey,
      query: { partnerId: desk.partnerId, limit: '100' },
    });
    const actions = audit.body.items
      .filter((item) => item.target === `adjustment:${approved}` || item.target === `adjustment:${rejected}`)
      .map((item) => `${item.action} ${item.target}`)
      .sort();
    expect(actions).toEqual(
      [
        `adjustment.approved adjustment:${approved}`,
        `adjustment.rejected adjustment:${rejected}`,
        `adjustment.requested adjustment:${approved}`,
        `adjustment.requested adjustment:${rejected}`,
      ].sort(),
    );
    const text = JSON.stringify(audit.body.items);
    expect(text).not.toContain('jf_');
    expect(text).not.toContain('@example.com');
  });
});
