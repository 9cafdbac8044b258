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
import { birthdayMonthMatches, programDay, programMonth } from '../calendar.js';
import type { Campaign, Program } from '../program.js';
import { namesStore } from '../stores.js';
import { UseKind, useKey } from './lineUses.js';
import type { EarnedLine, ItemRule, LineBasis, PurchaseItem } from './ruleTypes.js';

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
  /** The lines with what each consumed (see ruleTypes.ts `EarnedLine`); they add up to `points`. */
  readonly breakdown: readonly EarnedLine[];
  /** The part of the amount that earned (after exclusions and the daily cap): the daily counter. */
  readonly eligibleFen: number;
  /** The part of the amount that counts towards tiers. */
  readonly qualifyingFen: number;
  readonly thresholdBonus: number;
  /** Points each campaign gave (positive only): member caps and budgets count these. */
  readonly campaignGrants: readonly CampaignGrant[];
  /** Campaigns whose points were cut by what was known to remain of their budget. */
  readonly budgetLimited: readonly string[];
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
  /** The part of the amount that earns within the daily cap. */
  readonly eligibleFen: number;
  readonly local: () => LocalTime;
}

function campaignApplies(campaign: Campaign, ctx: CampaignContext): boolean {
  if (ctx.occurredAtMs < campaign.fromMs || ctx.occurredAtMs >= campaign.toMs) return false;
  if (campaign.storeIds && !namesStore(campaign.storeIds, ctx.storeId)) return false;
  if (campaign.tiers && !campaign.tiers.includes(ctx.member.tierCode)) return false;
  if (campaign.firstPurchase && !ctx.member.firstPurchase) return false;
  if (ctx.eligibleFen <= 0) return false;
  if (campaign.minAmountFen !== undefined && ctx.eligibleFen < campaign.minAmountFen) return false;
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
function campaignRoom(campaign: Campaign, input: EarnInput): { room: number; budget: number } {
  let room = Number.POSITIVE_INFINITY;
  let budget = Number.POSITIVE_INFINITY;
  if (campaign.capPerMemberPoints !== undefined) {
    room = Math.max(0, campaign.capPerMemberPoints - (input.member.campaignPoints[campaign.campaignId] ?? 0));
  }
  if (campaign.budgetPoints !== undefined) {
    const left = input.budgetLeft?.[campaign.campaignId] ?? campaign.budgetPoints;
    budget = Math.max(0, Math.min(left, campaign.budgetPoints));
  }
  return { room: Math.min(room, budget), budget };
}

const amountBasis: LineBasis = { by: 'amount' };

function itemsBasis(
  items: readonly PurchaseItem[],
  indexes: readonly number[],
  measure: 'amount' | 'quantity',
): LineBasis {
  return { by: 'items', skus: [...new Set(indexes.map((i) => items[i]!.sku))].sort(), measure };
}

/**
 * `earning.maxPointsPerPurchase`: when the lines add up to more, the excess is taken from the last
 * lines first (threshold bonus, per-unit points, campaigns, birthday, tier, item multipliers, base:
 * the reverse of the order they are computed in), each cut at most to 0 and labelled so; the lines
 * still add up to the total. A cut campaign line consumes of its cap and budget what it kept.
 */
function cutToMaximum(lines: readonly EarnedLine[], maximum: number): EarnedLine[] {
  let excess = lines.reduce((sum, line) => sum + line.points, 0) - maximum;
  if (excess <= 0) return [...lines];
  const cut = [...lines];
  for (let i = cut.length - 1; i >= 0 && excess > 0; i--) {
    const line = cut[i]!;
    const take = Math.min(excess, Math.max(0, line.points));
    if (take === 0) continue;
    excess -= take;
    const points = line.points - take;
    const uses = Object.fromEntries(
      Object.entries(line.uses).map(([key, amount]) =>
        key.startsWith(`${UseKind.campaignCap}:`) ? [key, points] : [key, amount],
      ),
    );
    cut[i] = { ...line, label: `${line.label} (purchase limit)`, points, uses };
  }
  return cut;
}

export function earnPoints(input: EarnInput): Earned {
  const { program, member } = input;
  const rules = program.earning.itemRules ?? [];
  const items = input.items ?? [];
  const tz = program.timeZone;

  // 1. Items: exclusions, multipliers, per-unit points; the amount not itemised earns as usual.
  const pieces: Piece[] = [];
  const excludedByRule = new Map<number, number[]>();
  const perUnitByRule = new Map<number, number[]>();
  const multipliedByRule = new Map<number, number[]>();
  const categories = new Set<string>();
  let itemsFen = 0;
  let nonQualifyingFen = 0;
  const push = (map: Map<number, number[]>, rule: number, item: number) =>
    map.set(rule, [...(map.get(rule) ?? []), item]);
  items.forEach((item, order) => {
    itemsFen += item.amount;
    const index = rules.findIndex((rule) => ruleMatches(rule, item));
    const effect = rules[index]?.effect;
    if (effect?.kind === 'exclude') {
      if (effect.fromQualifyingSpend) nonQualifyingFen += item.amount;
      push(excludedByRule, index, order);
      return;
    }
    if (item.category !== undefined) categories.add(item.category);
    if (effect?.kind === 'perUnit') push(perUnitByRule, index, order);
    const multiplied = effect?.kind === 'multiplier';
    if (multiplied) push(multipliedByRule, index, order);
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
  /** Each item's fen within the cap, by item index. */
  const eligibleFenOfItem = new Map<number, number>();
  let runningFen = 0;
  for (const piece of pieces) {
    const before = runningFen;
    runningFen = Math.min(capLeft, runningFen + piece.fen);
    eligibleFenOfItem.set(piece.order, runningFen - before);
    const yuan = Math.floor(runningFen / 100) - Math.floor(before / 100);
    if (piece.rule >= 0) {
      const extra = BigInt(yuan) * standardRate * BigInt(piece.permille - 1000);
      extraMicroByRule.set(piece.rule, (extraMicroByRule.get(piece.rule) ?? 0n) + extra);
    }
  }
  const eligibleFen = Math.min(earnFen, capLeft);
  const eligibleYuan = Math.floor(eligibleFen / 100);

  // 3. The multiplicative chain, in micro-points, each step a line of floor differences. The base
  // line carries what the purchase takes of the daily cap and of qualifying spend.
  const lines: EarnedLine[] = [];
  const baseMicro = BigInt(bandMilli(program, eligibleYuan)) * 1000n;
  let product = baseMicro;
  let scale = 1_000_000n;
  let floored = floorDiv(product, scale);
  const purchaseUses: Record<string, number> = {};
  if (eligibleFen > 0) purchaseUses[useKey(UseKind.dayFen, programDay(input.occurredAtMs, tz))] = eligibleFen;
  if (qualifyingFen > 0) {
    purchaseUses[useKey(UseKind.spendFen, programMonth(input.occurredAtMs, tz))] = qualifyingFen;
  }
  lines.push({
    ruleId: 'base',
    label: baseLabel(program, eligibleYuan),
    points: Number(floored),
    basis: amountBasis,
    uses: purchaseUses,
  });
  const step = (nextProduct: bigint, nextScale: bigint) => {
    product = nextProduct;
    scale = nextScale;
    const next = floorDiv(product, scale);
    const gained = Number(next - floored);
    floored = next;
    return gained;
  };
  for (const [index, rule] of rules.entries()) {
    const matched = multipliedByRule.get(index);
    if (!matched) continue;
    const gained = step(product + (extraMicroByRule.get(index) ?? 0n), scale);
    lines.push({
      ruleId: `item:${rule.ruleId}`,
      label: rule.label,
      points: gained,
      basis: itemsBasis(items, matched, 'amount'),
      uses: {},
    });
  }
  const tier = program.tiers.find((candidate) => candidate.code === member.tierCode) ?? program.tiers[0]!;
  {
    const gained = step(product * BigInt(tier.earnPermille), scale * 1000n);
    if (tier.earnPermille !== 1000) {
      lines.push({
        ruleId: `tier:${tier.code}`,
        label: `Tier ${tier.name} ×${permilleText(tier.earnPermille)}`,
        points: gained,
        basis: amountBasis,
        uses: {},
      });
    }
  }
  const birthday = birthdayMonthMatches(member.birthday, input.occurredAtMs, tz);
  const birthdayPermille = birthday ? program.earning.birthdayMultiplierPermille : 1000;
  {
    const gained = step(product * BigInt(birthdayPermille), scale * 1000n);
    if (birthdayPermille !== 1000) {
      lines.push({
        ruleId: 'birthday',
        label: `Birthday month ×${permilleText(birthdayPermille)}`,
        points: gained,
        basis: amountBasis,
        uses: {},
      });
    }
  }

  // 4. Campaigns: the best multiplier (after caps) multiplies; every bonus adds; caps cut. A
  // campaign applies only to a purchase with some amount within the daily cap.
  let local: LocalTime | undefined;
  const ctx: CampaignContext = {
    occurredAtMs: input.occurredAtMs,
    storeId: input.storeId,
    member,
    categories,
    eligibleFen,
    local: () => {
      if (!local) {
        const at = DateTime.fromMillis(input.occurredAtMs, { zone: tz });
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
      const { room, budget } = campaignRoom(campaign, input);
      return {
        campaign,
        extra,
        bonus,
        room,
        budget,
        gain: Math.min(extra + bonus, room) - Math.min(bonus, room),
      };
    });
  let best: (typeof applying)[number] | undefined;
  for (const candidate of applying)
    if (candidate.gain > 0 && candidate.gain > (best?.gain ?? 0)) best = candidate;
  const budgetLimited: string[] = [];
  for (const candidate of applying) {
    const wanted = candidate.bonus + (candidate === best ? candidate.extra : 0);
    if (wanted <= 0) continue;
    const points = Math.min(wanted, candidate.room);
    if (candidate.budget < wanted) budgetLimited.push(candidate.campaign.campaignId);
    const label = candidate.campaign.label ?? `Campaign ${candidate.campaign.campaignId}`;
    lines.push({
      ruleId: `campaign:${candidate.campaign.campaignId}`,
      label: points < wanted ? `${label} (limit reached)` : label,
      points,
      basis: amountBasis,
      uses:
        candidate.campaign.capPerMemberPoints !== undefined
          ? { [useKey(UseKind.campaignCap, candidate.campaign.campaignId)]: points }
          : {},
    });
  }

  // 5. Fixed points: per-unit item rules (on each item's part within the daily cap), the
  // threshold bonus (on the amount within the cap); exclusions shown at 0.
  for (const [index, rule] of rules.entries()) {
    const matched = perUnitByRule.get(index);
    const effect = rule.effect;
    if (!matched || effect.kind !== 'perUnit') continue;
    const points = matched.reduce((sum, i) => {
      const item = items[i]!;
      if (item.amount <= 0) return sum;
      const units = BigInt(item.quantity) * BigInt(effect.points) * BigInt(eligibleFenOfItem.get(i) ?? 0);
      return sum + Number(units / BigInt(item.amount));
    }, 0);
    lines.push({
      ruleId: `item:${rule.ruleId}`,
      label: rule.label,
      points,
      basis: itemsBasis(items, matched, 'quantity'),
      uses: {},
    });
  }
  const threshold = program.earning.thresholdBonus;
  const thresholdBonus = eligibleFen >= threshold.minAmountFen && eligibleFen > 0 ? threshold.points : 0;
  if (thresholdBonus > 0) {
    lines.push({
      ruleId: 'threshold',
      label: `Threshold bonus (${threshold.minAmountFen / 100} ${program.currency} or more)`,
      points: thresholdBonus,
      basis: amountBasis,
      uses: {},
    });
  }
  for (const [index, rule] of rules.entries()) {
    const excluded = excludedByRule.get(index);
    if (excluded) {
      lines.push({
        ruleId: `item:${rule.ruleId}`,
        label: rule.label,
        points: 0,
        basis: itemsBasis(items, excluded, 'amount'),
        uses: {},
      });
    }
  }

  // 6. One purchase never earns more than `maxPointsPerPurchase`.
  const bounded = cutToMaximum(lines, program.earning.maxPointsPerPurchase);
  const campaignGrants: CampaignGrant[] = bounded.flatMap((line) =>
    line.ruleId.startsWith('campaign:') && line.points > 0
      ? [{ campaignId: line.ruleId.slice('campaign:'.length), points: line.points }]
      : [],
  );
  return {
    points: bounded.reduce((sum, line) => sum + line.points, 0),
    breakdown: bounded,
    eligibleFen,
    qualifyingFen,
    thresholdBonus: bounded.find((line) => line.ruleId === 'threshold')?.points ?? 0,
    campaignGrants,
    budgetLimited,
  };
}
