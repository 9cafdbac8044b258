/** The loyalty programme as data: tiers, earning, bonuses, activities, expiry, payments. */
import * as z from 'zod';
import type { ExpiryPolicy } from './expiry.js';
import {
  birthdayGiftSchema,
  campaignRuleFields,
  checkRules,
  itemRulesSchema,
  rateBandsSchema,
  rolloutFields,
  storeRefsSchema,
  tierKeepSchema,
} from './rules/ruleSchemas.js';
import type {
  BirthdayGift,
  CampaignConditions,
  CampaignEffects,
  ItemRule,
  RateBand,
  TierKeep,
} from './rules/ruleTypes.js';

export interface Tier {
  readonly code: string;
  readonly name: string;
  /** Qualifying spend over the trailing 12 months that reaches this tier, in fen. */
  readonly thresholdFen: number;
  /** Earn multiplier in per-mille (1.2× = 1200): point maths never uses floating point. */
  readonly earnPermille: number;
  /** The member discount shown to stores, e.g. 0.88. */
  readonly discountRate: number;
  /** Tier maintenance: when set, the monthly review keeps the tier on this spend instead of `thresholdFen`. */
  readonly keep?: TierKeep;
}

/**
 * A campaign: in [fromMs, toMs) at `storeIds` (all when absent) and under its conditions, it
 * multiplies the purchase points (the best multiplier of the campaigns that apply, as in the
 * reference formula) and adds its fixed bonus, within its per-member cap and its budget.
 */
export interface Campaign extends CampaignConditions, CampaignEffects {
  readonly campaignId: string;
  readonly fromMs: number;
  readonly toMs: number;
  readonly multiplierPermille: number;
  /** Limits the campaign to these stores (`"<partnerId>/<storeId>"`, domain/stores.ts); all stores when absent. */
  readonly storeIds?: readonly string[];
}

export const activityTypes = ['sign_in', 'review', 'share', 'survey'] as const;
export type ActivityType = (typeof activityTypes)[number];

export interface Program {
  readonly version: number;
  /** Events that occur from this instant on follow this version. */
  readonly effectiveFromMs: number;
  readonly name: string;
  readonly timeZone: string;
  readonly currency: string;
  /**
   * Gray release: the version applies only to purchases at these stores (`"<partnerId>/<storeId>"`;
   * domain/stores.ts) (until `everyoneFromMs`,
   * when set); other stores and store-less events keep the version before it (rules/rollout.ts).
   */
  readonly storeIds?: readonly string[];
  readonly everyoneFromMs?: number;
  /** Ascending by threshold; the first one's threshold is 0. */
  readonly tiers: readonly Tier[];
  readonly earning: {
    readonly pointsPerYuan: number;
    /** Stepped base rate; when absent every whole yuan earns `pointsPerYuan`. */
    readonly bands?: readonly RateBand[];
    /** Rules for purchase items by sku or category; the first that matches an item applies. */
    readonly itemRules?: readonly ItemRule[];
    /** Per member and programme day, purchases above this amount earn nothing. */
    readonly dailyCapFen: number;
    readonly thresholdBonus: { readonly minAmountFen: number; readonly points: number };
    readonly birthdayMultiplierPermille: number;
    readonly campaigns: readonly Campaign[];
    /** The return window: purchase points are pending for this many days. */
    readonly pendingDays: number;
    /** Purchases, refunds and activities older than this many days cannot be claimed. */
    readonly claimWindowDays: number;
    /** The most points one purchase earns, all its lines together (rules/earnPoints.ts cuts the lines). */
    readonly maxPointsPerPurchase: number;
  };
  readonly bonuses: { readonly enrolment: number; readonly referral: number };
  readonly activities: Readonly<Record<ActivityType, { readonly points: number; readonly perDay: number }>>;
  readonly expiry: ExpiryPolicy;
  readonly payments: {
    readonly pointsPerYuan: number;
    readonly minPoints: number;
    readonly holdMinutes: number;
    /** Spending points (rewards and payments) needs the member's code from the till; admin keys are exempt. */
    readonly requireMemberCode: boolean;
  };
  readonly adjustments: {
    /** Adjustments of more points than this (either sign) wait for a second key's approval. */
    readonly approvalAbovePoints: number;
  };
  readonly stores: {
    /**
     * Purchases, refunds, activities, redemptions and coupon uses only at stores of the partner's
     * registry (`PUT /v1/partners/{partnerId}/stores/{storeId}`); else 422 `unknown_store`.
     */
    readonly requireRegistered: boolean;
  };
  readonly tierReview: { readonly stepDown: number; readonly inactivityMonths: number };
  readonly reminders: { readonly daysBefore: number };
  /** A coupon of the catalogue issued before each member's birthday, once a year; none when absent. */
  readonly birthdayGift?: BirthdayGift | null;
}

