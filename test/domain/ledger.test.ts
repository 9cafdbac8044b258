import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AccountState,
  balancesOf,
  countActivity,
  creditBonus,
  creditPurchase,
  endHold,
  liveLots,
  newAccount,
  restorePoints,
  reverseForRefund,
  settleAccount,
  spendPoints,
} from '../../shared/domain/account.js';
import { programDay } from '../../shared/domain/calendar.js';
import { expireDue, NEVER, restoreLots, spendSoonestFirst, totalOf } from '../../shared/domain/lots.js';
import { referenceProgram } from '../../shared/domain/program.js';
import { pointsToReverse } from '../../shared/domain/refunds.js';
import { bookBalance } from '../../shared/features/operator/ledgerCheck.js';

const program = referenceProgram;
const tz = program.timeZone;
const at = (iso: string) => Date.parse(iso);
const day = 86_400_000;

describe('lots', () => {
  it('spends the soonest-expiring points first', () => {
    const spent = spendSoonestFirst({ '2028-01-01': 100, '2027-01-01': 50, [NEVER]: 10 }, 120);
    expect(spent).toEqual({
      ok: true,
      lots: { '2028-01-01': 30, [NEVER]: 10 },
      taken: { '2027-01-01': 50, '2028-01-01': 70 },
    });
  });

  it('refuses to spend more than there is', () => {
    expect(spendSoonestFirst({ '2027-01-01': 50 }, 51)).toEqual({ ok: false });
  });

  it('expires exactly at 00:00 programme time', () => {
    const lots = { '2027-01-01': 100, '2028-01-01': 40 };
    expect(expireDue(lots, at('2026-12-31T23:59:59+08:00'), tz).points).toBe(0);
    expect(expireDue(lots, at('2027-01-01T00:00:00+08:00'), tz)).toEqual({
      lots: { '2028-01-01': 40 },
      expired: { '2027-01-01': 100 },
      points: 100,
    });
  });

  const lotsArbitrary = fc.dictionary(
    fc.constantFrom('2026-01-01', '2027-01-01', '2028-01-01', '2029-06-30', NEVER),
    fc.integer({ min: 1, max: 10_000 }),
  );

  it('takes the earliest dates first, whatever the lots (property)', () => {
    fc.assert(
      fc.property(lotsArbitrary, fc.nat(), (lots, seed) => {
        const total = totalOf(lots);
        const points = total === 0 ? 0 : seed % (total + 1);
        const spent = spendSoonestFirst(lots, points);
        if (!spent.ok) throw new Error('should spend');
        expect(totalOf(spent.taken)).toBe(points);
        expect(totalOf(spent.lots) + points).toBe(total);
        const latestTaken = Object.keys(spent.taken).sort().at(-1);
        const earliestLeft = Object.keys(spent.lots).sort()[0];
        if (latestTaken && earliestLeft) expect(latestTaken <= earliestLeft).toBe(true);
        expect(restoreLots(spent.lots, spent.taken)).toEqual(
          Object.fromEntries(Object.entries(lots).filter(([, p]) => p > 0)),
        );
      }),
    );
  });

  it('expires idempotently (property)', () => {
    fc.assert(
      fc.property(
        lotsArbitrary,
        fc.integer({ min: at('2025-06-01T00:00:00Z'), max: at('2031-01-01T00:00:00Z') }),
        (lots, now) => {
          const once = expireDue(lots, now, tz);
          const twice = expireDue(once.lots, now, tz);
          expect(twice.points).toBe(0);
          expect(twice.lots).toEqual(once.lots);
          for (const points of Object.values(once.lots)) expect(points).toBeGreaterThan(0);
        },
      ),
    );
  });
});

