/** The earning rules: purchase points, the daily cap, multipliers, the threshold bonus, activities. */
import { birthdayMonthMatches } from './calendar.js';
import type { ActivityType, Program } from './program.js';

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

function campaignPermille(program: Program, occurredAtMs: number, storeId: string): number {
  let best = 1000;
  for (const campaign of program.earning.campaigns) {
    const inWindow = occurredAtMs >= campaign.fromMs && occurredAtMs < campaign.toMs;
    const inStore = !campaign.storeIds || campaign.storeIds.includes(storeId);
    if (inWindow && inStore) best = Math.max(best, campaign.multiplierPermille);
  }
  return best;
}

/**
 * Points for one purchase: floor(eligible whole yuan × tier × birthday × campaign) + threshold bonus.
 *
 * The threshold bonus needs the purchase's *eligible* amount (after the daily cap) to reach the
 * threshold. CONTRACT §4 says the bonus is for "one purchase's amount ≥ 200 CNY" and the ledger
 * issue says a second 6,000 CNY purchase on a capped day "earns 0"; counting the bonus on the
 * eligible amount satisfies both: the first earns 5,000 + 50, the second 0.
 */
export function purchasePoints(input: PurchasePointsInput): PurchasePoints {
  const { program } = input;
  const capLeft = Math.max(0, program.earning.dailyCapFen - input.dayEligibleFenBefore);
  const eligibleFen = Math.min(input.amountFen, capLeft);
  const eligibleYuan = Math.floor(eligibleFen / 100);
  const tier = program.tiers.find((candidate) => candidate.code === input.tierCode) ?? program.tiers[0]!;
  const multipliers = {
    tierPermille: tier.earnPermille,
    birthdayPermille: birthdayMonthMatches(input.birthday, input.occurredAtMs, program.timeZone)
      ? program.earning.birthdayMultiplierPermille
      : 1000,
    campaignPermille: campaignPermille(program, input.occurredAtMs, input.storeId),
  };
  const product =
    BigInt(eligibleYuan) *
    BigInt(program.earning.pointsPerYuan) *
    BigInt(multipliers.tierPermille) *
    BigInt(multipliers.birthdayPermille) *
    BigInt(multipliers.campaignPermille);
  const basePoints = Number(product / 1_000_000_000n);
  const thresholdBonus =
    eligibleFen >= program.earning.thresholdBonus.minAmountFen && eligibleFen > 0
      ? program.earning.thresholdBonus.points
      : 0;
  return {
    points: basePoints + thresholdBonus,
    basePoints,
    thresholdBonus,
    eligibleFen,
    eligibleYuan,
    multipliers,
  };
}

export function activityPoints(type: ActivityType, program: Program): number {
  return program.activities[type].points;
}

/** Whether one more activity of this type is allowed, given how many were credited that day. */
export function activityAllowed(type: ActivityType, countToday: number, program: Program): boolean {
  return countToday < program.activities[type].perDay;
}