/** CONTRACT §4: the programme a fresh install runs. */
export const referenceProgram: Program = {
  version: 1,
  effectiveFromMs: 0,
  name: 'Jifen reference programme',
  timeZone: 'Asia/Shanghai',
  currency: 'CNY',
  tiers: [
    { code: 'base', name: '普通会员', thresholdFen: 0, earnPermille: 1000, discountRate: 0.9 },
    { code: 'silver', name: '白银会员', thresholdFen: 100_000, earnPermille: 1200, discountRate: 0.88 },
    { code: 'gold', name: '黄金会员', thresholdFen: 1_000_000, earnPermille: 1500, discountRate: 0.85 },
    { code: 'platinum', name: '铂金会员', thresholdFen: 5_000_000, earnPermille: 2000, discountRate: 0.8 },
  ],
  earning: {
    pointsPerYuan: 1,
    dailyCapFen: 500_000,
    thresholdBonus: { minAmountFen: 20_000, points: 50 },
    birthdayMultiplierPermille: 2000,
    campaigns: [],
    pendingDays: 7,
    claimWindowDays: 30,
    maxPointsPerPurchase: 20_000,
  },
  bonuses: { enrolment: 100, referral: 100 },
  activities: {
    sign_in: { points: 5, perDay: 1 },
    review: { points: 20, perDay: 3 },
    share: { points: 10, perDay: 3 },
    survey: { points: 50, perDay: 1 },
  },
  expiry: { kind: 'yearEnd', yearsAfter: 1 },
  payments: { pointsPerYuan: 100, minPoints: 100, holdMinutes: 15, requireMemberCode: true },
  adjustments: { approvalAbovePoints: 5000 },
  stores: { requireRegistered: false },
  tierReview: { stepDown: 1, inactivityMonths: 6 },
  reminders: { daysBefore: 30 },
};

const count = z.int().min(0).max(1_000_000_000);
const permille = z.int().min(0).max(100_000);

const activityRule = z.strictObject({ points: count, perDay: z.int().min(0).max(1000) });

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Validates a programme version (PUT /v1/program). */
export const programSchema = z
  .strictObject({
    version: z.int().min(1),
    effectiveFromMs: z.int().min(0),
    name: z.string().min(1).max(200),
    timeZone: z.string().refine(isTimeZone, 'Not an IANA time zone.'),
    currency: z.string().regex(/^[A-Z]{3}$/),
    ...rolloutFields,
    tiers: z
      .array(
        z.strictObject({
          code: z.string().regex(/^[a-z0-9_-]{1,32}$/),
          name: z.string().min(1).max(100),
          thresholdFen: count,
          earnPermille: permille,
          discountRate: z.number().min(0).max(1),
          keep: tierKeepSchema.optional(),
        }),
      )
      .min(1)
      .max(20)
      .refine((tiers) => tiers[0]?.thresholdFen === 0, 'The first tier starts at 0.')
      .refine(
        (tiers) => tiers.every((tier, i) => i === 0 || tier.thresholdFen > (tiers[i - 1]?.thresholdFen ?? 0)),
        'Tiers must be in ascending order of threshold.',
      )
      .refine(
        (tiers) => new Set(tiers.map((tier) => tier.code)).size === tiers.length,
        'Tier codes must be unique.',
      ),
    earning: z.strictObject({
      pointsPerYuan: z.int().min(0).max(1000),
      bands: rateBandsSchema.optional(),
      itemRules: itemRulesSchema.optional(),
      dailyCapFen: count,
      thresholdBonus: z.strictObject({ minAmountFen: count, points: count }),
      birthdayMultiplierPermille: permille,
      campaigns: z.array(
        z
          .strictObject({
            campaignId: z.string().min(1).max(64),
            fromMs: z.int().min(0),
            toMs: z.int().min(0),
            multiplierPermille: permille.default(1000),
            storeIds: storeRefsSchema(1000).optional(),
            ...campaignRuleFields,
          })
          .refine((campaign) => campaign.toMs > campaign.fromMs, 'A campaign must end after it starts.'),
      ),
      pendingDays: z.int().min(0).max(365),
      claimWindowDays: z.int().min(1).max(365).default(referenceProgram.earning.claimWindowDays),
      maxPointsPerPurchase: z
        .int()
        .min(0)
        .max(1_000_000_000)
        .default(referenceProgram.earning.maxPointsPerPurchase),
    }),
    bonuses: z.strictObject({ enrolment: count, referral: count }),
    activities: z.strictObject({
      sign_in: activityRule,
      review: activityRule,
      share: activityRule,
      survey: activityRule,
    }),
    expiry: z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('yearEnd'), yearsAfter: z.int().min(0).max(50) }),
      z.strictObject({ kind: z.literal('nextYearStart') }),
      z.strictObject({ kind: z.literal('rollingMonths'), months: z.int().min(1).max(600) }),
      z.strictObject({ kind: z.literal('never') }),
    ]),
    payments: z.strictObject({
      pointsPerYuan: z.int().min(1).max(100_000),
      minPoints: z.int().min(1),
      holdMinutes: z
        .int()
        .min(1)
        .max(7 * 24 * 60),
      requireMemberCode: z.boolean().default(referenceProgram.payments.requireMemberCode),
    }),
    adjustments: z
      .strictObject({ approvalAbovePoints: z.int().min(0).max(1_000_000_000) })
      .default(referenceProgram.adjustments),
    stores: z.strictObject({ requireRegistered: z.boolean() }).default(referenceProgram.stores),
    tierReview: z.strictObject({
      stepDown: z.int().min(0).max(20),
      inactivityMonths: z.int().min(1).max(120),
    }),
    reminders: z.strictObject({ daysBefore: z.int().min(1).max(365) }),
    birthdayGift: birthdayGiftSchema.optional(),
  })
  .superRefine(checkRules);

/**
 * A stored version as the current code reads it: sections added since it was written take the
 * reference programme's values (member codes, the claim window, adjustment approval). Earning
 * rules (bands, item rules, campaign conditions, birthday gift, tier maintenance, gray release)
 * are optional fields: a version without them earns exactly as it did when it was published.
 */
export function normaliseProgram(stored: Program): Program {
  return {
    ...stored,
    earning: { ...referenceProgram.earning, ...stored.earning },
    payments: { ...referenceProgram.payments, ...stored.payments },
    adjustments: { ...referenceProgram.adjustments, ...stored.adjustments },
    stores: { ...referenceProgram.stores, ...stored.stores },
  };
}
