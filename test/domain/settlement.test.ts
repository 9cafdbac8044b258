/**
 * Settlement (shared/domain/settlement.ts) over figures folded the way the aggregator folds them:
 * generated ledger entries of every kind, with and without a partner (purchases, bonuses,
 * refunds, redemptions, voids, reversals, expiry, desk adjustments, opening balances) and
 * programme coupons issued and used at partners' stores.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { periodText, scopeText, storedItemOf } from '../../shared/adapters/dynamodb/keys.js';
import {
  type CounterAdd,
  clearingFact,
  entryFact,
  partnerMonthScope,
  partnerPeriod,
  programmeScope,
} from '../../shared/domain/aggregates.js';
import { settlementOf } from '../../shared/domain/settlement.js';

const tz = 'Asia/Shanghai';
const at = '2032-01-10T04:00:00.000Z';
const partnerIds = ['pa', 'pb', 'pc'];

interface Movement {
  readonly type: string;
  readonly points: number;
  readonly reference?: string;
}

const movement: fc.Arbitrary<Movement> = fc.oneof(
  fc.record({
    type: fc.constantFrom('earn', 'bonus', 'activity'),
    points: fc.integer({ min: 0, max: 5000 }),
  }),
  fc.record({
    type: fc.constant('reversal'),
    points: fc.integer({ min: -500, max: 0 }),
    reference: fc.constant('refund:r'),
  }),
  fc.record({ type: fc.constantFrom('redeem', 'hold'), points: fc.integer({ min: -3000, max: -100 }) }),
  fc.record({ type: fc.constant('release'), points: fc.integer({ min: 100, max: 3000 }) }),
  fc.record({
    type: fc.constant('reversal'),
    points: fc.integer({ min: 100, max: 3000 }),
    reference: fc.constant('redemption:x'),
  }),
  fc.record({ type: fc.constant('expire'), points: fc.integer({ min: -800, max: -1 }) }),
  fc.record({
    type: fc.constant('adjust'),
    points: fc.integer({ min: -6000, max: 6000 }).filter((points) => points !== 0),
    reference: fc.constant('adjustment:a'),
  }),
  fc.record({
    type: fc.constant('adjust'),
    points: fc.integer({ min: 1, max: 9000 }),
    reference: fc.constant('import:i#1'),
  }),
);
const entry = fc.record({
  movement,
  partnerId: fc.option(fc.constantFrom(...partnerIds), { nil: undefined }),
});
const coupon = fc.record({
  valueFen: fc.integer({ min: 100, max: 5000 }),
  usedBy: fc.option(fc.constantFrom(...partnerIds), { nil: undefined }),
});

/** Folds the facts into counters, keyed `scope period` as stored, as the aggregator's transactions add them. */
function fold(adds: readonly CounterAdd[]) {
  const counters = new Map<string, Record<string, number>>();
  for (const { key, add } of adds) {
    const id = `${scopeText(key.scope)} ${periodText(key.period)}`;
    const target = counters.get(id) ?? {};
    for (const [field, value] of Object.entries(add)) target[field] = (target[field] ?? 0) + value;
    counters.set(id, target);
  }
  return counters;
}

