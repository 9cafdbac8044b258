import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setBusinessClock } from '../../shared/core/clock.js';
import { Scope } from '../../shared/core/scopes.js';
import type { JobMessage } from '../../shared/jobs/types.js';
import { admin, call, deliver, partnerKey, pollQueues, redeem, runJob, uniqueId } from './harness.js';

type Json = Record<string, unknown>;
let till: { partnerId: string; key: string };
let adminKey: string;
let pollers: ReturnType<typeof pollQueues>;

beforeAll(async () => {
  adminKey = await admin();
  till = await partnerKey([Scope.membersWrite, Scope.membersRead, Scope.pointsEarn, Scope.pointsRedeem]);
  pollers = pollQueues(['jobs']);
});

afterAll(async () => {
  setBusinessClock(null);
  await pollers.stop();
});

async function enrolAt(iso: string) {
  setBusinessClock(iso);
  const memberId = uniqueId('m');
  expect((await call('POST', '/v1/members', { key: till.key, body: { memberId } })).status).toBe(201);
  return memberId;
}

async function buyAt(memberId: string, iso: string, amount: number) {
  setBusinessClock(iso);
  const purchaseId = uniqueId('p');
  await call('POST', '/v1/purchases', {
    key: till.key,
    body: { purchaseId, memberId, storeId: 's', occurredAt: iso, currency: 'CNY', amount },
  });
  await deliver('accrual', [{ partnerId: till.partnerId, purchaseId }]);
}

const member = async (memberId: string) =>
  (await call<Json>('GET', `/v1/members/${memberId}`, { key: adminKey })).body;

describe('the expiry job', () => {
  it('keeps only the 2026 points on 2027-01-01, and a second run changes nothing', async () => {
    const memberId = await enrolAt('2025-03-01T10:00:00+08:00'); // 100 points earned in 2025
    await buyAt(memberId, '2025-06-01T10:00:00+08:00', 30_000); // 350 points earned in 2025
    await buyAt(memberId, '2026-06-01T10:00:00+08:00', 10_000); // 100 points earned in 2026
    setBusinessClock('2027-01-01T00:00:05+08:00');
    expect((await member(memberId)).points).toMatchObject({ available: 100 });

    const run = await runJob('expire-points', { asOf: '2027-01-01T00:00:05+08:00' });
    expect(run).toMatchObject({ runId: 'expire-points-2027-01-01', status: 'succeeded', failed: 0 });
    expect(run.processed).toBeGreaterThanOrEqual(1);
    const history = await call<{ items: Json[] }>('GET', `/v1/members/${memberId}/transactions`, {
      key: adminKey,
    });
    expect(history.body.items[0]).toMatchObject({ type: 'expire', points: -450 });
    expect((await member(memberId)).points).toMatchObject({ available: 100, expiring: [{ points: 100 }] });

    const again = await call<{ runId: string }>('POST', '/v1/admin/jobs/expire-points', {
      key: adminKey,
      body: { asOf: '2027-01-01T00:00:05+08:00' },
    });
    expect(again.body.runId).toBe('expire-points-2027-01-01');
    // Even a new run a day later finds nothing left to expire for this member.
    setBusinessClock('2027-01-02T00:01:00+08:00');
    await runJob('expire-points', { asOf: '2027-01-02T00:01:00+08:00' });
    const after = await call<{ items: Json[] }>('GET', `/v1/members/${memberId}/transactions`, {
      key: adminKey,
    });
    expect(after.body.items.filter((item) => item.type === 'expire')).toHaveLength(1);
    const check = await call<Json>('GET', '/v1/reports/ledger-check', { key: adminKey });
    expect(check.body).toMatchObject({ ok: true });
  });
});

