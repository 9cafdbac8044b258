/**
 * The reports from the daily aggregates, against the ledger: a scripted month of two partners
 * (purchases at both, redemptions at the other's stores, a voided hold, a reversed redemption,
 * a refund, an activity, an expiry run), folded by the real aggregator from DynamoDB Local's
 * stream (read by the local stream poller), then every report compared with the entries.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoLedgerStore } from '../../shared/adapters/dynamodb/DynamoLedgerStore.js';
import { setBusinessClock } from '../../shared/core/clock.js';
import { Scope } from '../../shared/core/scopes.js';
import { programDay } from '../../shared/domain/calendar.js';
import type { LedgerEntry } from '../../shared/domain/ledgerEntry.js';
import {
  admin,
  call,
  deliver,
  partnerKey,
  pollQueues,
  pollStream,
  redeem,
  redeliver,
  runJob,
  uniqueId,
} from './harness.js';

type Json = Record<string, unknown>;
type Till = { partnerId: string; key: string };
interface DayRow {
  date: string;
  purchases: number;
  spend: { amount: number; currency: string };
  points: {
    issued: number;
    redeemed: number;
    expired: number;
    reversed: number;
    adjusted: number;
    net: number;
  };
  members: { new: number };
  redemptions: number;
  rewards: Record<string, number>;
}

const tz = 'Asia/Shanghai';
let adminKey: string;
let alpha: Till;
let beta: Till;
let stream: ReturnType<typeof pollStream>;
let jobs: ReturnType<typeof pollQueues>;
const members: string[] = [];
const purchases: Record<string, { till: Till; purchaseId: string }> = {};

const scopes = [Scope.membersWrite, Scope.membersRead, Scope.pointsEarn, Scope.pointsRedeem];

async function enrol(till: Till) {
  const memberId = uniqueId('m');
  expect((await call('POST', '/v1/members', { key: till.key, body: { memberId } })).status).toBe(201);
  members.push(memberId);
  return memberId;
}

async function buy(till: Till, memberId: string, storeId: string, amount: number, at: string) {
  const purchaseId = uniqueId('p');
  const body = { purchaseId, memberId, storeId, occurredAt: at, currency: 'CNY', amount };
  expect((await call('POST', '/v1/purchases', { key: till.key, body })).status).toBe(202);
  expect((await deliver('accrual', [{ partnerId: till.partnerId, purchaseId }])).batchItemFailures).toEqual(
    [],
  );
  purchases[memberId] = { till, purchaseId };
  return purchaseId;
}

/** Every entry of the scripted members, as stored (with the partner and store they name). */
async function entries(): Promise<LedgerEntry[]> {
  const ledger = new DynamoLedgerStore();
  const all: LedgerEntry[] = [];
  for (const memberId of members) for await (const entry of ledger.allEntries(memberId)) all.push(entry);
  return all;
}

/** The day's figures as the ledger has them, by type (the reference arithmetic, written out). */
function expectedByDay(list: readonly LedgerEntry[]) {
  const days = new Map<
    string,
    {
      issued: number;
      redeemed: number;
      expired: number;
      reversed: number;
      adjusted: number;
      net: number;
      purchases: number;
      spend: number;
      redemptions: number;
    }
  >();
  for (const entry of list) {
    const day = programDay(Date.parse(entry.createdAt), tz);
    const row = days.get(day) ?? {
      issued: 0,
      redeemed: 0,
      expired: 0,
      reversed: 0,
      adjusted: 0,
      net: 0,
      purchases: 0,
      spend: 0,
      redemptions: 0,
    };
    row.net += entry.points;
    if (entry.type === 'earn') {
      row.purchases++;
      row.spend += entry.amountFen ?? 0;
    }
    if (['earn', 'bonus', 'activity'].includes(entry.type)) row.issued += entry.points;
    if (['redeem', 'hold'].includes(entry.type)) {
      row.redeemed -= entry.points;
      row.redemptions++;
    }
    if (
      entry.type === 'release' ||
      (entry.type === 'reversal' && entry.reference.startsWith('redemption:'))
    ) {
      row.redeemed -= entry.points;
      row.redemptions--;
    } else if (entry.type === 'reversal') row.reversed -= entry.points;
    if (entry.type === 'expire') row.expired -= entry.points;
    if (entry.type === 'adjust') row.adjusted += entry.points;
    days.set(day, row);
  }
  return days;
}

