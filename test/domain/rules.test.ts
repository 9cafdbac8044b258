import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { birthdayMonthMatches } from '../../shared/domain/calendar.js';
import type { LedgerEntry } from '../../shared/domain/ledgerEntry.js';
import { type Campaign, type Program, programSchema, referenceProgram } from '../../shared/domain/program.js';
import { birthdayOn, giftDay } from '../../shared/domain/rules/birthday.js';
import {
  budgetLeftAtMost,
  budgetShardCount,
  homeShard,
  planTakes,
  shardAllotments,
} from '../../shared/domain/rules/budget.js';
import { type EarnInput, earnPoints, type MemberEarningState } from '../../shared/domain/rules/earnPoints.js';
import { publicLines } from '../../shared/domain/rules/lineUses.js';
import { pointsByRule } from '../../shared/domain/rules/pointsByRule.js';
import { qualifyingRefundFen } from '../../shared/domain/rules/qualifying.js';
import { versionAt } from '../../shared/domain/rules/rollout.js';
import type { PurchaseItem } from '../../shared/domain/rules/ruleTypes.js';
import { reviewTier } from '../../shared/domain/tiers.js';
import { sampleContext, sampleNotifications } from '../../shared/features/notifications/samples.js';
import { renderEmail } from '../../shared/features/notifications/templates.js';
import { budgetLeftArb, itemArb, memberArb, programArb, purchaseArb } from '../support/earningArbitraries.js';

const at = (iso: string) => Date.parse(iso);
/** A Tuesday in Shanghai. */
const tuesday = at('2026-11-24T10:00:00+08:00');

/**
 * The earning formula as it was before rules (shared/domain/earning.ts at the time), kept here as
 * the oracle the reference programme's results are checked against.
 */
function oraclePurchasePoints(input: {
  amountFen: number;
  occurredAtMs: number;
  tierCode: string;
  birthday?: string | null;
  dayEligibleFenBefore: number;
  storeId: string;
  program: Program;
}): number {
  const { program } = input;
  const capLeft = Math.max(0, program.earning.dailyCapFen - input.dayEligibleFenBefore);
  const eligibleFen = Math.min(input.amountFen, capLeft);
  const eligibleYuan = Math.floor(eligibleFen / 100);
  const tier = program.tiers.find((candidate) => candidate.code === input.tierCode) ?? program.tiers[0]!;
  let campaignPermille = 1000;
  for (const campaign of program.earning.campaigns) {
    const inWindow = input.occurredAtMs >= campaign.fromMs && input.occurredAtMs < campaign.toMs;
    const inStore = !campaign.storeIds || campaign.storeIds.includes(input.storeId);
    if (inWindow && inStore) campaignPermille = Math.max(campaignPermille, campaign.multiplierPermille);
  }
  const birthdayPermille = birthdayMonthMatches(input.birthday, input.occurredAtMs, program.timeZone)
    ? program.earning.birthdayMultiplierPermille
    : 1000;
  const product =
    BigInt(eligibleYuan) *
    BigInt(program.earning.pointsPerYuan) *
    BigInt(tier.earnPermille) *
    BigInt(birthdayPermille) *
    BigInt(campaignPermille);
  const thresholdBonus =
    eligibleFen >= program.earning.thresholdBonus.minAmountFen && eligibleFen > 0
      ? program.earning.thresholdBonus.points
      : 0;
  // Since issue 17: one purchase earns at most `maxPointsPerPurchase`.
  return Math.min(Number(product / 1_000_000_000n) + thresholdBonus, program.earning.maxPointsPerPurchase);
}

const member = (overrides: Partial<MemberEarningState> = {}): MemberEarningState => ({
  tierCode: 'base',
  birthday: null,
  dayEligibleFenBefore: 0,
  firstPurchase: false,
  campaignPoints: {},
  ...overrides,
});

const earn = (program: Program, overrides: Partial<EarnInput> = {}) =>
  earnPoints({
    program,
    amountFen: 10_000,
    occurredAtMs: tuesday,
    storeId: 'store-1',
    member: member(),
    ...overrides,
  });

