/**
 * Bounded issuance and refunds as exact inverses, as properties of the domain functions: no
 * purchase earns beyond `maxPointsPerPurchase`, a day's purchases earn only on the cap's part of
 * their spend, and a purchase followed by refunds of all of it (in any split, by amount or by
 * items) leaves the account as it was and gives back every use its lines recorded.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AccountState,
  creditPurchase,
  newAccount,
  refundAccount,
  reverseReferral,
  settleAccount,
} from '../../shared/domain/account.js';
import type { Program } from '../../shared/domain/program.js';
import { referenceProgram } from '../../shared/domain/program.js';
import { addRefund, noRefunds, type RefundRequest, released } from '../../shared/domain/refunds.js';
import { earnPoints } from '../../shared/domain/rules/earnPoints.js';
import { UseKind, useKey, withUses } from '../../shared/domain/rules/lineUses.js';
import type { EarnedLine, PurchaseItem } from '../../shared/domain/rules/ruleTypes.js';
import { tierAfterRefund } from '../../shared/domain/tiers.js';
import { itemArb, memberArb, programArb, tuesday } from '../support/earningArbitraries.js';

const sumOf = (lines: readonly { points: number }[]) => lines.reduce((sum, line) => sum + line.points, 0);

/** Items that add up to the purchase amount (the API refuses others). */
const purchaseArb = fc
  .array(itemArb, { minLength: 1, maxLength: 5 })
  .map((items) => items.filter((item, i) => i === 0 || item.amount > 0))
  .filter((items) => items.reduce((sum, item) => sum + item.amount, 0) > 0)
  .map((items) => ({ items, amountFen: items.reduce((sum, item) => sum + item.amount, 0) }));

const boundedProgramArb: fc.Arbitrary<Program> = fc
  .tuple(programArb, fc.integer({ min: 0, max: 30_000 }))
  .map(([program, maxPointsPerPurchase]) => ({
    ...program,
    earning: { ...program.earning, maxPointsPerPurchase },
  }));