describe('the expiry job racing redemptions', () => {
  it('never lets a redemption spend an expired point, and never refuses one a valid point covers', async () => {
    const members: string[] = [];
    for (let i = 0; i < 6; i++) {
      const memberId = await enrolAt('2025-03-01T10:00:00+08:00'); // 100 points earned in 2025
      await buyAt(memberId, '2026-06-01T10:00:00+08:00', 10_000); // 100 points earned in 2026
      members.push(memberId);
    }
    setBusinessClock('2027-01-03T00:00:05+08:00');
    const pay = (memberId: string, points: number) =>
      redeem(till.key, { redemptionId: uniqueId('x'), memberId, storeId: 's', payment: { points } });
    // A later day than the run above, so this run is a new one. Each member: one payment the valid
    // points cover, and one that only the expired points could.
    const [run, ...answers] = await Promise.all([
      runJob('expire-points', { asOf: '2027-01-03T00:00:05+08:00' }),
      ...members.flatMap((memberId) => [pay(memberId, 100), pay(memberId, 150)]),
    ]);
    expect(run).toMatchObject({ status: 'succeeded', failed: 0 });
    expect(run.processed).toBeGreaterThanOrEqual(members.length);
    for (const [i, memberId] of members.entries()) {
      const [covered, beyond] = [answers[2 * i]!, answers[2 * i + 1]!];
      expect(covered.status).toBe(201);
      expect(beyond).toMatchObject({ status: 422, body: { code: 'insufficient_points' } });
      expect((await member(memberId)).points).toMatchObject({ available: 0 });
      const history = await call<{ items: Json[] }>('GET', `/v1/members/${memberId}/transactions`, {
        key: adminKey,
      });
      const byType = (type: string) => history.body.items.filter((item) => item.type === type);
      expect(byType('redeem').map((item) => item.points)).toEqual([-100]);
      expect(byType('expire').map((item) => item.points)).toEqual([-100]);
    }
    const check = await call<Json>('GET', '/v1/reports/ledger-check', { key: adminKey });
    expect(check.body).toMatchObject({ ok: true });
  });
});

describe('the tier review', () => {
  it('moves an inactive silver member to base and a gold member with little spend to silver', async () => {
    const silver = await enrolAt('2026-03-01T10:00:00+08:00');
    await buyAt(silver, '2026-03-02T10:00:00+08:00', 150_000);
    const gold = await enrolAt('2026-01-10T10:00:00+08:00');
    await buyAt(gold, '2026-01-15T10:00:00+08:00', 1_000_000);
    await buyAt(gold, '2026-12-15T10:00:00+08:00', 50_000);
    expect(((await member(silver)).tier as Json).code).toBe('silver');
    expect(((await member(gold)).tier as Json).code).toBe('gold');

    setBusinessClock('2027-01-01T02:00:00+08:00');
    const run = await runJob('tier-review', { asOf: '2027-01-01T02:00:00+08:00' });
    expect(run).toMatchObject({ runId: 'tier-review-2027-01', status: 'succeeded' });
    expect(((await member(silver)).tier as Json).code).toBe('base');
    expect(((await member(gold)).tier as Json).code).toBe('silver');
  });
});

describe('the hold release', () => {
  it('voids holds not captured within 15 minutes', async () => {
    const memberId = await enrolAt('2026-11-22T10:00:00+08:00');
    const redemptionId = uniqueId('h');
    const held = await redeem(till.key, {
      redemptionId,
      memberId,
      storeId: 's',
      payment: { points: 100 },
      hold: true,
    });
    expect(held.body).toMatchObject({ status: 'held' });
    setBusinessClock('2026-11-22T10:16:00+08:00');
    const run = await runJob('release-holds', {});
    expect(run).toMatchObject({ status: 'succeeded' });
    expect(run.processed).toBeGreaterThanOrEqual(1);
    const { DynamoLedgerStore } = await import('../../shared/adapters/dynamodb/DynamoLedgerStore.js');
    const record = await new DynamoLedgerStore().getRecord('REDEMPTION', till.partnerId, redemptionId);
    expect(record?.data.status).toBe('voided');
    expect((await member(memberId)).points).toMatchObject({ available: 100 });
  });

  it('answers 404 for an unknown job', async () => {
    expect((await call('POST', '/v1/admin/jobs/make-coffee', { key: adminKey, body: {} })).status).toBe(404);
  });
});