const sumOf = (lines: readonly { points: number }[]) => lines.reduce((sum, line) => sum + line.points, 0);

/** The programme of the acceptance check: stepped rates, gift cards excluded, coffee ×3, a gold Tuesday campaign. */
const rulesProgram: Program = {
  ...referenceProgram,
  version: 2,
  earning: {
    ...referenceProgram.earning,
    bands: [
      { fromFen: 0, pointsPerYuanPermille: 1000 },
      { fromFen: 100_000, pointsPerYuanPermille: 1500 },
    ],
    itemRules: [
      {
        ruleId: 'giftcards',
        label: 'Gift cards earn no points',
        categories: ['giftcard'],
        effect: { kind: 'exclude', fromQualifyingSpend: true },
      },
      {
        ruleId: 'coffee',
        label: 'Coffee ×3',
        categories: ['coffee'],
        effect: { kind: 'multiplier', permille: 3000 },
      },
      {
        ruleId: 'mooncake',
        label: 'Mooncake box +20',
        skus: ['MOON-1'],
        effect: { kind: 'perUnit', points: 20 },
      },
    ],
    campaigns: [
      {
        campaignId: 'gold-tuesday',
        label: 'Gold Tuesday ×2',
        fromMs: at('2026-11-01T00:00:00+08:00'),
        toMs: at('2027-01-01T00:00:00+08:00'),
        multiplierPermille: 2000,
        tiers: ['gold'],
        daysOfWeek: [2],
        capPerMemberPoints: 500,
        budgetPoints: 1_000,
      },
    ],
  },
};