describe('refund proportions', () => {
  it.each([
    [306, 25_680, [25_680], [306]],
    [306, 25_680, [12_840, 12_840], [153, 153]],
    [100, 30_000, [10_000, 10_000, 10_000], [33, 33, 34]],
    [7, 1_000, [1, 999], [0, 7]],
  ])('a %i-point purchase of %i fen refunded as %j reverses %j', (points, amount, refunds, expected) => {
    let before = 0;
    const reversed = refunds.map((refundFen) => {
      const result = pointsToReverse({
        purchasePoints: points,
        purchaseAmountFen: amount,
        refundedFenBefore: before,
        refundFen,
      });
      before += refundFen;
      return result;
    });
    expect(reversed).toEqual(expected);
  });

  it('refuses refunds beyond the purchase amount', () => {
    expect(
      pointsToReverse({
        purchasePoints: 10,
        purchaseAmountFen: 1000,
        refundedFenBefore: 600,
        refundFen: 401,
      }),
    ).toBeNull();
  });

  it('reverses exactly the purchase points when refunds add up to the whole purchase (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 1, maxLength: 8 }),
        (points, parts) => {
          const amount = parts.reduce((a, b) => a + b, 0);
          let before = 0;
          let reversed = 0;
          for (const refundFen of parts) {
            const step = pointsToReverse({
              purchasePoints: points,
              purchaseAmountFen: amount,
              refundedFenBefore: before,
              refundFen,
            });
            expect(step).not.toBeNull();
            expect(step!).toBeGreaterThanOrEqual(0);
            reversed += step!;
            before += refundFen;
          }
          expect(reversed).toBe(points);
        },
      ),
    );
  });
});

