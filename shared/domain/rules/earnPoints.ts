/**
 * The rule engine: the points one purchase earns under a programme version, with the breakdown
 * that explains every point. Pure and in integer arithmetic (per-mille rates, BigInt products).
 *
 *   points = floor(base × item rules × tier × birthday × best campaign multiplier)
 *            + campaign bonuses + per-unit item points + threshold bonus
 *
 * - base: the eligible whole yuan (the amount less excluded items, after the daily cap) at the
 *   stepped rate (marginal bands) or `pointsPerYuan`;
 * - item rules: an item's whole yuan earn `multiplier − 1` more of the standard (lowest) rate;
 *   the daily cap cuts the lowest multipliers first and the whole yuan are counted on the running
 *   total, so that the items' yuan add up to the eligible whole yuan of the purchase;
 * - tier, birthday and campaign multipliers multiply the running product; each step's line is
 *   the difference of successive floors, so the lines add up to the floor of the whole product:
 *   for a purchase without items under the reference programme the result is exactly
 *   floor(eligible yuan × tier × birthday × campaign) + threshold bonus (CONTRACT §4);
 * - campaign multipliers do not stack: of the campaigns that apply, the one that adds the most
 *   (after its caps) multiplies; every campaign that applies adds its fixed bonus; a campaign's
 *   points are cut to its member cap and to what is known to remain of its budget.
 *
 * With every multiplier and rate ≥ 0 the total is never negative, and excluding an item never
 * raises it (see test/domain/rules.test.ts for these as properties).
 */
import { DateTime } from 'luxon';
import { birthdayMonthMatches } from '../calendar.js';
import type { Campaign, Program } from '../program.js';
import { namesStore } from '../stores.js';
import type { BreakdownLine, ItemRule, PurchaseItem } from './ruleTypes.js';

/** What the engine needs to know of the member, as the account stands when the purchase is credited. */
export interface MemberEarningState {
  readonly tierCode: string;
  readonly birthday: string | null;
  /** Purchase amount that already earned points on the same programme day (the daily cap). */
  readonly dayEligibleFenBefore: number;
  /** No purchase of the member has been credited yet. */
  readonly firstPurchase: boolean;
  /** Points already granted to the member by each capped campaign. */
  readonly campaignPoints: Readonly<Record<string, number>>;
}

export interface EarnInput {
  readonly program: Program;
  readonly amountFen: number;
  readonly items?: readonly PurchaseItem[] | null;
  readonly occurredAtMs: number;
  /** The store as the programme names it: `"<partnerId>/<storeId>"` (domain/stores.ts). */
  readonly storeId: string;
  readonly member: MemberEarningState;
  /**
   * At most what remains of each budgeted campaign's budget (a campaign missing here may use its
   * whole budget). The accrual writes the grant with a condition, so an over-estimate only costs
   * a retry; it can never overspend.
   */
  readonly budgetLeft?: Readonly<Record<string, number>>;
}

export interface CampaignGrant {
  readonly campaignId: string;
  readonly points: number;
}

export interface Earned {
  readonly points: number;
  readonly breakdown: readonly BreakdownLine[];
  /** The part of the amount that earned (after exclusions and the daily cap): the daily counter. */
  readonly eligibleFen: number;
  /** The part of the amount that counts towards tiers. */
  readonly qualifyingFen: number;
  readonly thresholdBonus: number;
  /** Points each campaign gave (positive only): member caps and budgets count these. */
  readonly campaignGrants: readonly CampaignGrant[];
}

const permilleText = (permille: number) => String(permille / 1000);

function ruleMatches(rule: ItemRule, item: PurchaseItem): boolean {
  return (
    (rule.skus?.includes(item.sku) ?? false) ||
    (item.category !== undefined && (rule.categories?.includes(item.category) ?? false))
  );
}

/** Floor division for BigInt (BigInt `/` truncates towards zero). */
function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