describe('the rule engine, by example', () => {
  it('gives the reference figure 25,680 fen → 306 points with its breakdown', () => {
    const earned = earn(referenceProgram, { amountFen: 25_680 });
    expect(earned.points).toBe(306);
    expect(publicLines(earned.breakdown)).toEqual([
      { ruleId: 'base', label: 'Base: 256 CNY × 1', points: 256 },
      { ruleId: 'threshold', label: 'Threshold bonus (200 CNY or more)', points: 50 },
    ]);
  });

  it.each([
    // [case, amountFen, items, tier, expected points, expected qualifying fen]
    ['the first ¥1,000 at 1, above at 1.5', 150_000, [], 'base', 1_000 + 750 + 50, 150_000],
    [
      'a ¥500 gift card earns nothing and does not qualify',
      60_000,
      [{ sku: 'GC', category: 'giftcard', quantity: 1, amount: 50_000 }],
      'base',
      100,
      10_000,
    ],
    [
      'coffee earns 3×',
      3_000,
      [{ sku: 'LATTE', category: 'coffee', quantity: 2, amount: 3_000 }],
      'base',
      90,
      3_000,
    ],
    [
      'coffee 3× on a silver member: ×1.2 on the whole',
      3_000,
      [{ sku: 'LATTE', category: 'coffee', quantity: 2, amount: 3_000 }],
      'silver',
      108,
      3_000,
    ],
    [
      'a mooncake box earns 20 a unit on top',
      20_000,
      [{ sku: 'MOON-1', category: 'food', quantity: 3, amount: 20_000 }],
      'base',
      200 + 60 + 50,
      20_000,
    ],
    [
      'unitemised amount earns as usual',
      10_000,
      [{ sku: 'LATTE', category: 'coffee', quantity: 1, amount: 1_000 }],
      'base',
      100 + 20,
      10_000,
    ],
  ] as const)('%s', (_, amountFen, items, tierCode, points, qualifyingFen) => {
    const earned = earn(rulesProgram, {
      amountFen,
      items: items as readonly PurchaseItem[],
      occurredAtMs: at('2026-11-23T10:00:00+08:00'), // a Monday: no campaign
      member: member({ tierCode }),
    });
    expect(earned.points).toBe(points);
    expect(sumOf(earned.breakdown)).toBe(points);
    expect(earned.qualifyingFen).toBe(qualifyingFen);
  });

  it('applies the gold Tuesday campaign only to gold members on Tuesdays, within the member cap', () => {
    const gold = member({ tierCode: 'gold' });
    const monday = earn(rulesProgram, { member: gold, occurredAtMs: at('2026-11-23T10:00:00+08:00') });
    expect(monday.points).toBe(150);
    const silverTuesday = earn(rulesProgram, { member: member({ tierCode: 'silver' }) });
    expect(silverTuesday.points).toBe(120);
    const goldTuesday = earn(rulesProgram, { member: gold });
    expect(goldTuesday.points).toBe(300);
    expect(publicLines(goldTuesday.breakdown)).toContainEqual({
      ruleId: 'campaign:gold-tuesday',
      label: 'Gold Tuesday ×2',
      points: 150,
    });
    expect(goldTuesday.campaignGrants).toEqual([{ campaignId: 'gold-tuesday', points: 150 }]);
    const nearCap = earn(rulesProgram, {
      member: member({ tierCode: 'gold', campaignPoints: { 'gold-tuesday': 450 } }),
    });
    expect(nearCap.points).toBe(200);
    expect(publicLines(nearCap.breakdown)).toContainEqual({
      ruleId: 'campaign:gold-tuesday',
      label: 'Gold Tuesday ×2 (limit reached)',
      points: 50,
    });
  });

  it('cuts a campaign to what remains of its budget', () => {
    const earned = earn(rulesProgram, {
      member: member({ tierCode: 'gold' }),
      budgetLeft: { 'gold-tuesday': 40 },
    });
    expect(earned.points).toBe(190);
    expect(earned.campaignGrants).toEqual([{ campaignId: 'gold-tuesday', points: 40 }]);
    const spent = earn(rulesProgram, {
      member: member({ tierCode: 'gold' }),
      budgetLeft: { 'gold-tuesday': 0 },
    });
    expect(spent.points).toBe(150);
    expect(spent.campaignGrants).toEqual([]);
  });

  it('reads campaign conditions: hours, stores, categories, first purchase, minimum amount, fixed bonus', () => {
    const campaign = (extra: Partial<Campaign>): Program => ({
      ...referenceProgram,
      earning: {
        ...referenceProgram.earning,
        campaigns: [
          {
            campaignId: 'c',
            fromMs: 0,
            toMs: at('2030-01-01T00:00:00Z'),
            multiplierPermille: 1000,
            bonusPoints: 30,
            ...extra,
          },
        ],
      },
    });
    const bonus = (program: Program, overrides: Partial<EarnInput> = {}) =>
      earn(program, overrides).points - 100;
    expect(bonus(campaign({ hours: { from: '09:00', to: '11:00' } }))).toBe(30);
    expect(bonus(campaign({ hours: { from: '11:00', to: '09:00' } }))).toBe(0);
    expect(bonus(campaign({ hours: { from: '22:00', to: '10:30' } }))).toBe(30);
    expect(bonus(campaign({ storeIds: ['store-2'] }))).toBe(0);
    expect(bonus(campaign({ categories: ['coffee'] }))).toBe(0);
    expect(
      bonus(campaign({ categories: ['coffee'] }), {
        items: [{ sku: 'A', category: 'coffee', quantity: 1, amount: 500 }],
      }),
    ).toBe(30);
    expect(bonus(campaign({ firstPurchase: true }))).toBe(0);
    expect(bonus(campaign({ firstPurchase: true }), { member: member({ firstPurchase: true }) })).toBe(30);
    expect(bonus(campaign({ minAmountFen: 10_001 }))).toBe(0);
    expect(bonus(campaign({ minAmountFen: 10_000 }))).toBe(30);
    expect(bonus(campaign({ daysOfWeek: [1, 3, 4, 5, 6, 7] }))).toBe(0);
  });

  it('lets the best multiplier campaign multiply and every campaign add its bonus', () => {
    const program: Program = {
      ...referenceProgram,
      earning: {
        ...referenceProgram.earning,
        campaigns: [
          { campaignId: 'x2', fromMs: 0, toMs: at('2030-01-01T00:00:00Z'), multiplierPermille: 2000 },
          {
            campaignId: 'x3',
            fromMs: 0,
            toMs: at('2030-01-01T00:00:00Z'),
            multiplierPermille: 3000,
            capPerMemberPoints: 50,
          },
          {
            campaignId: 'plus',
            fromMs: 0,
            toMs: at('2030-01-01T00:00:00Z'),
            multiplierPermille: 1000,
            bonusPoints: 7,
          },
        ],
      },
    };
    // ×3 would add 200 but is capped at 50; ×2 adds 100: ×2 is the best.
    const earned = earn(program);
    expect(earned.points).toBe(100 + 100 + 7);
    expect(earned.breakdown.map((line) => line.ruleId)).toEqual(['base', 'campaign:x2', 'campaign:plus']);
  });
});

