/**
 * Validation of the earning rules of a programme version (PUT /v1/program and simulate drafts).
 * program.ts puts these pieces into `programSchema`; every field here is optional there, so a
 * stored version written before rules existed is still valid and earns exactly as it did.
 */
import * as z from 'zod';
import { storeRefPattern } from '../stores.js';

const count = z.int().min(0).max(1_000_000_000);
const permille = z.int().min(0).max(100_000);
const code = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'Use 1-64 letters, digits, "_", ".", ":" or "-".');
const label = z.string().trim().min(1).max(100);
const names = (max: number) => z.array(z.string().min(1).max(64)).min(1).max(max);

/** Stores as the programme names them (domain/stores.ts): `"<partnerId>/<storeId>"`, never a plain id. */
export const storeRefsSchema = (max: number) =>
  z
    .array(
      z
        .string()
        .regex(
          storeRefPattern,
          'Name a store as "<partnerId>/<storeId>": store ids are read within their partner.',
        ),
    )
    .min(1)
    .max(max)
    .refine(unique, 'Each store once.');

const unique = <T>(values: readonly T[]) => new Set(values).size === values.length;

export const rateBandsSchema = z
  .array(
    z.strictObject({
      fromFen: count.refine((fen) => fen % 100 === 0, 'Bands start at a whole yuan (a multiple of 100 fen).'),
      pointsPerYuanPermille: permille,
    }),
  )
  .min(1)
  .max(20)
  .refine((bands) => bands[0]?.fromFen === 0, 'The first band starts at 0.')
  .refine(
    (bands) => bands.every((band, i) => i === 0 || band.fromFen > (bands[i - 1]?.fromFen ?? 0)),
    'Bands must be in ascending order of fromFen.',
  );

export const itemRuleSchema = z
  .strictObject({
    ruleId: code,
    label,
    skus: names(1000).optional(),
    categories: names(100).optional(),
    effect: z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('exclude'), fromQualifyingSpend: z.boolean().default(false) }),
      z.strictObject({ kind: z.literal('multiplier'), permille }),
      z.strictObject({ kind: z.literal('perUnit'), points: z.int().min(0).max(1_000_000) }),
    ]),
  })
  .refine((rule) => rule.skus !== undefined || rule.categories !== undefined, {
    path: ['skus'],
    message: 'An item rule matches skus, categories or both.',
  });

export const itemRulesSchema = z
  .array(itemRuleSchema)
  .max(200)
  .refine((rules) => unique(rules.map((rule) => rule.ruleId)), 'Item rule ids must be unique.');

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'A time of day, HH:mm.');

/** The fields a campaign has beyond its window, stores and multiplier (see CampaignConditions). */
export const campaignRuleFields = {
  label: label.optional(),
  daysOfWeek: z
    .array(z.int().min(1).max(7))
    .min(1)
    .max(7)
    .refine(unique, 'Each weekday once.')
    .optional()
    .describe('ISO weekdays in the programme time zone: 1 = Monday … 7 = Sunday'),
  hours: z
    .strictObject({ from: clockTime, to: clockTime })
    .refine((hours) => hours.from !== hours.to, 'An empty time window.')
    .optional(),
  tiers: names(20).optional(),
  categories: names(100).optional(),
  firstPurchase: z.boolean().optional(),
  minAmountFen: count.optional(),
  bonusPoints: count.optional(),
  capPerMemberPoints: count.optional(),
  budgetPoints: count.optional(),
  budgetShards: z.int().min(1).max(16).optional(),
};

export const birthdayGiftSchema = z
  .strictObject({
    daysBefore: z.int().min(0).max(60),
    rewardId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  })
  .nullable();

export const tierKeepSchema = z
  .strictObject({ minSpendFen: count, months: z.int().min(1).max(12) })
  .describe('Tier maintenance: the spend over the trailing months that keeps the tier at the monthly review');

/** Gray release: the version applies first to these stores, and to every store from `everyoneFromMs`. */
export const rolloutFields = {
  storeIds: storeRefsSchema(1000).optional(),
  everyoneFromMs: z.int().min(0).optional(),
};

interface RulesView {
  readonly effectiveFromMs: number;
  readonly storeIds?: readonly string[];
  readonly everyoneFromMs?: number;
  readonly tiers: readonly { readonly code: string }[];
  readonly earning: {
    readonly campaigns: readonly { readonly campaignId: string; readonly tiers?: readonly string[] }[];
  };
}

/** Checks across sections: campaign ids unique, tiers named by campaigns exist, rollout coherent. */
export function checkRules(program: RulesView, ctx: z.RefinementCtx) {
  const tierCodes = new Set(program.tiers.map((tier) => tier.code));
  const ids = program.earning.campaigns.map((campaign) => campaign.campaignId);
  if (!unique(ids)) {
    ctx.addIssue({ code: 'custom', path: ['earning', 'campaigns'], message: 'Campaign ids must be unique.' });
  }
  program.earning.campaigns.forEach((campaign, i) => {
    for (const tier of campaign.tiers ?? []) {
      if (!tierCodes.has(tier)) {
        ctx.addIssue({
          code: 'custom',
          path: ['earning', 'campaigns', i, 'tiers'],
          message: `Not a tier of the programme: ${tier}.`,
        });
      }
    }
  });
  if (program.everyoneFromMs !== undefined) {
    if (!program.storeIds) {
      ctx.addIssue({
        code: 'custom',
        path: ['everyoneFromMs'],
        message: 'everyoneFromMs ends a gray release: name its storeIds.',
      });
    } else if (program.everyoneFromMs < program.effectiveFromMs) {
      ctx.addIssue({
        code: 'custom',
        path: ['everyoneFromMs'],
        message: 'everyoneFromMs cannot be before effectiveFromMs.',
      });
    }
  }
}