describe('an account through its life', () => {
  const start = at('2026-03-01T10:00:00+08:00');
  const enrolled = () => creditBonus(newAccount('m-1', start), 100, start, program);

  it('keeps purchase points pending for 7 days, then makes them available without a job', () => {
    const credited = creditPurchase(enrolled(), {
      purchaseId: 'p1',
      amountFen: 25_680,
      occurredAtMs: start,
      storeId: 's',
      birthday: null,
      nowMs: start,
      program,
    });
    expect(credited.points).toBe(306);
    expect(balancesOf(credited.account, start + 7 * day - 1, program)).toMatchObject({
      available: 100,
      pending: 306,
    });
    expect(balancesOf(credited.account, start + 7 * day, program)).toMatchObject({
      available: 406,
      pending: 0,
    });
  });

  it('upgrades the tier from the purchase after the one that crossed the threshold', () => {
    const first = creditPurchase(enrolled(), {
      purchaseId: 'p1',
      amountFen: 100_000,
      occurredAtMs: start,
      storeId: 's',
      birthday: null,
      nowMs: start,
      program,
    });
    expect(first.points).toBe(1000 + 50);
    expect(first.account.tier).toBe('silver');
    const second = creditPurchase(first.account, {
      purchaseId: 'p2',
      amountFen: 10_000,
      occurredAtMs: start + day,
      storeId: 's',
      birthday: null,
      nowMs: start + day,
      program,
    });
    expect(second.points).toBe(120);
  });

  it('lets a refund of spent points drive the balance negative, and later earnings repay it first', () => {
    const nowMs = start + 8 * day;
    const credited = creditPurchase(enrolled(), {
      purchaseId: 'p1',
      amountFen: 50_000,
      occurredAtMs: start,
      storeId: 's',
      birthday: null,
      nowMs: start,
      program,
    });
    const settled = settleAccount(credited.account, nowMs);
    const spent = spendPoints(settled, 600, nowMs, program);
    if (!spent.ok) throw new Error('should spend');
    const refunded = reverseForRefund(spent.account, {
      purchaseId: 'p1',
      points: 550,
      amountFen: 50_000,
      purchaseOccurredAtMs: start,
      nowMs,
      program,
    });
    expect(balancesOf(refunded, nowMs, program).available).toBe(-500);
    expect(spendPoints(refunded, 100, nowMs, program).ok).toBe(false);
    const repaid = creditBonus(refunded, 120, nowMs, program);
    expect(balancesOf(repaid, nowMs, program).available).toBe(-380);
  });

  it('restores reversed points with the expiry dates they had', () => {
    const account = creditBonus(enrolled(), 500, at('2027-02-01T00:00:00+08:00'), program);
    const nowMs = at('2027-03-01T00:00:00+08:00');
    const spent = spendPoints(account, 300, nowMs, program);
    if (!spent.ok) throw new Error('should spend');
    expect(spent.taken).toEqual({ '2028-01-01': 100, '2029-01-01': 200 });
    expect(restorePoints(spent.account, spent.taken).lots).toEqual(account.lots);
  });

  it('never spends a point that expired, even before the expiry job removed it', () => {
    const account = enrolled();
    const afterExpiry = at('2028-01-01T00:00:00+08:00');
    expect(spendPoints(account, 100, afterExpiry - 1, program).ok).toBe(true);
    expect(spendPoints(account, 100, afterExpiry, program)).toEqual({ ok: false, available: 0 });
  });

  type Step =
    | { kind: 'bonus'; points: number }
    | { kind: 'purchase'; amountFen: number; daysBack: number }
    | { kind: 'activity'; type: 'sign_in' | 'survey'; daysBack: number }
    | { kind: 'spend'; points: number }
    | { kind: 'hold'; points: number }
    | { kind: 'endHold'; outcome: 'capture' | 'void' }
    | { kind: 'refund'; fraction: number }
    | { kind: 'expire' }
    | { kind: 'wait'; days: number };

  describe('holes the ledger issue found (issue 14)', () => {
    const nowMs = at('2026-11-25T10:00:00+08:00');
    const fresh = () => creditBonus(newAccount('m-h', nowMs - 100 * day), 100, nowMs - 100 * day, program);
    const buyAt = (account: AccountState, occurredAtMs: number, amountFen: number, p = program) =>
      creditPurchase(account, {
        purchaseId: `p-${occurredAtMs}-${amountFen}`,
        amountFen,
        occurredAtMs,
        storeId: 's',
        birthday: null,
        nowMs,
        program: p,
      });

    it('keeps the daily cap for purchases back-dated beyond the counters an account keeps', () => {
      let account = fresh();
      let total = 0;
      for (let i = 0; i < 3; i++) {
        const credited = buyAt(account, nowMs - 45 * day, 600_000);
        account = credited.account;
        total += credited.points;
      }
      expect(total).toBeLessThanOrEqual(5_050);
      // With a 60-day claim window the account keeps 62 days of counters: exact capping 50 days back.
      const wide = { ...program, earning: { ...program.earning, claimWindowDays: 60 } };
      account = fresh();
      const points: number[] = [];
      for (let i = 0; i < 3; i++) {
        const credited = buyAt(account, nowMs - 50 * day, 600_000, wide);
        account = credited.account;
        points.push(credited.points);
      }
      expect(points).toEqual([5_050, 0, 0]);
    });

    it('keeps the per-day activity limits for activities back-dated beyond the kept counters', () => {
      let account = fresh();
      let credited = 0;
      for (let i = 0; i < 5; i++) {
        const counted = countActivity(account, 'survey', nowMs - 45 * day, nowMs, program);
        if (counted.countBefore < program.activities.survey.perDay) {
          credited++;
          account = counted.account;
        }
      }
      expect(credited).toBeLessThanOrEqual(1);
    });

    it('never pays a refund from points that expired, swept or not', () => {
      // 500 points expired at 2026-01-01 (not swept yet) and 100 live ones.
      const account: AccountState = { ...fresh(), lots: { '2026-01-01': 500, '2028-01-01': 100 } };
      const refunded = reverseForRefund(account, {
        purchaseId: 'p-gone',
        points: 300,
        amountFen: 30_000,
        purchaseOccurredAtMs: nowMs - 400 * day,
        nowMs,
        program,
      });
      expect(refunded.lots).toEqual({ '2026-01-01': 500 });
      expect(refunded.debt).toBe(200);
      expect(balancesOf(refunded, nowMs, program).available).toBe(-200);
    });

    it('repays debt first when a hold is voided, like every credit', () => {
      const account: AccountState = { ...fresh(), lots: { '2028-01-01': 300 } };
      const held = spendPoints(account, 300, nowMs, program, {
        redemptionId: 'h-1',
        untilMs: nowMs + 900_000,
      });
      if (!held.ok) throw new Error('should hold');
      const refunded = reverseForRefund(held.account, {
        purchaseId: 'p-x',
        points: 120,
        amountFen: 12_000,
        purchaseOccurredAtMs: nowMs,
        nowMs,
        program,
      });
      expect(refunded.debt).toBe(120);
      const voided = endHold(refunded, 'h-1', 'void');
      expect(voided.debt).toBe(0);
      expect(voided.lots).toEqual({ '2028-01-01': 180 });
    });
  });

  /** Days back: often the same few, so that several events land on one day beyond the kept counters. */
  const daysBack = fc.oneof(fc.constantFrom(0, 10, 44, 45), fc.integer({ min: 0, max: 50 }));
  const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
    fc.record({ kind: fc.constant('bonus' as const), points: fc.integer({ min: 1, max: 500 }) }),
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('purchase' as const),
        amountFen: fc.integer({ min: 1, max: 800_000 }),
        daysBack,
      }),
    },
    fc.record({
      kind: fc.constant('activity' as const),
      type: fc.constantFrom('sign_in' as const, 'survey' as const),
      daysBack,
    }),
    fc.record({ kind: fc.constant('spend' as const), points: fc.integer({ min: 1, max: 3000 }) }),
    {
      weight: 2,
      arbitrary: fc.record({ kind: fc.constant('hold' as const), points: fc.integer({ min: 1, max: 3000 }) }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('endHold' as const),
        outcome: fc.constantFrom('capture' as const, 'void' as const),
      }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('refund' as const),
        fraction: fc.double({ min: 0.01, max: 1, noNaN: true }),
      }),
    },
    fc.constant({ kind: 'expire' as const }),
    fc.record({
      kind: fc.constant('wait' as const),
      // Mostly days; sometimes past a 1 January, so that lots expire before the job sweeps them.
      days: fc.oneof(fc.integer({ min: 1, max: 60 }), fc.constantFrom(400, 700)),
    }),
  );

  /** One tier, no threshold bonus: a purchase's points are exactly its eligible whole yuan. */
  const plain = {
    ...program,
    tiers: [program.tiers[0]!],
    earning: { ...program.earning, thresholdBonus: { minAmountFen: 0, points: 0 } },
  };

  it('keeps every invariant after each step of an account life: back-dating, expiry, holds, voids and refunds in any order (property)', () => {
    fc.assert(
      fc.property(fc.array(stepArbitrary, { maxLength: 50 }), (steps) => {
        let nowMs = start;
        let account: AccountState = creditBonus(newAccount('m-1', start), 100, start, plain);
        let entries = 100;
        const purchases: { id: string; amountFen: number; points: number; refundedFen: number }[] = [];
        const pointsByDay = new Map<string, number>();
        const activitiesByDay = new Map<string, number>();
        const openHolds: string[] = [];
        steps.forEach((step, index) => {
          account = settleAccount(account, nowMs);
          if (step.kind === 'wait') nowMs += step.days * day;
          if (step.kind === 'bonus') {
            account = creditBonus(account, step.points, nowMs, plain);
            entries += step.points;
          }
          if (step.kind === 'purchase') {
            const occurredAtMs = nowMs - step.daysBack * day;
            const credited = creditPurchase(account, {
              purchaseId: `p${index}`,
              amountFen: step.amountFen,
              occurredAtMs,
              storeId: 's',
              birthday: null,
              nowMs,
              program: plain,
            });
            account = credited.account;
            entries += credited.points;
            const key = programDay(occurredAtMs, tz);
            pointsByDay.set(key, (pointsByDay.get(key) ?? 0) + credited.points);
            purchases.push({
              id: `p${index}`,
              amountFen: step.amountFen,
              points: credited.points,
              refundedFen: 0,
            });
          }
          if (step.kind === 'activity') {
            const occurredAtMs = nowMs - step.daysBack * day;
            const counted = countActivity(account, step.type, occurredAtMs, nowMs, plain);
            if (counted.countBefore < plain.activities[step.type].perDay) {
              const points = plain.activities[step.type].points;
              account = creditBonus(counted.account, points, occurredAtMs, plain);
              entries += points;
              const key = `${programDay(occurredAtMs, tz)}/${step.type}`;
              activitiesByDay.set(key, (activitiesByDay.get(key) ?? 0) + 1);
            }
          }
          if (step.kind === 'spend' || step.kind === 'hold') {
            const before = balancesOf(account, nowMs, plain).available;
            const hold =
              step.kind === 'hold' ? { redemptionId: `h${index}`, untilMs: nowMs + 900_000 } : undefined;
            const spent = spendPoints(account, step.points, nowMs, plain, hold);
            expect(spent.ok).toBe(before >= step.points && account.debt === 0);
            if (spent.ok) {
              account = spent.account;
              entries -= step.points;
              if (hold) openHolds.push(hold.redemptionId);
              expect(balancesOf(account, nowMs, plain).available).toBeGreaterThanOrEqual(0);
            }
          }
          if (step.kind === 'endHold' && openHolds.length > 0) {
            const redemptionId = openHolds.shift()!;
            const points = account.holds[redemptionId]!.points;
            account = endHold(account, redemptionId, step.outcome);
            if (step.outcome === 'void') entries += points;
          }
          if (step.kind === 'refund' && purchases.length > 0) {
            const purchase = purchases[index % purchases.length]!;
            const left = purchase.amountFen - purchase.refundedFen;
            const refundFen = Math.max(1, Math.floor(left * step.fraction));
            const points =
              left > 0
                ? pointsToReverse({
                    purchasePoints: purchase.points,
                    purchaseAmountFen: purchase.amountFen,
                    refundedFenBefore: purchase.refundedFen,
                    refundFen,
                  })
                : null;
            if (points !== null) {
              const liveBefore = totalOf(liveLots(account.lots, nowMs, tz));
              const expiredBefore = totalOf(account.lots) - liveBefore;
              account = reverseForRefund(account, {
                purchaseId: purchase.id,
                points,
                amountFen: refundFen,
                purchaseOccurredAtMs: nowMs,
                nowMs,
                program: plain,
              });
              purchase.refundedFen += refundFen;
              entries -= points;
              // Expired lots, swept or not, never pay for a refund.
              expect(totalOf(account.lots) - totalOf(liveLots(account.lots, nowMs, tz))).toBe(expiredBefore);
            }
          }
          if (step.kind === 'expire') {
            // What the expiry job does for one member (shared/features/lifecycle/expirePoints.ts).
            const due = expireDue(account.lots, nowMs, tz);
            const today = programDay(nowMs, tz);
            const pendingDue = account.pending.filter((lot) => lot.expiresOn <= today);
            account = {
              ...account,
              lots: due.lots,
              pending: account.pending.filter((lot) => !pendingDue.includes(lot)),
            };
            entries -= due.points + pendingDue.reduce((sum, lot) => sum + lot.points, 0);
          }
          // The invariants, after every step.
          expect(bookBalance(account)).toBe(entries);
          for (const points of Object.values(account.lots)) expect(points).toBeGreaterThan(0);
          // Every credit repays debt first: while anything is owed, no live lot exists.
          if (account.debt > 0) expect(totalOf(liveLots(account.lots, nowMs, tz))).toBe(0);
          // The daily cap and the per-day activity limits hold for any occurredAt.
          for (const points of pointsByDay.values()) {
            expect(points).toBeLessThanOrEqual(plain.earning.dailyCapFen / 100);
          }
          for (const [key, count] of activitiesByDay) {
            const type = key.split('/')[1] as 'sign_in' | 'survey';
            expect(count).toBeLessThanOrEqual(plain.activities[type].perDay);
          }
        });
      }),
      { numRuns: 300 },
    );
  });
});