interface Piece {
  readonly fen: number;
  readonly permille: number;
  /** Index of the multiplier rule that matched, or -1. */
  readonly rule: number;
  readonly order: number;
}

/** Milli-points (points × 1000) of `yuan` whole yuan at the stepped rate. */
function bandMilli(program: Program, yuan: number): number {
  const bands = program.earning.bands;
  if (!bands || bands.length === 0) return yuan * program.earning.pointsPerYuan * 1000;
  let milli = 0;
  for (const [i, band] of bands.entries()) {
    const from = band.fromFen / 100;
    const to = (bands[i + 1]?.fromFen ?? Number.POSITIVE_INFINITY) / 100;
    milli += Math.max(0, Math.min(yuan, to) - from) * band.pointsPerYuanPermille;
  }
  return milli;
}

/** The standard rate item multipliers apply to: the lowest of the bands (per-mille points per yuan). */
function standardRatePermille(program: Program): number {
  const bands = program.earning.bands;
  if (!bands || bands.length === 0) return program.earning.pointsPerYuan * 1000;
  return Math.min(...bands.map((band) => band.pointsPerYuanPermille));
}

function baseLabel(program: Program, yuan: number): string {
  const currency = program.currency;
  const bands = program.earning.bands;
  if (!bands || bands.length === 0) return `Base: ${yuan} ${currency} × ${program.earning.pointsPerYuan}`;
  const parts = bands.flatMap((band, i) => {
    const from = band.fromFen / 100;
    const to = (bands[i + 1]?.fromFen ?? Number.POSITIVE_INFINITY) / 100;
    const inBand = Math.max(0, Math.min(yuan, to) - from);
    return inBand > 0 ? [`${inBand} × ${permilleText(band.pointsPerYuanPermille)}`] : [];
  });
  return `Base: ${yuan} ${currency}, stepped (${parts.join(' + ') || '0'})`;
}

interface LocalTime {
  readonly weekday: number;
  readonly minuteOfDay: number;
}

const minuteOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

interface CampaignContext {
  readonly occurredAtMs: number;
  readonly storeId: string;
  readonly member: MemberEarningState;
  readonly categories: ReadonlySet<string>;
  readonly earnFen: number;
  readonly local: () => LocalTime;
}

function campaignApplies(campaign: Campaign, ctx: CampaignContext): boolean {
  if (ctx.occurredAtMs < campaign.fromMs || ctx.occurredAtMs >= campaign.toMs) return false;
  if (campaign.storeIds && !namesStore(campaign.storeIds, ctx.storeId)) return false;
  if (campaign.tiers && !campaign.tiers.includes(ctx.member.tierCode)) return false;
  if (campaign.firstPurchase && !ctx.member.firstPurchase) return false;
  if (campaign.minAmountFen !== undefined && ctx.earnFen < campaign.minAmountFen) return false;
  if (campaign.categories && !campaign.categories.some((category) => ctx.categories.has(category))) {
    return false;
  }
  if (campaign.daysOfWeek && !campaign.daysOfWeek.includes(ctx.local().weekday)) return false;
  if (campaign.hours) {
    const minute = ctx.local().minuteOfDay;
    const [from, to] = [minuteOf(campaign.hours.from), minuteOf(campaign.hours.to)];
    const inside = from < to ? minute >= from && minute < to : minute >= from || minute < to;
    if (!inside) return false;
  }
  return true;
}

/** What a campaign may still give: its member cap and budget, whichever is smaller. */
function campaignRoom(campaign: Campaign, input: EarnInput): number {
  let room = Number.POSITIVE_INFINITY;
  if (campaign.capPerMemberPoints !== undefined) {
    room = Math.max(0, campaign.capPerMemberPoints - (input.member.campaignPoints[campaign.campaignId] ?? 0));
  }
  if (campaign.budgetPoints !== undefined) {
    const left = input.budgetLeft?.[campaign.campaignId] ?? campaign.budgetPoints;
    room = Math.min(room, Math.max(0, Math.min(left, campaign.budgetPoints)));
  }
  return room;
}

