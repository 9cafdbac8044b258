/**
 * Rules as data: the shapes of a programme version's earning rules that the engine
 * (earnPoints.ts) reads. Money is in fen, rates and multipliers in per-mille (1.5× = 1500).
 */

/** A line of a purchase as the till sends it (`amount` in fen, for all units together). */
export interface PurchaseItem {
  readonly sku: string;
  readonly category?: string;
  readonly quantity: number;
  readonly amount: number;
}

/** One reason for some of a purchase's points; a purchase's lines add up to its points. */
export interface BreakdownLine {
  readonly ruleId: string;
  readonly label: string;
  readonly points: number;
}

/**
 * What a refund of part of the purchase takes of a line: a share of the amount (`amount`), or of
 * the named items' amount or quantity (`items`: item-rule and per-unit lines).
 */
export type LineBasis =
  | { readonly by: 'amount' }
  | { readonly by: 'items'; readonly skus: readonly string[]; readonly measure: 'amount' | 'quantity' };

/**
 * A breakdown line as the purchase record keeps it: besides its points, what the line consumed
 * of every bounded resource (`uses`, by resource key, see rules/lineUses.ts), and the basis on
 * which a refund gives back a share of both. A refund is computed from these lines alone, so a
 * rule that consumes something records it here and its inverse comes for free.
 */
export interface EarnedLine extends BreakdownLine {
  readonly basis: LineBasis;
  readonly uses: Readonly<Record<string, number>>;
}

/**
 * A band of the stepped base rate (阶梯积分): each whole yuan from `fromFen` on (up to the next
 * band) earns `pointsPerYuanPermille` / 1000 points. Bands are marginal, like tax brackets, so a
 * larger purchase never earns less than a smaller one.
 */
export interface RateBand {
  readonly fromFen: number;
  readonly pointsPerYuanPermille: number;
}

export type ItemRuleEffect =
  /** The item earns nothing; with `fromQualifyingSpend` its amount does not count towards tiers either. */
  | { readonly kind: 'exclude'; readonly fromQualifyingSpend: boolean }
  /** The item's whole yuan earn this multiple of the standard rate (0 = nothing, still qualifying). */
  | { readonly kind: 'multiplier'; readonly permille: number }
  /** On top of what its amount earns, the item earns this many points per unit. */
  | { readonly kind: 'perUnit'; readonly points: number };

/** A rule for purchase items by `sku` or `category`; the first rule that matches an item applies. */
export interface ItemRule {
  readonly ruleId: string;
  readonly label: string;
  readonly skus?: readonly string[];
  readonly categories?: readonly string[];
  readonly effect: ItemRuleEffect;
}

/** When a campaign applies, beyond its [fromMs, toMs) window and stores. All given conditions must hold. */
export interface CampaignConditions {
  /** ISO weekdays in the programme time zone: 1 = Monday … 7 = Sunday. */
  readonly daysOfWeek?: readonly number[];
  /** Time of day in the programme time zone, `HH:mm`, from inclusive to exclusive (may wrap midnight). */
  readonly hours?: { readonly from: string; readonly to: string };
  /** Tier codes of the member when the purchase is credited. */
  readonly tiers?: readonly string[];
  /** The purchase has an item (not excluded from earning) of one of these categories. */
  readonly categories?: readonly string[];
  /** Only the member's first credited purchase. */
  readonly firstPurchase?: boolean;
  /** The purchase amount, less items excluded from earning, is at least this. */
  readonly minAmountFen?: number;
}

export interface CampaignEffects {
  /** A fixed bonus for each purchase the campaign applies to. */
  readonly bonusPoints?: number;
  /** The most points one member gets from the campaign, over its whole life. */
  readonly capPerMemberPoints?: number;
  /** The most points the campaign gives to everyone together; never exceeded, whatever the concurrency. */
  readonly budgetPoints?: number;
  /** Counter shards of the budget (1–16); default from the budget's size (see budget.ts). */
  readonly budgetShards?: number;
  /** Shown in breakdowns and statements; default `Campaign <campaignId>`. */
  readonly label?: string;
}

/** A birthday gift: a reward (a coupon of the catalogue) issued `daysBefore` the birthday, once a year. */
export interface BirthdayGift {
  readonly daysBefore: number;
  readonly rewardId: string;
}

/** Tier maintenance (保级): the spend over the trailing `months` that keeps a member in the tier. */
export interface TierKeep {
  readonly minSpendFen: number;
  readonly months: number;
}
