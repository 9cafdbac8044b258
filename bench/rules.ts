/**
 * The earning-rules part of the accrual benchmark: a programme with 50 active rules and campaigns,
 * the items its purchases carry, and the rule engine alone measured in process.
 */
import { type Program, referenceProgram } from '../shared/domain/program.js';
import { earnPoints } from '../shared/domain/rules/earnPoints.js';
import type { PurchaseItem } from '../shared/domain/rules/ruleTypes.js';

const dayMs = 86_400_000;

/** Three items (10 CNY together) of each benchmark purchase: coffee ×3, an excluded gift card, a sku with per-unit points. */
export const benchItems: readonly PurchaseItem[] = [
  { sku: 'LATTE', category: 'coffee', quantity: 1, amount: 500 },
  { sku: 'GC-1', category: 'giftcard', quantity: 1, amount: 300 },
  { sku: 'SKU-7', category: 'grocery', quantity: 2, amount: 200 },
];

/** The benchmark items for a purchase of `amountFen` (≥ 10 CNY): the rest of the amount is a line of its own, as items add up. */
export function benchItemsFor(amountFen: number): readonly PurchaseItem[] {
  const rest = amountFen - benchItems.reduce((sum, item) => sum + item.amount, 0);
  return rest > 0
    ? [...benchItems, { sku: 'REST', category: 'grocery', quantity: 1, amount: rest }]
    : benchItems;
}

/**
 * 14 item rules and 36 campaigns, all in force at the benchmark's time, so that every accrual
 * evaluates all 50: 30 fixed bonuses whose conditions select as a real programme's do (10 for
 * other stores, 10 for gold and platinum members, 7 from 400 CNY, 3 for everyone and capped per
 * member), 5 multipliers (the best applies) and 1 bonus with a budget (16 shards: every accrual
 * writes one budget counter).
 */
/** `storeId` as the programme names stores: `"<partnerId>/<storeId>"`. */
export function fiftyRulesProgramme(body: Record<string, unknown>, occurredAtMs: number, storeId: string) {
  const fromMs = occurredAtMs - dayMs;
  const toMs = occurredAtMs + 365 * dayMs;
  const always = {
    fromMs,
    toMs,
    storeIds: [storeId],
    daysOfWeek: [1, 2, 3, 4, 5, 6, 7],
    hours: { from: '00:00', to: '23:59' },
    tiers: ['base', 'silver', 'gold', 'platinum'],
  };
  const itemRules = [
    {
      ruleId: 'giftcards',
      label: 'Gift cards',
      categories: ['giftcard'],
      effect: { kind: 'exclude', fromQualifyingSpend: true },
    },
    {
      ruleId: 'tobacco',
      label: 'Tobacco',
      categories: ['tobacco'],
      effect: { kind: 'exclude', fromQualifyingSpend: false },
    },
    {
      ruleId: 'coffee',
      label: 'Coffee ×3',
      categories: ['coffee'],
      effect: { kind: 'multiplier', permille: 3000 },
    },
    {
      ruleId: 'bakery',
      label: 'Bakery ×2',
      categories: ['bakery'],
      effect: { kind: 'multiplier', permille: 2000 },
    },
    ...Array.from({ length: 10 }, (_, i) => ({
      ruleId: `sku-${i}`,
      label: `SKU-${i} +${i + 1} a unit`,
      skus: [`SKU-${i}`],
      effect: { kind: 'perUnit', points: i + 1 },
    })),
  ];
  const campaigns = [
    ...Array.from({ length: 30 }, (_, i) => ({
      campaignId: `bonus-${i}`,
      label: `Bonus ${i}`,
      ...always,
      multiplierPermille: 1000,
      bonusPoints: 1 + (i % 5),
      ...(i < 10 ? { storeIds: [`other/store-${i}`] } : {}),
      ...(i >= 10 && i < 20 ? { tiers: ['gold', 'platinum'] } : {}),
      ...(i >= 20 && i < 27 ? { minAmountFen: 40_000 + (i - 20) * 1_000 } : {}),
      ...(i >= 27 ? { capPerMemberPoints: 1_000_000 } : {}),
    })),
    ...Array.from({ length: 5 }, (_, i) => ({
      campaignId: `multiplier-${i}`,
      label: `×${1 + (i + 1) / 10}`,
      ...always,
      multiplierPermille: 1000 + (i + 1) * 100,
    })),
    {
      campaignId: 'budgeted',
      label: 'Budgeted bonus',
      ...always,
      multiplierPermille: 1000,
      bonusPoints: 2,
      budgetPoints: 100_000_000,
      budgetShards: 16,
    },
  ];
  const earning = body.earning as Record<string, unknown>;
  return {
    ...body,
    effectiveFromMs: fromMs,
    storeIds: [storeId],
    earning: {
      ...earning,
      bands: [
        { fromFen: 0, pointsPerYuanPermille: 1000 },
        { fromFen: 100_000, pointsPerYuanPermille: 1200 },
        { fromFen: 500_000, pointsPerYuanPermille: 1500 },
      ],
      itemRules,
      campaigns,
    },
  };
}

/** Evaluations per second of the rule engine alone, for the reference programme and the 50 rules. */
export function engineThroughput(occurredAtMs: number) {
  const { version: _version, ...body } = referenceProgram;
  const rules = {
    ...fiftyRulesProgramme(body, occurredAtMs, 'bench/bench-store'),
    version: 2,
  } as unknown as Program;
  const member = {
    tierCode: 'silver',
    birthday: null,
    dayEligibleFenBefore: 0,
    firstPurchase: false,
    campaignPoints: {},
  };
  const rate = (program: Program, items: readonly PurchaseItem[] | undefined) => {
    const runs = 20_000;
    const startedMs = performance.now();
    for (let i = 0; i < runs; i++) {
      earnPoints({
        program,
        amountFen: 1_000 + (i % 50) * 1_000,
        items,
        occurredAtMs,
        storeId: 'bench/bench-store',
        member,
      });
    }
    return runs / ((performance.now() - startedMs) / 1000);
  };
  rate(rules, benchItems); // warm-up
  return { reference: rate(referenceProgram, undefined), rules: rate(rules, benchItems) };
}