describe('job runs (issue 14)', () => {
  it('refuses an asOf in the future, a statement for a month not over and a tier review for a month to come', async () => {
    setBusinessClock('2026-11-25T10:00:00+08:00');
    const start = (job: string, body: Json) => call('POST', `/v1/admin/jobs/${job}`, { key: adminKey, body });
    expect(await start('expire-points', { asOf: '2027-01-01T00:00:05+08:00' })).toMatchObject({
      status: 400,
      body: { code: 'validation_failed', errors: [{ path: 'asOf' }] },
    });
    expect(await start('statements', { period: '2026-11' })).toMatchObject({
      status: 400,
      body: { errors: [{ path: 'period' }] },
    });
    expect(await start('tier-review', { period: '2026-12' })).toMatchObject({ status: 400 });
    expect(await start('tier-review', { asOf: '2026-12-01T02:00:00+08:00' })).toMatchObject({ status: 400 });
    // What has ended may run (the default statement period is last month).
    expect((await start('statements', {})).status).toBe(202);
  });

  it('dispatches again a run whose start died before its scan messages went out', async () => {
    setBusinessClock('2026-11-25T10:00:00+08:00');
    const { DynamoJobStore } = await import('../../shared/adapters/dynamodb/DynamoJobStore.js');
    const store = new DynamoJobStore();
    const runId = 'expiry-reminders-2026-11-25';
    await store.createRun({
      runId,
      job: 'expiry-reminders',
      status: 'running',
      asOf: '2026-11-25T02:00:00.000Z',
      period: null,
      startedAt: '2026-11-25T02:00:00.000Z',
      finishedAt: null,
      processed: 0,
      failed: 0,
      shards: 16,
      shardsDone: 0,
      outstanding: 0,
      dispatched: false,
      listed: true,
    });
    // The schedule's retry (or an operator) starts it again: it finishes this time.
    expect(await runJob('expiry-reminders', { asOf: '2026-11-25T10:00:00+08:00' })).toMatchObject({
      runId,
      status: 'succeeded',
    });
  });

  it('starts a failed run again as a fresh attempt whose messages all count anew', async () => {
    setBusinessClock('2026-11-26T10:00:00+08:00');
    await enrolAt('2026-11-26T09:00:00+08:00');
    setBusinessClock('2026-11-26T10:00:00+08:00');
    const first = await runJob('expiry-reminders', {});
    expect(first).toMatchObject({ status: 'succeeded' });
    // The run failed (say, a member's work kept failing): an operator starts it again.
    const { documentClient, tableName } = await import('../../shared/adapters/dynamodb/documentClient.js');
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: { pk: `JOBRUN#${first.runId}`, sk: 'RUN' },
        UpdateExpression: 'SET #status = :failed',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':failed': 'failed' },
      }),
    );
    const again = await runJob('expiry-reminders', {});
    expect(again).toMatchObject({
      runId: first.runId,
      status: 'succeeded',
      processed: first.processed,
      failed: 0,
    });
  });

  it('counts every message once when SQS delivers each of them twice', async () => {
    setBusinessClock('2031-01-01T00:00:05+08:00');
    const members: string[] = [];
    for (let i = 0; i < 30; i++) {
      members.push(await enrolAt('2029-06-01T10:00:00+08:00')); // 100 points expiring 2031-01-01
    }
    setBusinessClock('2031-01-01T00:00:05+08:00');
    const { jobsDeps } = await import('../../shared/wiring/adapters.js');
    const { startJob, handleJobMessage } = await import('../../shared/jobs/engine.js');
    const sent: JobMessage[] = [];
    const deps = {
      ...jobsDeps(),
      jobQueue: { sendAll: async (messages: readonly JobMessage[]) => void sent.push(...messages) },
    };
    const actor = { partnerId: 'operator', keyId: 'test' };
    const { runId } = await startJob(deps, 'expire-points', {}, actor);
    // Deliver every message twice, until the queue is empty: redelivered scans send their work again.
    const work = new Map<string, number>();
    while (sent.length > 0) {
      const message = sent.shift()!;
      if (message.type === 'work') work.set(message.id!, message.keys.length);
      await handleJobMessage(deps, message, false);
      await handleJobMessage(deps, message, false);
    }
    const run = await call<Json>('GET', `/v1/admin/jobs/runs/${runId}`, { key: adminKey });
    expect(run.body).toMatchObject({ status: 'succeeded', failed: 0 });
    const unique = [...work.values()].reduce((sum, keys) => sum + keys, 0);
    expect(unique).toBeGreaterThanOrEqual(members.length);
    expect(run.body.processed).toBe(unique);
    const { DynamoJobStore } = await import('../../shared/adapters/dynamodb/DynamoJobStore.js');
    const stored = await new DynamoJobStore().getRun(runId);
    expect(stored).toMatchObject({ shardsDone: 16, outstanding: 0 });
    for (const memberId of members) {
      const history = await call<{ items: Json[] }>('GET', `/v1/members/${memberId}/transactions`, {
        key: adminKey,
      });
      expect(history.body.items.filter((item) => item.type === 'expire')).toHaveLength(1);
    }
  });
});
