/** The earning rules: purchase points, the daily cap, multipliers, the threshold bonus, activities. */
import { birthdayMonthMatches } from './calendar.js';
import type { ActivityType, Program } from './program.js';
import { earnPoints } from './rules/earnPoints.js';
import { namesStore } from './stores.js';

export interface PurchasePointsInput {
  readonly amountFen: number;
  readonly occurredAtMs: number;
  readonly tierCode: string;
  readonly birthday?: string | null;
  /** Purchase amount that already earned points on the same programme day. */
  readonly dayEligibleFenBefore: number;
  readonly storeId: string;
  readonly program: Program;
}

export interface PurchasePoints {
  readonly points: number;
  readonly basePoints: number;
  readonly thresholdBonus: number;
  /** The part of the amount that earns, after the daily cap. */
  readonly eligibleFen: number;
  readonly eligibleYuan: number;
  readonly multipliers: {
    readonly tierPermille: number;
    readonly birthdayPermille: number;
    readonly campaignPermille: number;
  };
}

/** The best multiplier of the campaigns in their window and stores (conditions aside), for display. */
function campaignPermille(program: Program, occurredAtMs: number, storeId: string): number {
  let best = 1000;
  for (const campaign of program.earning.campaigns) {
    const inWindow = occurredAtMs >= campaign.fromMs && occurredAtMs < campaign.toMs;
    const inStore = !campaign.storeIds || namesStore(campaign.storeIds, storeId);
    if (inWindow && inStore) best = Math.max(best, campaign.multiplierPermille);
  }
  return best;
}

/**
 * Points for one purchase without items, for a member who is not on a first purchase and has no
 * capped campaign points yet: floor(eligible whole yuan × tier × birthday × campaign) + threshold
 * bonus under the reference programme. The rule engine (rules/earnPoints.ts) computes it; the
 * accrual calls the engine itself, with the purchase's items and the member's full state.
 *
 * The threshold bonus needs the purchase's *eligible* amount (after the daily cap) to reach the
 * threshold. CONTRACT §4 says the bonus is for "one purchase's amount ≥ 200 CNY" and the ledger
 * issue says a second 6,000 CNY purchase on a capped day "earns 0"; counting the bonus on the
 * eligible amount satisfies both: the first earns 5,000 + 50, the second 0.
 */
export function purchasePoints(input: PurchasePointsInput): PurchasePoints {
  const { program } = input;
  const earned = earnPoints({
    program,
    amountFen: input.amountFen,
    occurredAtMs: input.occurredAtMs,
    storeId: input.storeId,
    member: {
      tierCode: input.tierCode,
      birthday: input.birthday ?? null,
      dayEligibleFenBefore: input.dayEligibleFenBefore,
      firstPurchase: false,
      campaignPoints: {},
    },
  });
  const tier = program.tiers.find((candidate) => candidate.code === input.tierCode) ?? program.tiers[0]!;
  return {
    points: earned.points,
    basePoints: earned.points - earned.thresholdBonus,
    thresholdBonus: earned.thresholdBonus,
    eligibleFen: earned.eligibleFen,
    eligibleYuan: Math.floor(earned.eligibleFen / 100),
    multipliers: {
      tierPermille: tier.earnPermille,
      birthdayPermille: birthdayMonthMatches(input.birthday, input.occurredAtMs, program.timeZone)
        ? program.earning.birthdayMultiplierPermille
        : 1000,
      campaignPermille: campaignPermille(program, input.occurredAtMs, input.storeId),
    },
  };
}

export function activityPoints(type: ActivityType, program: Program): number {
  return program.activities[type].points;
}

/** Whether one more activity of this type is allowed, given how many were credited that day. */
export function activityAllowed(type: ActivityType, countToday: number, program: Program): boolean {
  return countToday < program.activities[type].perDay;
}