const inJanuary = (entry: LedgerEntry) => programDay(Date.parse(entry.createdAt), tz).startsWith('2032-01');

async function daily(query: Record<string, string>) {
  const answer = await call<{ items: DayRow[] }>('GET', '/v1/reports/daily', { key: adminKey, query });
  expect(answer.status).toBe(200);
  return answer.body.items;
}

async function snapshot() {
  return {
    daily: await daily({ from: '2030-12-01', to: '2031-11-30' }).then(async (first) => [
      ...first,
      ...(await daily({ from: '2031-12-01', to: '2032-02-29' })),
    ]),
    liability: (await call('GET', '/v1/reports/liability', { key: adminKey })).body,
    settlement: (await call('GET', '/v1/reports/settlement', { key: adminKey, query: { period: '2032-01' } }))
      .body,
    summary: (
      await call('GET', '/v1/reports/summary', {
        key: adminKey,
        query: { from: '2030-01-01T00:00:00+08:00', to: '2033-01-01T00:00:00+08:00' },
      })
    ).body,
  };
}

beforeAll(async () => {
  adminKey = await admin();
  alpha = await partnerKey(scopes);
  beta = await partnerKey(scopes);
  stream = pollStream();
  jobs = pollQueues(['jobs']);

  // December 2030: four members (their enrolment points and two purchases expire on 2032-01-01).
  setBusinessClock('2030-12-15T10:00:00+08:00');
  const [m1, m2] = [await enrol(alpha), await enrol(alpha)];
  const [m3, m4] = [await enrol(beta), await enrol(beta)];
  await buy(alpha, m1!, 'a-1', 20_000, '2030-12-15T10:00:00+08:00');
  await buy(beta, m3!, 'b-1', 30_000, '2030-12-15T10:00:00+08:00');

  // 1 January 2032: the 2030 points expire.
  setBusinessClock('2032-01-01T00:05:00+08:00');
  expect(await runJob('expire-points', { asOf: '2032-01-01T00:05:00+08:00' })).toMatchObject({
    status: 'succeeded',
  });

  // January 2032: purchases at both partners (m2's lifts it to silver).
  setBusinessClock('2032-01-05T10:00:00+08:00');
  await buy(alpha, m1!, 'a-1', 25_680, '2032-01-05T10:00:00+08:00');
  await buy(alpha, m2!, 'a-2', 100_000, '2032-01-05T10:00:00+08:00');
  await buy(beta, m3!, 'b-1', 50_000, '2032-01-05T10:00:00+08:00');
  await buy(beta, m4!, 'b-2', 10_000, '2032-01-05T10:00:00+08:00');

  // A week later the points are available: redemptions at the other partner's stores.
  setBusinessClock('2032-01-13T10:00:00+08:00');
  expect(
    (
      await redeem(beta.key, {
        redemptionId: uniqueId('x'),
        memberId: m1!,
        storeId: 'b-1',
        rewardId: 'coffee',
      })
    ).status,
  ).toBe(201);
  const paid = uniqueId('x');
  expect(
    (await redeem(alpha.key, { redemptionId: paid, memberId: m3!, storeId: 'a-1', payment: { points: 200 } }))
      .status,
  ).toBe(201);
  const held = uniqueId('x');
  expect(
    (
      await redeem(beta.key, {
        redemptionId: held,
        memberId: m2!,
        storeId: 'b-2',
        payment: { points: 500 },
        hold: true,
      })
    ).status,
  ).toBe(201);
  expect(
    (
      await redeem(beta.key, {
        redemptionId: uniqueId('x'),
        memberId: m2!,
        storeId: 'b-1',
        payment: { points: 300 },
      })
    ).status,
  ).toBe(201);

  // The next day: the hold voided, the payment reversed, half of m3's purchase refunded, an activity.
  setBusinessClock('2032-01-14T11:00:00+08:00');
  expect((await call('POST', `/v1/redemptions/${held}/void`, { key: beta.key })).status).toBe(200);
  expect((await call('POST', `/v1/redemptions/${paid}/reverse`, { key: alpha.key })).status).toBe(200);
  const refund = await call<{ pointsReversed: number }>('POST', '/v1/refunds', {
    key: beta.key,
    body: {
      refundId: uniqueId('r'),
      purchaseId: purchases[m3!]!.purchaseId,
      amount: 25_000,
      occurredAt: '2032-01-14T11:00:00+08:00',
    },
  });
  expect(refund).toMatchObject({ status: 201, body: { pointsReversed: 275 } });
  expect(
    (
      await call('POST', `/v1/members/${m2}/activities`, {
        key: alpha.key,
        body: { activityId: uniqueId('a'), type: 'sign_in', occurredAt: '2032-01-14T11:00:00+08:00' },
      })
    ).status,
  ).toBe(201);
  await stream.idle();
}, 180_000);