describe('programme versions', () => {
  it('accepts the rules programme and names the fields of a bad one', () => {
    expect(programSchema.safeParse(rulesProgram).success).toBe(true);
    const bad = programSchema.safeParse({
      ...rulesProgram,
      earning: {
        ...rulesProgram.earning,
        bands: [{ fromFen: 50, pointsPerYuanPermille: 1000 }],
        campaigns: [{ ...rulesProgram.earning.campaigns[0]!, tiers: ['diamond'] }],
      },
    });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((issue) => issue.path.join('.'));
    expect(paths).toContain('earning.bands.0.fromFen');
    expect(paths).toContain('earning.campaigns.0.tiers');
  });

  it('picks a gray-released version only for its stores until it is released to everyone', () => {
    const v1 = { ...referenceProgram, version: 1, effectiveFromMs: 0 };
    const v2 = {
      ...referenceProgram,
      version: 2,
      effectiveFromMs: at('2026-11-01T00:00:00Z'),
      storeIds: ['pilot'],
      everyoneFromMs: at('2026-12-01T00:00:00Z'),
    };
    const versions = [v1, v2];
    expect(versionAt(versions, at('2026-11-10T00:00:00Z'), 'pilot').version).toBe(2);
    expect(versionAt(versions, at('2026-11-10T00:00:00Z'), 'other').version).toBe(1);
    expect(versionAt(versions, at('2026-11-10T00:00:00Z')).version).toBe(1);
    expect(versionAt(versions, at('2026-10-10T00:00:00Z'), 'pilot').version).toBe(1);
    expect(versionAt(versions, at('2026-12-02T00:00:00Z'), 'other').version).toBe(2);
    expect(versionAt(versions, at('2026-12-02T00:00:00Z')).version).toBe(2);
  });
});