export function earnPoints(input: EarnInput): Earned {
  const { program, member } = input;
  const rules = program.earning.itemRules ?? [];
  const items = input.items ?? [];

  // 1. Items: exclusions, multipliers, per-unit points; the amount not itemised earns as usual.
  const pieces: Piece[] = [];
  const excludedByRule = new Map<number, number>();
  const perUnitByRule = new Map<number, number>();
  const multipliedRules = new Set<number>();
  const categories = new Set<string>();
  let itemsFen = 0;
  let nonQualifyingFen = 0;
  items.forEach((item, order) => {
    itemsFen += item.amount;
    const index = rules.findIndex((rule) => ruleMatches(rule, item));
    const effect = rules[index]?.effect;
    if (effect?.kind === 'exclude') {
      if (effect.fromQualifyingSpend) nonQualifyingFen += item.amount;
      excludedByRule.set(index, (excludedByRule.get(index) ?? 0) + item.amount);
      return;
    }
    if (item.category !== undefined) categories.add(item.category);
    if (effect?.kind === 'perUnit') {
      perUnitByRule.set(index, (perUnitByRule.get(index) ?? 0) + item.quantity * effect.points);
    }
    const multiplied = effect?.kind === 'multiplier';
    if (multiplied) multipliedRules.add(index);
    pieces.push({
      fen: item.amount,
      permille: multiplied ? effect.permille : 1000,
      rule: multiplied ? index : -1,
      order,
    });
  });
  const unitemisedFen = Math.max(0, input.amountFen - itemsFen);
  if (unitemisedFen > 0) pieces.push({ fen: unitemisedFen, permille: 1000, rule: -1, order: items.length });
  const earnFen = pieces.reduce((sum, piece) => sum + piece.fen, 0);
  const qualifyingFen = Math.max(0, input.amountFen - nonQualifyingFen);

  // 2. The daily cap cuts the lowest multipliers first; whole yuan are counted on the running total.
  const capLeft = Math.max(0, program.earning.dailyCapFen - member.dayEligibleFenBefore);
  pieces.sort((a, b) => b.permille - a.permille || a.order - b.order);
  const standardRate = BigInt(standardRatePermille(program));
  const extraMicroByRule = new Map<number, bigint>();
  let runningFen = 0;
  for (const piece of pieces) {
    const before = runningFen;
    runningFen = Math.min(capLeft, runningFen + piece.fen);
    const yuan = Math.floor(runningFen / 100) - Math.floor(before / 100);
    if (piece.rule >= 0) {
      const extra = BigInt(yuan) * standardRate * BigInt(piece.permille - 1000);
      extraMicroByRule.set(piece.rule, (extraMicroByRule.get(piece.rule) ?? 0n) + extra);
    }
  }
  const eligibleFen = Math.min(earnFen, capLeft);
  const eligibleYuan = Math.floor(eligibleFen / 100);

  // 3. The multiplicative chain, in micro-points, each step a line of floor differences.
  const lines: BreakdownLine[] = [];
  const baseMicro = BigInt(bandMilli(program, eligibleYuan)) * 1000n;
  let product = baseMicro;
  let scale = 1_000_000n;
  let floored = floorDiv(product, scale);
  lines.push({ ruleId: 'base', label: baseLabel(program, eligibleYuan), points: Number(floored) });
  const step = (nextProduct: bigint, nextScale: bigint) => {
    product = nextProduct;
    scale = nextScale;
    const next = floorDiv(product, scale);
    const gained = Number(next - floored);
    floored = next;
    return gained;
  };
  for (const [index, rule] of rules.entries()) {
    if (!multipliedRules.has(index)) continue;
    const gained = step(product + (extraMicroByRule.get(index) ?? 0n), scale);
    lines.push({ ruleId: `item:${rule.ruleId}`, label: rule.label, points: gained });
  }
  const tier = program.tiers.find((candidate) => candidate.code === member.tierCode) ?? program.tiers[0]!;
  {
    const gained = step(product * BigInt(tier.earnPermille), scale * 1000n);
    if (tier.earnPermille !== 1000) {
      lines.push({
        ruleId: `tier:${tier.code}`,
        label: `Tier ${tier.name} ×${permilleText(tier.earnPermille)}`,
        points: gained,
      });
    }
  }
  const birthday = birthdayMonthMatches(member.birthday, input.occurredAtMs, program.timeZone);
  const birthdayPermille = birthday ? program.earning.birthdayMultiplierPermille : 1000;
  {
    const gained = step(product * BigInt(birthdayPermille), scale * 1000n);
    if (birthdayPermille !== 1000) {
      lines.push({
        ruleId: 'birthday',
        label: `Birthday month ×${permilleText(birthdayPermille)}`,
        points: gained,
      });
    }
  }

  // 4. Campaigns: the best multiplier (after caps) multiplies; every bonus adds; caps cut.
  let local: LocalTime | undefined;
  const ctx: CampaignContext = {
    occurredAtMs: input.occurredAtMs,
    storeId: input.storeId,
    member,
    categories,
    earnFen,
    local: () => {
      if (!local) {
        const at = DateTime.fromMillis(input.occurredAtMs, { zone: program.timeZone });
        local = { weekday: at.weekday, minuteOfDay: at.hour * 60 + at.minute };
      }
      return local;
    },
  };
  const applying = program.earning.campaigns
    .filter((campaign) => campaignApplies(campaign, ctx))
    .map((campaign) => {
      const extra =
        campaign.multiplierPermille > 1000
          ? Number(floorDiv(product * BigInt(campaign.multiplierPermille), scale * 1000n) - floored)
          : 0;
      const bonus = campaign.bonusPoints ?? 0;
      const room = campaignRoom(campaign, input);
      return { campaign, extra, bonus, room, gain: Math.min(extra + bonus, room) - Math.min(bonus, room) };
    });
  let best: (typeof applying)[number] | undefined;
  for (const candidate of applying)
    if (candidate.gain > 0 && candidate.gain > (best?.gain ?? 0)) best = candidate;
  const campaignGrants: CampaignGrant[] = [];
  for (const candidate of applying) {
    const wanted = candidate.bonus + (candidate === best ? candidate.extra : 0);
    if (wanted <= 0) continue;
    const points = Math.min(wanted, candidate.room);
    const label = candidate.campaign.label ?? `Campaign ${candidate.campaign.campaignId}`;
    lines.push({
      ruleId: `campaign:${candidate.campaign.campaignId}`,
      label: points < wanted ? `${label} (limit reached)` : label,
      points,
    });
    if (points > 0) campaignGrants.push({ campaignId: candidate.campaign.campaignId, points });
  }

  // 5. Fixed points: per-unit item rules, the threshold bonus; exclusions shown at 0.
  for (const [index, rule] of rules.entries()) {
    const points = perUnitByRule.get(index);
    if (points !== undefined) lines.push({ ruleId: `item:${rule.ruleId}`, label: rule.label, points });
  }
  const threshold = program.earning.thresholdBonus;
  const thresholdBonus = eligibleFen >= threshold.minAmountFen && eligibleFen > 0 ? threshold.points : 0;
  if (thresholdBonus > 0) {
    lines.push({
      ruleId: 'threshold',
      label: `Threshold bonus (${threshold.minAmountFen / 100} ${program.currency} or more)`,
      points: thresholdBonus,
    });
  }
  for (const [index, rule] of rules.entries()) {
    if (excludedByRule.has(index))
      lines.push({ ruleId: `item:${rule.ruleId}`, label: rule.label, points: 0 });
  }

  return {
    points: lines.reduce((sum, line) => sum + line.points, 0),
    breakdown: lines,
    eligibleFen,
    qualifyingFen,
    thresholdBonus,
    campaignGrants,
  };
}