afterAll(async () => {
  setBusinessClock(null);
  await jobs.stop();
  await stream.stop();
});

describe('the daily aggregates of a scripted month', () => {
  it('agree with the ledger to the point, day by day, for the programme and for each partner', async () => {
    const all = await entries();
    const expected = expectedByDay(all.filter(inJanuary));
    const rows = await daily({ from: '2032-01-01', to: '2032-01-31' });
    expect(rows).toHaveLength(31);
    for (const row of rows) {
      const day = expected.get(row.date);
      expect({
        date: row.date,
        ...row.points,
        purchases: row.purchases,
        spend: row.spend.amount,
        redemptions: row.redemptions,
      }).toEqual({
        date: row.date,
        issued: day?.issued ?? 0,
        redeemed: day?.redeemed ?? 0,
        expired: day?.expired ?? 0,
        reversed: day?.reversed ?? 0,
        adjusted: day?.adjusted ?? 0,
        net: day?.net ?? 0,
        purchases: day?.purchases ?? 0,
        spend: day?.spend ?? 0,
        redemptions: day?.redemptions ?? 0,
      });
    }
    const january = rows.reduce((sum, row) => sum + row.points.expired, 0);
    // The four enrolments' points and the two 2030 purchases (200 + 50 and 300 + 50 points).
    expect(january).toBe(100 * 4 + 250 + 350);

    for (const till of [alpha, beta]) {
      const own = expectedByDay(
        all.filter((entry) => inJanuary(entry) && entry.partnerId === till.partnerId),
      );
      const partnerRows = await daily({ from: '2032-01-01', to: '2032-01-31', partnerId: till.partnerId });
      for (const row of partnerRows) {
        expect([
          row.date,
          row.points.issued,
          row.points.redeemed,
          row.points.reversed,
          row.purchases,
        ]).toEqual([
          row.date,
          own.get(row.date)?.issued ?? 0,
          own.get(row.date)?.redeemed ?? 0,
          own.get(row.date)?.reversed ?? 0,
          own.get(row.date)?.purchases ?? 0,
        ]);
      }
    }
    // A store's day, and new members by the partner that enrolled them.
    expect(
      (await daily({ from: '2032-01-05', to: '2032-01-05', partnerId: alpha.partnerId, storeId: 'a-2' }))[0],
    ).toMatchObject({
      purchases: 1,
      spend: { amount: 100_000, currency: 'CNY' },
      points: { issued: 1050 },
    });
    expect(
      (await daily({ from: '2030-12-15', to: '2030-12-15', partnerId: alpha.partnerId }))[0],
    ).toMatchObject({
      members: { new: 2 },
    });
    expect((await daily({ from: '2032-01-13', to: '2032-01-13' }))[0]).toMatchObject({
      redemptions: 4,
      rewards: { coffee: 1 },
    });
  });

  it('sums the days in the summary, and values what is outstanding as the ledger has it', async () => {
    const all = await entries();
    const january = [...expectedByDay(all.filter(inJanuary)).values()];
    const summary = await call<
      Json & {
        points: Record<string, number>;
        members: Record<string, number>;
        tiers: Record<string, number>;
      }
    >('GET', '/v1/reports/summary', {
      key: adminKey,
      query: { from: '2032-01-01T00:00:00+08:00', to: '2032-02-01T00:00:00+08:00' },
    });
    expect(summary.status).toBe(200);
    const sum = (field: 'issued' | 'redeemed' | 'expired' | 'reversed') =>
      january.reduce((total, day) => total + day[field], 0);
    expect(summary.body.points).toEqual({
      issued: sum('issued'),
      redeemed: sum('redeemed'),
      expired: sum('expired'),
      reversed: sum('reversed'),
      outstanding: all.reduce((total, entry) => total + entry.points, 0),
    });
    expect(summary.body.members).toEqual({ total: 4, new: 0, active: 4 });
    expect(summary.body.tiers).toEqual({ base: 3, silver: 1, gold: 0, platinum: 0 });
    expect(summary.body.days).toEqual({ from: '2032-01-01', to: '2032-01-31' });

    const check = await call<{ ok: boolean; membersChecked: number }>('GET', '/v1/reports/ledger-check', {
      key: adminKey,
    });
    expect(check.body).toMatchObject({ ok: true, membersChecked: 4 });

    const liability = await call<{
      points: number;
      value: { amount: number };
      expiring: { month: string; points: number }[];
      later: number;
      never: number;
      debt: number;
    }>('GET', '/v1/reports/liability', { key: adminKey });
    expect(liability.body.points).toBe(summary.body.points.outstanding);
    expect(liability.body.value.amount).toBe(liability.body.points); // 100 points = 1 CNY = 100 fen
    expect(liability.body.expiring.map((row) => row.month)).toEqual(
      Array.from({ length: 12 }, (_, i) => `2032-${String(i + 1).padStart(2, '0')}`),
    );
    // Everything earned in 2032 expires on 2034-01-01: after the next 12 months.
    expect(liability.body.expiring.every((row) => row.points === 0)).toBe(true);
    expect(liability.body.later - liability.body.debt).toBe(liability.body.points);
  });

  it('settles the month between the partners: nets and the clearing line add up to zero', async () => {
    const all = (await entries()).filter(inJanuary);
    const settlement = await call<{
      period: string;
      partners: {
        partnerId: string;
        issued: { points: number; value: { amount: number } };
        redeemed: { points: number };
        net: { amount: number };
      }[];
      clearing: { line: string; net: { amount: number }; redeemed: { points: number } }[];
    }>('GET', '/v1/reports/settlement', { key: adminKey, query: { period: '2032-01' } });
    expect(settlement.status).toBe(200);
    const byPartner = (partnerId: string) => {
      const own = all.filter((entry) => entry.partnerId === partnerId);
      const issued = own
        .filter(
          (entry) =>
            ['earn', 'bonus', 'activity'].includes(entry.type) ||
            (entry.type === 'reversal' && entry.reference.startsWith('refund:')),
        )
        .reduce((sum, entry) => sum + entry.points, 0);
      const redeemed =
        0 -
        own
          .filter(
            (entry) =>
              ['redeem', 'hold', 'release'].includes(entry.type) ||
              (entry.type === 'reversal' && entry.reference.startsWith('redemption:')),
          )
          .reduce((sum, entry) => sum + entry.points, 0);
      return { partnerId, issued, redeemed, net: redeemed - issued };
    };
    expect(
      settlement.body.partners.map((row) => ({
        partnerId: row.partnerId,
        issued: row.issued.points,
        redeemed: row.redeemed.points,
        net: row.net.amount,
      })),
    ).toEqual(
      [byPartner(alpha.partnerId), byPartner(beta.partnerId)].sort((a, b) =>
        a.partnerId.localeCompare(b.partnerId),
      ),
    );
    // Alpha's members redeemed at Beta and the other way round.
    expect(byPartner(beta.partnerId).redeemed).toBe(300 + 300);
    const nets = [...settlement.body.partners, ...settlement.body.clearing].reduce(
      (sum, row) => sum + row.net.amount,
      0,
    );
    expect(nets).toBe(0);
    expect(settlement.body.clearing.map((row) => row.line)).toEqual([
      'adjustments',
      'opening_balances',
      'programme_coupons',
      'unattributed',
      'breakage',
      'float',
    ]);
    expect(settlement.body.clearing.find((row) => row.line === 'breakage')?.redeemed.points).toBe(1000);

    const csv = await call<string>('GET', '/v1/reports/settlement', {
      key: adminKey,
      query: { period: '2032-01' },
      headers: { accept: 'text/csv' },
    });
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'period,partner_id,issued_points,issued_value,redeemed_points,redeemed_value,net_amount,currency',
    );
    expect(lines).toHaveLength(1 + settlement.body.partners.length + settlement.body.clearing.length);
    expect(lines.at(-1)).toMatch(/^2032-01,\(clearing:float\),/);
  });

  it('changes nothing when the whole stream is delivered again', async () => {
    const before = await snapshot();
    expect(stream.delivered.length).toBeGreaterThan(0);
    for (const event of stream.delivered) expect((await redeliver(event)).batchItemFailures).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it('answers each report as CSV', async () => {
    const csv = await call<string>('GET', '/v1/reports/daily', {
      key: adminKey,
      query: { from: '2032-01-05', to: '2032-01-06' },
      headers: { accept: 'text/csv' },
    });
    expect(csv.status).toBe(200);
    const [header, first, second] = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(header).toBe(
      'date,purchases,spend_amount,currency,points_issued,points_redeemed,points_expired,points_reversed,points_adjusted,points_net,members_new,redemptions,rewards',
    );
    expect(first).toMatch(/^2032-01-05,4,185680,CNY,/);
    expect(second).toMatch(/^2032-01-06,0,0,CNY,0,/);
    for (const [path, query] of [
      ['/v1/reports/summary', { from: '2032-01-01T00:00:00+08:00', to: '2032-02-01T00:00:00+08:00' }],
      ['/v1/reports/liability', {}],
      ['/v1/reports/segments', {}],
      ['/v1/reports/repurchase', { period: '2032-01' }],
    ] as const) {
      const answer = await call<string>('GET', path, {
        key: adminKey,
        query,
        headers: { accept: 'text/csv' },
      });
      expect(answer.status).toBe(200);
      expect(answer.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(answer.body.startsWith('\uFEFF')).toBe(true);
    }
  });

  it('gives the repurchase rate of the month’s buyers', async () => {
    const answer = await call('GET', '/v1/reports/repurchase', {
      key: adminKey,
      query: { period: '2032-01' },
    });
    // m1 and m3 had bought in December 2030; m2 and m4 bought for the first time.
    expect(answer.body).toEqual({
      period: '2032-01',
      buyers: 4,
      returning: 2,
      repeat: 0,
      repurchasers: 2,
      rate: 0.5,
    });
  });

  it('refuses bad periods and keys without the admin scope', async () => {
    const bad = await call('GET', '/v1/reports/daily', {
      key: adminKey,
      query: { from: '2032-01-31', to: '2032-01-01' },
    });
    expect(bad).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
    const long = await call('GET', '/v1/reports/daily', {
      key: adminKey,
      query: { from: '2030-01-01', to: '2032-01-01' },
    });
    expect(long.status).toBe(400);
    expect(
      (await call('GET', '/v1/reports/settlement', { key: adminKey, query: { period: '2032-13' } })).status,
    ).toBe(400);
    expect((await call('GET', '/v1/reports/liability', { key: alpha.key })).status).toBe(403);
  });
});

describe('segments', () => {
  it('scores every member in two passes, counts the segments and shows each member’s', async () => {
    const empty = await call<{ segments: Json }>('GET', '/v1/reports/segments', { key: adminKey });
    expect(empty.body.segments).toEqual({});
    setBusinessClock('2032-02-01T03:00:00+08:00');
    expect(await runJob('segments', { asOf: '2032-02-01T03:00:00+08:00' })).toMatchObject({
      runId: 'segments-2032-02',
      status: 'succeeded',
      processed: 4,
    });
    let assigned: Json = {};
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
      assigned = (await call<Json>('GET', '/v1/admin/jobs/runs/segments-assign-2032-02', { key: adminKey }))
        .body;
      if (assigned.status === 'succeeded') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(assigned).toMatchObject({ status: 'succeeded', processed: 4 });
    const report = await call<{ asOf: string; segments: Record<string, number> }>(
      'GET',
      '/v1/reports/segments',
      {
        key: adminKey,
      },
    );
    expect(report.body.asOf).toBe('2032-01-31T19:00:00.000Z');
    expect(Object.values(report.body.segments).reduce((sum, n) => sum + n, 0)).toBe(4);
    expect(Object.keys(report.body.segments).sort()).toEqual([
      'at_risk',
      'champions',
      'hibernating',
      'loyal',
      'new',
      'potential',
    ]);
    const segments = await Promise.all(
      members.map(
        async (memberId) =>
          (await call<Json>('GET', `/v1/members/${memberId}`, { key: adminKey })).body.segment,
      ),
    );
    expect(segments.every((segment) => typeof segment === 'string')).toBe(true);
    for (const [name, count] of Object.entries(report.body.segments)) {
      expect(segments.filter((segment) => segment === name)).toHaveLength(count);
    }
  });
});