describe('birthday gifts and tier maintenance', () => {
  it('serves the birthdays daysBefore ahead, and 29 February on 28 February in other years', () => {
    const day = giftDay(at('2026-11-24T09:05:00+08:00'), 15, 'Asia/Shanghai');
    expect(day).toMatchObject({ day: '2026-12-09', year: 2026, fromMonthDay: '12-09', toMonthDay: '12-09' });
    expect(birthdayOn('1990-12-09', day)).toBe(true);
    expect(birthdayOn('1990-12-10', day)).toBe(false);
    const leap = giftDay(at('2027-02-13T09:05:00+08:00'), 15, 'Asia/Shanghai');
    expect(leap).toMatchObject({ day: '2027-02-28', fromMonthDay: '02-28', toMonthDay: '02-29' });
    expect(birthdayOn('2000-02-29', leap)).toBe(true);
    const newYear = giftDay(at('2026-12-20T09:05:00+08:00'), 15, 'Asia/Shanghai');
    expect(newYear).toMatchObject({ day: '2027-01-04', year: 2027 });
  });

  it('keeps a tier on its maintenance spend, below its threshold', () => {
    const program: Program = {
      ...referenceProgram,
      tiers: referenceProgram.tiers.map((tier) =>
        tier.code === 'gold' ? { ...tier, keep: { minSpendFen: 600_000, months: 6 } } : tier,
      ),
    };
    const review = (keepSpendFen: number) =>
      reviewTier({
        currentTier: 'gold',
        trailingSpendFen: 700_000,
        keepSpendFen,
        lastPurchaseAtMs: at('2026-11-20T00:00:00Z'),
        nowMs: at('2026-12-01T02:00:00+08:00'),
        program,
      });
    expect(review(650_000)).toEqual({ tier: 'gold', reason: null });
    expect(review(500_000)).toEqual({ tier: 'silver', reason: 'below_maintenance' });
    // Without maintenance, 7,000 CNY is below gold's 10,000 threshold.
    expect(
      reviewTier({
        currentTier: 'gold',
        trailingSpendFen: 700_000,
        lastPurchaseAtMs: at('2026-11-20T00:00:00Z'),
        nowMs: at('2026-12-01T02:00:00+08:00'),
        program: referenceProgram,
      }),
    ).toEqual({ tier: 'silver', reason: 'below_threshold' });
  });

  it('takes refunds off qualifying spend in proportion, all of it over a whole refund', () => {
    const purchase = { amountFen: 60_000, qualifyingFen: 10_000, refundedFen: 0 };
    const first = qualifyingRefundFen(purchase, 20_001);
    const second = qualifyingRefundFen({ ...purchase, refundedFen: 20_001 }, 39_999);
    expect(first + second).toBe(10_000);
    expect(qualifyingRefundFen({ amountFen: 5_000, refundedFen: 0 }, 1_234)).toBe(1_234);
  });

  it('sums the month’s purchase points by rule for the statement', () => {
    const entry = (createdAt: string, breakdown: LedgerEntry['breakdown']): LedgerEntry => ({
      memberId: 'm',
      transactionId: createdAt,
      type: 'earn',
      points: sumOf(breakdown ?? []),
      createdAt,
      occurredAt: createdAt,
      reference: 'purchase:p',
      description: '',
      breakdown,
    });
    const lines = pointsByRule(
      [
        entry('2026-11-02T02:00:00.000Z', [
          { ruleId: 'base', label: 'Base: 256 CNY × 1', points: 256 },
          { ruleId: 'threshold', label: 'Threshold', points: 50 },
        ]),
        entry('2026-11-03T02:00:00.000Z', [
          { ruleId: 'base', label: 'Base: 100 CNY × 1', points: 100 },
          { ruleId: 'campaign:c', label: 'C (limit reached)', points: 10 },
        ]),
        entry('2026-12-03T02:00:00.000Z', [{ ruleId: 'base', label: 'Base', points: 999 }]),
      ],
      '2026-11',
      'Asia/Shanghai',
    );
    expect(lines).toEqual([
      { ruleId: 'base', label: 'Base points', points: 356 },
      { ruleId: 'threshold', label: 'Threshold', points: 50 },
      { ruleId: 'campaign:c', label: 'C', points: 10 },
    ]);
  });
});

describe('rule emails', () => {
  it('shows the statement’s points by rule and announces a birthday gift, in Chinese and English', () => {
    const zh = renderEmail(sampleNotifications.statement!, sampleContext('zh-CN'));
    expect(zh.text).toContain(
      '本月购物积分明细: 基础积分 +956; 双十一双倍积分 +200; 满额奖励 +100; 咖啡三倍积分 +50',
    );
    const en = renderEmail(sampleNotifications.statement!, sampleContext('en'));
    expect(en.text).toContain('Purchase points this month, by rule: Base points +956;');
    const gift = renderEmail(sampleNotifications['birthday-gift']!, sampleContext('zh-CN'));
    expect(gift.subject).toBe('生日快乐！您的专属生日优惠券已到账');
    expect(gift.text).toContain('距离您的生日还有15天，请查收专属生日优惠券。');
    expect(gift.text).toContain('券码: K7QH2M9XPA3B');
    expect(gift.html).toContain('K7QH2M9XPA3B');
    const giftEn = renderEmail(sampleNotifications['birthday-gift']!, sampleContext('en'));
    expect(giftEn.text).toContain('Your birthday is 15 days away: here is your birthday coupon.');
  });
});

// ---- Properties ------------------------------------------------------------------------------

const tierCodes = referenceProgram.tiers.map((tier) => tier.code);

