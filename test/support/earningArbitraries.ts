/**
 * fast-check arbitraries of programmes, members and purchases for the rule engine's properties
 * (test/domain/rules.test.ts, test/domain/refunds.test.ts).
 */
import fc from 'fast-check';
import { type Campaign, type Program, referenceProgram } from '../../shared/domain/program.js';
import type { MemberEarningState } from '../../shared/domain/rules/earnPoints.js';
import type { ItemRule, PurchaseItem } from '../../shared/domain/rules/ruleTypes.js';

const at = (iso: string) => Date.parse(iso);
/** A Tuesday in Shanghai. */
export const tuesday = at('2026-11-24T10:00:00+08:00');

export const tierCodes = referenceProgram.tiers.map((tier) => tier.code);
export const skus = ['A', 'B', 'C', 'D', 'E'];
const categories = ['coffee', 'giftcard', 'food', 'tobacco'];

export const itemArb: fc.Arbitrary<PurchaseItem> = fc.record(
  {
    sku: fc.constantFrom(...skus),
    category: fc.constantFrom(...categories),
    quantity: fc.integer({ min: 1, max: 5 }),
    amount: fc.integer({ min: 0, max: 300_000 }),
  },
  { requiredKeys: ['sku', 'quantity', 'amount'] },
);

export const itemRuleArb: fc.Arbitrary<ItemRule> = fc.record(
  {
    ruleId: fc.string({ minLength: 1, maxLength: 4 }),
    label: fc.constant('rule'),
    skus: fc.subarray(skus, { minLength: 1 }),
    categories: fc.subarray(categories, { minLength: 1 }),
    effect: fc.oneof(
      fc.record({ kind: fc.constant('exclude' as const), fromQualifyingSpend: fc.boolean() }),
      fc.record({ kind: fc.constant('multiplier' as const), permille: fc.integer({ min: 0, max: 5000 }) }),
      fc.record({ kind: fc.constant('perUnit' as const), points: fc.integer({ min: 0, max: 100 }) }),
    ),
  },
  { requiredKeys: ['ruleId', 'label', 'effect'] },
);

export const campaignArb: fc.Arbitrary<Campaign> = fc.record(
  {
    campaignId: fc.constantFrom('c1', 'c2', 'c3', 'c4'),
    fromMs: fc.constantFrom(0, tuesday + 1),
    toMs: fc.constant(at('2030-01-01T00:00:00Z')),
    multiplierPermille: fc.integer({ min: 0, max: 4000 }),
    bonusPoints: fc.integer({ min: 0, max: 300 }),
    tiers: fc.subarray(tierCodes, { minLength: 1 }),
    categories: fc.subarray(categories, { minLength: 1 }),
    daysOfWeek: fc.subarray([1, 2, 3, 4, 5, 6, 7], { minLength: 1 }),
    firstPurchase: fc.boolean(),
    minAmountFen: fc.integer({ min: 0, max: 200_000 }),
    capPerMemberPoints: fc.integer({ min: 0, max: 1000 }),
    budgetPoints: fc.integer({ min: 0, max: 5000 }),
  },
  { requiredKeys: ['campaignId', 'fromMs', 'toMs', 'multiplierPermille'] },
);

export const programArb: fc.Arbitrary<Program> = fc
  .record({
    pointsPerYuan: fc.integer({ min: 0, max: 5 }),
    bands: fc.option(
      fc.uniqueArray(fc.integer({ min: 1, max: 5000 }), { maxLength: 3 }).chain((starts) =>
        fc
          .array(fc.integer({ min: 0, max: 3000 }), {
            minLength: starts.length + 1,
            maxLength: starts.length + 1,
          })
          .map((rates) =>
            [0, ...starts.sort((a, b) => a - b)].map((yuan, i) => ({
              fromFen: yuan * 100,
              pointsPerYuanPermille: rates[i]!,
            })),
          ),
      ),
      { nil: undefined },
    ),
    itemRules: fc.array(itemRuleArb, { maxLength: 4 }),
    campaigns: fc.uniqueArray(campaignArb, { maxLength: 4, selector: (campaign) => campaign.campaignId }),
    birthdayMultiplierPermille: fc.integer({ min: 1000, max: 3000 }),
    dailyCapFen: fc.integer({ min: 0, max: 600_000 }),
  })
  .map(({ pointsPerYuan, bands, itemRules, campaigns, birthdayMultiplierPermille, dailyCapFen }) => ({
    ...referenceProgram,
    earning: {
      ...referenceProgram.earning,
      pointsPerYuan,
      ...(bands ? { bands } : {}),
      itemRules,
      campaigns,
      birthdayMultiplierPermille,
      dailyCapFen,
    },
  }));

export const memberArb: fc.Arbitrary<MemberEarningState> = fc.record({
  tierCode: fc.constantFrom(...tierCodes),
  birthday: fc.constantFrom(null, '1990-11-03', '1990-05-03'),
  dayEligibleFenBefore: fc.integer({ min: 0, max: 600_000 }),
  firstPurchase: fc.boolean(),
  campaignPoints: fc.dictionary(fc.constantFrom('c1', 'c2', 'c3', 'c4'), fc.integer({ min: 0, max: 1200 })),
});

export const purchaseArb = fc.array(itemArb, { maxLength: 6 }).chain((items) =>
  fc.integer({ min: 0, max: 300_000 }).map((extraFen) => ({
    items,
    amountFen: Math.max(1, items.reduce((sum, item) => sum + item.amount, 0) + extraFen),
  })),
);

export const budgetLeftArb = fc.dictionary(
  fc.constantFrom('c1', 'c2', 'c3', 'c4'),
  fc.integer({ min: 0, max: 5000 }),
);