describe('settlement', () => {
  it('sums every partner and clearing line to zero, to the fen, whatever moved and at any rate', () => {
    fc.assert(
      fc.property(
        fc.array(entry, { maxLength: 40 }),
        fc.array(coupon, { maxLength: 6 }),
        fc.integer({ min: 1, max: 300 }),
        (entries, coupons, rate) => {
          const adds = [
            ...entries.flatMap(
              ({ movement: m, partnerId }, i) =>
                entryFact(
                  storedItemOf({ pk: `MEMBER#m${i}`, sk: `TX#${at}#t${i}` }),
                  { ...m, createdAt: at, ...(partnerId ? { partnerId, storeId: 's1' } : {}) },
                  tz,
                ).adds,
            ),
            ...coupons.flatMap((c, i) => [
              ...clearingFact(
                storedItemOf({ pk: `FACT#c${i}-issued`, sk: 'CF#programme_coupon.issued' }),
                { kind: 'programme_coupon.issued', at, memberId: 'm', valueFen: c.valueFen },
                tz,
              ).adds,
              ...(c.usedBy
                ? clearingFact(
                    storedItemOf({ pk: `FACT#c${i}-used`, sk: 'CF#programme_coupon.used' }),
                    {
                      kind: 'programme_coupon.used',
                      at,
                      memberId: 'm',
                      valueFen: c.valueFen,
                      partnerId: c.usedBy,
                    },
                    tz,
                  ).adds
                : []),
            ]),
          ];
          const counters = fold(adds);
          const settlement = settlementOf({
            period: '2032-01',
            partners: new Map(
              partnerIds.flatMap((p) => {
                const figures = counters.get(
                  `${scopeText(partnerMonthScope('2032-01'))} ${periodText(partnerPeriod(p))}`,
                );
                return figures ? [[p, figures] as const] : [];
              }),
            ),
            programme: counters.get(`${scopeText(programmeScope)} D#2032-01-10`) ?? {},
            pointsPerYuan: rate,
            currency: 'CNY',
          });
          const lines = [...settlement.partners, ...settlement.clearing];
          expect(lines.reduce((sum, row) => sum + row.net.amount, 0)).toBe(0);
          for (const row of lines)
            expect(row.net.amount).toBe(row.redeemed.value.amount - row.issued.value.amount);
          const byLine = new Map(settlement.clearing.map((row) => [row.line, row]));
          // The float's points are the month's change of what members hold.
          const moved = entries.reduce((sum, { movement: m }) => sum + m.points, 0);
          expect(byLine.get('float')?.redeemed.points).toBe(moved);
          const adjustments = entries.filter(({ movement: m }) => m.reference === 'adjustment:a');
          expect(byLine.get('adjustments')).toMatchObject({
            issued: { points: adjustments.reduce((sum, { movement: m }) => sum + Math.max(0, m.points), 0) },
            redeemed: {
              points: adjustments.reduce((sum, { movement: m }) => sum + Math.max(0, -m.points), 0),
            },
          });
          const opening = entries.filter(({ movement: m }) => m.reference === 'import:i#1');
          expect(byLine.get('opening_balances')?.issued.points).toBe(
            opening.reduce((sum, { movement: m }) => sum + m.points, 0),
          );
          expect(byLine.get('programme_coupons')?.issued.value.amount).toBe(
            coupons.reduce((sum, c) => sum + c.valueFen, 0),
          );
          const used = (p: string) =>
            coupons.filter((c) => c.usedBy === p).reduce((sum, c) => sum + c.valueFen, 0);
          for (const row of settlement.partners)
            expect(row.redeemed.programmeCoupons.amount).toBe(used(row.partnerId));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('names the clearing lines of the contract, each like a partner line', () => {
    const settlement = settlementOf({
      period: '2032-01',
      partners: new Map([['pa', { issued: 1000, redeemed: 300, programmeCouponsUsedFen: 1000 }]]),
      programme: {
        issued: 1000,
        redeemed: 300,
        adjustIssued: 200,
        adjustRedeemed: 50,
        openingBalances: 5000,
        programmeCouponsIssuedFen: 2000,
        expired: 100,
      },
      pointsPerYuan: 100,
      currency: 'CNY',
    });
    expect(settlement.partners).toEqual([
      {
        partnerId: 'pa',
        issued: { points: 1000, value: { amount: 1000, currency: 'CNY' } },
        redeemed: {
          points: 300,
          value: { amount: 1300, currency: 'CNY' },
          programmeCoupons: { amount: 1000, currency: 'CNY' },
        },
        net: { amount: 300, currency: 'CNY' },
      },
    ]);
    const nets = Object.fromEntries(settlement.clearing.map((row) => [row.line, row.net.amount]));
    expect(nets).toEqual({
      adjustments: -150,
      opening_balances: -5000,
      programme_coupons: -2000,
      unattributed: 0,
      breakage: 100,
      float: 6750,
    });
    expect(settlement.clearing.find((row) => row.line === 'float')?.redeemed.points).toBe(
      1000 - 300 + 200 - 50 + 5000 - 100,
    );
  });
});