describe('bounded issuance', () => {
  it('reproduces issue 17: 100,000 units of a 1-fen item under a per-unit rule earn at most the bound', () => {
    const program: Program = {
      ...referenceProgram,
      earning: {
        ...referenceProgram.earning,
        itemRules: [
          { ruleId: 'unit', label: '+20 a unit', skus: ['U'], effect: { kind: 'perUnit', points: 20 } },
        ],
      },
    };
    const member = {
      tierCode: 'base',
      birthday: null,
      dayEligibleFenBefore: 0,
      firstPurchase: false,
      campaignPoints: {},
    };
    const purchase = { program, occurredAtMs: tuesday, storeId: 's', member };
    const oneFen = earnPoints({
      ...purchase,
      amountFen: 1,
      items: [{ sku: 'U', quantity: 100_000, amount: 1 }],
    });
    expect(oneFen.points).toBe(20_000);
    expect(sumOf(oneFen.breakdown)).toBe(20_000);
    const free = earnPoints({
      ...purchase,
      amountFen: 100,
      items: [
        { sku: 'U', quantity: 100_000, amount: 0 },
        { sku: 'X', quantity: 1, amount: 100 },
      ],
    });
    expect(free.points).toBe(1);
    const capped = earnPoints({
      ...purchase,
      member: { ...member, dayEligibleFenBefore: program.earning.dailyCapFen },
      amountFen: 10_000,
      items: [{ sku: 'U', quantity: 5, amount: 10_000 }],
    });
    expect(capped.points).toBe(0);
  });

  it('never earns beyond maxPointsPerPurchase, and the lines add up to the points', () => {
    fc.assert(
      fc.property(boundedProgramArb, memberArb, purchaseArb, (program, member, purchase) => {
        const earned = earnPoints({
          program,
          ...purchase,
          occurredAtMs: tuesday,
          storeId: 'store-1',
          member,
        });
        expect(earned.points).toBeLessThanOrEqual(program.earning.maxPointsPerPurchase);
        expect(earned.points).toBeGreaterThanOrEqual(0);
        expect(sumOf(earned.breakdown)).toBe(earned.points);
        expect(earned.eligibleFen).toBeLessThanOrEqual(
          Math.max(0, program.earning.dailyCapFen - member.dayEligibleFenBefore),
        );
      }),
      { numRuns: 1000 },
    );
  });

  it('earns nothing once the day’s cap is used up, whatever the lines', () => {
    fc.assert(
      fc.property(boundedProgramArb, memberArb, purchaseArb, (program, member, purchase) => {
        const full = { ...member, dayEligibleFenBefore: program.earning.dailyCapFen };
        const earned = earnPoints({
          program,
          ...purchase,
          occurredAtMs: tuesday,
          storeId: 'store-1',
          member: full,
        });
        expect(earned.points).toBe(0);
        expect(earned.campaignGrants).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('counts a day’s purchases within the cap: their eligible spend never passes it', () => {
    fc.assert(
      fc.property(
        boundedProgramArb,
        fc.array(purchaseArb, { minLength: 1, maxLength: 6 }),
        (program, purchases) => {
          let account: AccountState = newAccount('m', tuesday - 86_400_000);
          let eligible = 0;
          for (const [i, purchase] of purchases.entries()) {
            const credited = creditPurchase(account, {
              purchaseId: `p${i}`,
              ...purchase,
              occurredAtMs: tuesday + i,
              storeId: 'store-1',
              birthday: null,
              nowMs: tuesday + 60_000,
              program,
            });
            const used = eligible >= program.earning.dailyCapFen;
            if (used) expect(credited.points).toBe(0);
            expect(credited.points).toBeLessThanOrEqual(program.earning.maxPointsPerPurchase);
            eligible = Object.values(credited.account.dailyEligibleFen).reduce((sum, fen) => sum + fen, 0);
            expect(eligible).toBeLessThanOrEqual(program.earning.dailyCapFen);
            account = credited.account;
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

type Plan = RefundRequest[];

/** Refunds adding up to the whole purchase: some items by name (whole or split), the rest by amount. */
function refundPlanArb(items: readonly PurchaseItem[]): fc.Arbitrary<Plan> {
  return fc
    .tuple(
      fc.array(fc.constantFrom('item', 'split', 'amount'), {
        minLength: items.length,
        maxLength: items.length,
      }),
      fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 3, maxLength: 3 }),
      fc.array(fc.nat(), { minLength: 12, maxLength: 12 }),
    )
    .map(([ways, cuts, order]) => {
      const plan: Plan = [];
      let byAmount = 0;
      items.forEach((item, i) => {
        const way = ways[i]!;
        if (way === 'amount' || item.amount === 0) {
          byAmount += item.amount;
        } else if (way === 'split' && item.quantity > 1 && item.amount > 1) {
          const amount = Math.floor(item.amount / 2);
          plan.push({ amountFen: amount, items: [{ sku: item.sku, quantity: 1, amount }] });
          const rest = item.amount - amount;
          plan.push({
            amountFen: rest,
            items: [{ sku: item.sku, quantity: item.quantity - 1, amount: rest }],
          });
        } else {
          plan.push({
            amountFen: item.amount,
            items: [{ sku: item.sku, quantity: item.quantity, amount: item.amount }],
          });
        }
      });
      // The amount left, in up to three unattributed chunks.
      let left = byAmount;
      for (const cut of cuts) {
        if (left <= 1) break;
        const chunk = Math.max(1, Math.floor((left * cut) / 2000));
        plan.push({ amountFen: chunk });
        left -= chunk;
      }
      if (left > 0) plan.push({ amountFen: left });
      return plan
        .map((refund, i) => ({ refund, key: order[i % order.length]! + i / 100 }))
        .sort((a, b) => a.key - b.key)
        .map(({ refund }) => refund);
    });
}

const nonZero = (record: Readonly<Record<string, number>> | undefined) =>
  Object.fromEntries(Object.entries(record ?? {}).filter(([, value]) => value !== 0));

/** What a purchase and its full refund must leave as it was. */
function essentials(account: AccountState) {
  return {
    lots: nonZero(account.lots),
    debt: account.debt,
    pending: account.pending,
    spend: nonZero(account.spend),
    dailyEligibleFen: nonZero(account.dailyEligibleFen),
    campaignPoints: nonZero(account.campaignPoints),
    tier: account.tier,
    tierSince: account.tierSince,
    firstPurchaseCredited: account.firstPurchaseCredited,
    openPurchases: account.openPurchases ?? 0,
  };
}

describe('a refund is the exact inverse of what it refunds', () => {
  it('reverses by the stored lines: item lines with their items, the rest with the amount', () => {
    const program: Program = {
      ...referenceProgram,
      earning: {
        ...referenceProgram.earning,
        itemRules: [
          {
            ruleId: 'coffee',
            label: 'Coffee ×3',
            skus: ['LATTE'],
            effect: { kind: 'multiplier', permille: 3000 },
          },
          { ruleId: 'moon', label: '+20 a box', skus: ['MOON'], effect: { kind: 'perUnit', points: 20 } },
        ],
      },
    };
    const items = [
      { sku: 'LATTE', quantity: 2, amount: 10_000 },
      { sku: 'MOON', quantity: 5, amount: 10_000 },
    ];
    const credited = creditPurchase(newAccount('m', 0), {
      purchaseId: 'p',
      amountFen: 20_000,
      items,
      occurredAtMs: tuesday,
      storeId: 's',
      birthday: null,
      nowMs: tuesday,
      program,
    });
    // base 200, coffee +200, moon +100, threshold 50
    expect(credited.points).toBe(550);
    const purchase = { amountFen: 20_000, items };
    const moonRefund = addRefund(purchase, noRefunds, {
      amountFen: 10_000,
      items: [{ sku: 'MOON', quantity: 5, amount: 10_000 }],
    });
    if (!moonRefund.ok) throw new Error('refused');
    // Half the amount-based lines (100 + 25) and all the boxes' 100; no coffee points.
    expect(released(credited.lines, purchase, noRefunds, moonRefund.after).points).toBe(225);
    const beyond = addRefund(purchase, moonRefund.after, {
      amountFen: 1,
      items: [{ sku: 'MOON', quantity: 1, amount: 1 }],
    });
    expect(beyond.ok).toBe(false);
  });

  it('leaves the account as it was after a purchase and refunds of all of it, in any split', () => {
    fc.assert(
      fc.property(
        boundedProgramArb,
        purchaseArb.chain((purchase) => fc.tuple(fc.constant(purchase), refundPlanArb(purchase.items))),
        fc.integer({ min: 0, max: 200_000 }),
        fc.boolean(),
        (program, [purchase, plan], earlierFen, withBudget) => {
          // An account that already bought something earlier that day (some cap used, some spend).
          const nowMs = tuesday + 3_600_000;
          let before: AccountState = newAccount('m', tuesday - 86_400_000);
          if (earlierFen > 0) {
            before = creditPurchase(before, {
              purchaseId: 'earlier',
              amountFen: earlierFen,
              occurredAtMs: tuesday - 60_000,
              storeId: 'store-1',
              birthday: null,
              nowMs,
              program,
            }).account;
          }
          before = settleAccount(before, nowMs);
          const credited = creditPurchase(before, {
            purchaseId: 'p',
            ...purchase,
            occurredAtMs: tuesday,
            storeId: 'store-1',
            birthday: null,
            nowMs,
            program,
          });
          // As the accrual does: campaign lines record the budget shards they took from.
          const lines: EarnedLine[] = credited.lines.map((line) =>
            withBudget && line.ruleId.startsWith('campaign:') && line.points > 0
              ? withUses(line, { [useKey(UseKind.budget, `${line.ruleId}#0`)]: line.points })
              : line,
          );
          let account = credited.account;
          let state = noRefunds;
          let reversed = 0;
          const given: Record<string, number> = {};
          for (const refund of plan) {
            const added = addRefund(purchase, state, refund);
            if (!added.ok) throw new Error(JSON.stringify(added.errors));
            const back = released(lines, purchase, state, added.after, reversed);
            for (const [key, amount] of Object.entries(back.uses)) given[key] = (given[key] ?? 0) + amount;
            reversed += back.points;
            const whole = added.after.fen === purchase.amountFen;
            account = refundAccount(account, {
              purchaseId: 'p',
              points: back.points,
              amountFen: 0,
              released: back.uses,
              purchaseOccurredAtMs: tuesday,
              nowMs,
              program,
              ...(whole ? { whole: { counted: true } } : {}),
              tierUpgrade: credited.tierUpgrade,
            }).account;
            state = added.after;
          }
          expect(state.fen).toBe(purchase.amountFen);
          expect(reversed).toBe(credited.points);
          const used: Record<string, number> = {};
          for (const line of lines) {
            for (const [key, amount] of Object.entries(line.uses)) used[key] = (used[key] ?? 0) + amount;
          }
          expect(nonZero(given)).toEqual(nonZero(used));
          expect(essentials(account)).toEqual(essentials(before));
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('what a refund judges and takes back', () => {
  const since = '2026-01-01T00:00:00.000Z';
  const nowIso = '2026-11-24T02:00:00.000Z';
  it.each([
    // [case, current tier, upgrade, spend after the refund (fen), expected tier, expected since]
    [
      'back to the old tier, with its since',
      'gold',
      { from: 'base', to: 'gold', fromSince: since },
      0,
      'base',
      since,
    ],
    [
      'to what the spend still reaches',
      'gold',
      { from: 'base', to: 'gold', fromSince: since },
      200_000,
      'silver',
      nowIso,
    ],
    [
      'kept while the spend reaches it',
      'gold',
      { from: 'base', to: 'gold', fromSince: since },
      1_000_000,
      'gold',
      since,
    ],
    ['never raised', 'silver', { from: 'base', to: 'gold', fromSince: since }, 5_000_000, 'silver', since],
    [
      'an imported tier below its spend stays',
      'gold',
      { from: 'base', to: 'gold', fromSince: since, reachedBefore: 'silver' },
      150_000,
      'base',
      since,
    ],
  ] as const)('%s', (_, tier, upgrade, spendFen, expected, expectedSince) => {
    const judged = tierAfterRefund({ tier, tierSince: since }, upgrade, spendFen, nowIso, referenceProgram);
    expect(judged.tier).toBe(expected);
    if (expected !== tier) expect(judged.tierSince).toBe(expectedSince);
  });

  it('takes a referral bonus back from points the referrer has, then as debt', () => {
    const referrer = { ...newAccount('r', tuesday), lots: { '2027-12-31': 30 } };
    const taken = reverseReferral(referrer, 100, tuesday, referenceProgram);
    expect(taken.lots['2027-12-31'] ?? 0).toBe(0);
    expect(taken.debt).toBe(70);
    expect(taken.version).toBe(referrer.version + 1);
  });
});