describe('the rule engine, as properties', () => {
  it('explains every point: the breakdown adds up to the points, which are never negative', () => {
    fc.assert(
      fc.property(
        programArb,
        memberArb,
        purchaseArb,
        budgetLeftArb,
        (program, state, purchase, budgetLeft) => {
          const earned = earnPoints({
            program,
            ...purchase,
            occurredAtMs: tuesday,
            storeId: 'store-1',
            member: state,
            budgetLeft,
          });
          expect(sumOf(earned.breakdown)).toBe(earned.points);
          expect(Number.isInteger(earned.points)).toBe(true);
          expect(earned.points).toBeGreaterThanOrEqual(0);
          for (const grant of earned.campaignGrants) {
            const campaign = program.earning.campaigns.find((c) => c.campaignId === grant.campaignId)!;
            if (campaign.budgetPoints !== undefined) {
              expect(grant.points).toBeLessThanOrEqual(
                Math.min(campaign.budgetPoints, budgetLeft[grant.campaignId] ?? Infinity),
              );
            }
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  // Under the daily cap an excluded item frees cap for the others (a per-unit item cut by the cap
  // earns more of its units): the property holds for purchases the cap does not cut.
  it('never raises the points when an item is excluded (within the daily cap)', () => {
    fc.assert(
      fc.property(
        programArb,
        memberArb,
        purchaseArb.filter((purchase) => purchase.items.length > 0),
        fc.nat(),
        fc.boolean(),
        budgetLeftArb,
        (program, state, purchase, pick, fromQualifyingSpend, budgetLeft) => {
          const item = purchase.items[pick % purchase.items.length]!;
          const uncapped: Program = {
            ...program,
            earning: { ...program.earning, dailyCapFen: Number.MAX_SAFE_INTEGER },
          };
          const excluding: Program = {
            ...uncapped,
            earning: {
              ...uncapped.earning,
              itemRules: [
                {
                  ruleId: 'excluded',
                  label: 'excluded',
                  skus: [item.sku],
                  effect: { kind: 'exclude', fromQualifyingSpend },
                },
                ...(program.earning.itemRules ?? []),
              ],
            },
          };
          const input = { ...purchase, occurredAtMs: tuesday, storeId: 'store-1', member: state, budgetLeft };
          const before = earnPoints({ program: uncapped, ...input });
          const after = earnPoints({ program: excluding, ...input });
          expect(after.points).toBeLessThanOrEqual(before.points);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('gives the reference programme’s results exactly, for any purchase (items or not)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: 0, max: 600_000 }),
        fc.constantFrom(...tierCodes),
        fc.constantFrom(null, '1990-11-03', '1985-05-30'),
        fc.integer({ min: at('2026-01-01T00:00:00Z'), max: at('2027-12-31T00:00:00Z') }),
        fc.array(itemArb, { maxLength: 4 }),
        (amountFen, before, tierCode, birthday, occurredAtMs, items) => {
          const itemised = items.reduce((sum, item) => sum + item.amount, 0) <= amountFen ? items : [];
          const earned = earnPoints({
            program: referenceProgram,
            amountFen,
            items: itemised,
            occurredAtMs,
            storeId: 's',
            member: member({ tierCode, birthday, dayEligibleFenBefore: before }),
          });
          expect(earned.points).toBe(
            oraclePurchasePoints({
              amountFen,
              occurredAtMs,
              tierCode,
              birthday,
              dayEligibleFenBefore: before,
              storeId: 's',
              program: referenceProgram,
            }),
          );
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('gives the results of the formula before rules for programmes with old-style campaigns', () => {
    const oldCampaign = fc.record({
      campaignId: fc.constantFrom('a', 'b', 'c'),
      fromMs: fc.constantFrom(0, tuesday, tuesday + 1),
      toMs: fc.constantFrom(tuesday, tuesday + 1, at('2030-01-01T00:00:00Z')),
      multiplierPermille: fc.integer({ min: 0, max: 5000 }),
      storeIds: fc.option(fc.subarray(['store-1', 'store-2']), { nil: undefined }),
    });
    fc.assert(
      fc.property(
        fc.array(oldCampaign, { maxLength: 3 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.constantFrom(...tierCodes),
        (campaigns, amountFen, tierCode) => {
          const program: Program = {
            ...referenceProgram,
            earning: {
              ...referenceProgram.earning,
              // The formula before rules knew no bound per purchase.
              maxPointsPerPurchase: Number.MAX_SAFE_INTEGER,
              campaigns: campaigns.map(({ storeIds, ...campaign }) =>
                storeIds ? { ...campaign, storeIds } : campaign,
              ),
            },
          };
          const earned = earn(program, { amountFen, member: member({ tierCode }) });
          expect(earned.points).toBe(
            oraclePurchasePoints({
              amountFen,
              occurredAtMs: tuesday,
              tierCode,
              dayEligibleFenBefore: 0,
              storeId: 'store-1',
              program,
            }),
          );
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('campaign budgets as sharded counters', () => {
  it('splits a budget into allotments that add up to it, and defaults shards from its size', () => {
    expect(shardAllotments(1_000, 3)).toEqual([334, 333, 333]);
    expect(budgetShardCount({ budgetPoints: 1_000, capPerMemberPoints: 500 })).toBe(1);
    expect(budgetShardCount({ budgetPoints: 1_000_000, capPerMemberPoints: 500 })).toBe(16);
    expect(budgetShardCount({ budgetPoints: 1_000, budgetShards: 4 })).toBe(4);
  });

  it('never gives more than the budget, whatever the interleaving of concurrent accruals (model)', () => {
    // Each accrual plans from what it knows (lower bounds of each shard's count, possibly stale),
    // then commits atomically only if every take still fits its shard, as the DynamoDB
    // transaction's conditions do; a failed take tells it the shard's count, and it tries again.
    const workerArb = fc.record({
      want: fc.integer({ min: 1, max: 800 }),
      id: fc.string({ minLength: 1, maxLength: 6 }),
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5_000 }),
        fc.integer({ min: 1, max: 16 }),
        fc.array(workerArb, { minLength: 1, maxLength: 40 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 400 }),
        fc.boolean(),
        (budget, shards, workers, schedule, sharedKnowledge) => {
          const allotments = shardAllotments(budget, shards);
          const spent = allotments.map(() => 0);
          const processKnowledge = allotments.map(() => 0);
          const states = workers.map((worker) => ({
            ...worker,
            known: sharedKnowledge ? processKnowledge : allotments.map(() => 0),
            plan: null as null | { grant: number; takes: ReturnType<typeof planTakes> },
            granted: null as null | number,
          }));
          const step = (state: (typeof states)[number]) => {
            if (state.granted !== null) return;
            if (!state.plan) {
              const left = budgetLeftAtMost(allotments, (s) => state.known[s]!);
              const grant = Math.min(state.want, left);
              const takes = planTakes(grant, homeShard(state.id, shards), allotments, (s) => state.known[s]!);
              expect(takes.reduce((sum, take) => sum + take.take, 0)).toBe(grant);
              state.plan = { grant, takes };
              return;
            }
            const failed = state.plan.takes.filter((take) => spent[take.shard]! + take.take > take.allotment);
            if (failed.length === 0) {
              for (const take of state.plan.takes) spent[take.shard]! += take.take;
              state.granted = state.plan.grant;
            } else {
              for (const take of failed)
                state.known[take.shard] = Math.max(state.known[take.shard]!, spent[take.shard]!);
            }
            state.plan = null;
          };
          for (const pick of schedule) step(states[pick % states.length]!);
          for (let guard = 0; states.some((state) => state.granted === null); guard++) {
            expect(guard).toBeLessThan(10_000);
            for (const state of states) step(state);
          }
          const given = states.reduce((sum, state) => sum + state.granted!, 0);
          expect(given).toBe(spent.reduce((sum, s) => sum + s, 0));
          expect(given).toBeLessThanOrEqual(budget);
          for (const [shard, s] of spent.entries()) expect(s).toBeLessThanOrEqual(allotments[shard]!);
          for (const state of states) expect(state.granted!).toBeLessThanOrEqual(state.want);
          // Nothing is left unspent while an accrual went short.
          if (states.some((state) => state.granted! < state.want)) expect(given).toBe(budget);
        },
      ),
      { numRuns: 300 },
    );
  });
});
