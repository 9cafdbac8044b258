/** Tiers: qualifying spend by month, upgrades on purchase, and the monthly review. */
import { monthsBetween, programMonth, trailingMonths } from './calendar.js';
import type { Program, Tier } from './program.js';

/** Qualifying spend by programme month (`YYYY-MM`) in fen: cheap to read and to age. */
export type QualifyingSpend = Readonly<Record<string, number>>;

/** Adds spend (negative for refunds) to a month; a month never goes below zero. */
export function addSpend(spend: QualifyingSpend, month: string, fen: number): QualifyingSpend {
  return { ...spend, [month]: Math.max(0, (spend[month] ?? 0) + fen) };
}

/** Spend over the trailing `months` programme months, including the current one. */
export function trailingSpendFen(spend: QualifyingSpend, nowMs: number, tz: string, months = 12): number {
  return trailingMonths(nowMs, tz, months).reduce((sum, month) => sum + (spend[month] ?? 0), 0);
}

/** Drops months that can no longer count (older than 13 months). */
export function pruneSpend(spend: QualifyingSpend, nowMs: number, tz: string): QualifyingSpend {
  const current = programMonth(nowMs, tz);
  return Object.fromEntries(
    Object.entries(spend).filter(([month, fen]) => fen > 0 && monthsBetween(month, current) <= 12),
  );
}

export function indexOf(program: Program, code: string): number {
  return Math.max(
    0,
    program.tiers.findIndex((tier) => tier.code === code),
  );
}

/** Whether a member of `tier` may take a reward for members of `minTier` or above (none: everyone). */
export function meetsMinTier(program: Program, tier: string | null, minTier: string | null): boolean {
  const rank = (code: string | null) =>
    code === null ? 0 : program.tiers.findIndex((candidate) => candidate.code === code);
  return rank(tier) >= rank(minTier);
}

/** The name members see for a tier code (the code itself for a tier the programme no longer has). */
export function tierName(program: Program, code: string): string {
  return program.tiers.find((tier) => tier.code === code)?.name ?? code;
}

export function tierForSpend(spendFen: number, program: Program): Tier {
  let reached = program.tiers[0]!;
  for (const tier of program.tiers) if (spendFen >= tier.thresholdFen) reached = tier;
  return reached;
}

/** Upgrades only: the tier the spend reaches, or the current one if that is higher. */
export function upgradeAfterPurchase(currentTier: string, spendFen: number, program: Program): string {
  const reached = tierForSpend(spendFen, program);
  return indexOf(program, reached.code) > indexOf(program, currentTier) ? reached.code : currentTier;
}

export function nextTierProgress(currentTier: string, spendFen: number, program: Program) {
  const next = program.tiers[indexOf(program, currentTier) + 1];
  return next
    ? { code: next.code, name: next.name, spendNeededFen: Math.max(0, next.thresholdFen - spendFen) }
    : null;
}

export type ReviewReason = 'below_threshold' | 'below_maintenance' | 'inactive';

/**
 * The monthly review: to the first tier after `inactivityMonths` without a purchase; otherwise
 * `stepDown` tiers down when trailing spend is below the current tier's threshold, or, for a
 * tier with maintenance (`keep`, 保级), below its maintenance spend over its months.
 */
export function reviewTier(input: {
  currentTier: string;
  trailingSpendFen: number;
  /** Qualifying spend over the current tier's `keep.months`, when it has maintenance. */
  keepSpendFen?: number;
  lastPurchaseAtMs: number | null;
  nowMs: number;
  program: Program;
}): { tier: string; reason: ReviewReason | null } {
  const { program } = input;
  const index = indexOf(program, input.currentTier);
  if (index === 0) return { tier: program.tiers[0]!.code, reason: null };
  const tz = program.timeZone;
  const inactive =
    input.lastPurchaseAtMs === null ||
    monthsBetween(programMonth(input.lastPurchaseAtMs, tz), programMonth(input.nowMs, tz)) >=
      program.tierReview.inactivityMonths;
  if (inactive) return { tier: program.tiers[0]!.code, reason: 'inactive' };
  const keep = program.tiers[index]!.keep;
  if (keep) {
    return (input.keepSpendFen ?? input.trailingSpendFen) < keep.minSpendFen
      ? {
          tier: program.tiers[Math.max(0, index - program.tierReview.stepDown)]!.code,
          reason: 'below_maintenance',
        }
      : { tier: input.currentTier, reason: null };
  }
  if (input.trailingSpendFen < program.tiers[index]!.thresholdFen) {
    return {
      tier: program.tiers[Math.max(0, index - program.tierReview.stepDown)]!.code,
      reason: 'below_threshold',
    };
  }
  return { tier: input.currentTier, reason: null };
}

/** What a purchase's credit did to the tier: an upgrade, and since when the old tier was held. */
export interface TierUpgrade {
  readonly from: string;
  readonly to: string;
  readonly fromSince: string;
  /** The tier the trailing spend before the purchase reached (an imported tier may be below it). */
  readonly reachedBefore?: string;
}

/**
 * The tier judged again after a refund of a purchase that caused `upgrade`: never above what the
 * trailing spend now reaches, never below the tier the member had before the upgrade, never
 * raised. Back at the old tier, the old `since` comes back too (as if the upgrade never happened).
 */
export function tierAfterRefund(
  current: { readonly tier: string; readonly tierSince: string },
  upgrade: TierUpgrade | null | undefined,
  spendFen: number,
  nowIso: string,
  program: Program,
): { tier: string; tierSince: string; changed: boolean } {
  const unchanged = { tier: current.tier, tierSince: current.tierSince, changed: false };
  if (!upgrade) return unchanged;
  const index = indexOf(program, current.tier);
  const fromIndex = indexOf(program, upgrade.from);
  if (index <= fromIndex) return unchanged;
  // Spend that reaches no more than it did before the purchase counts as the tier held then.
  let reached = indexOf(program, tierForSpend(spendFen, program).code);
  if (upgrade.reachedBefore !== undefined && reached <= indexOf(program, upgrade.reachedBefore)) {
    reached = fromIndex;
  }
  const target = Math.max(fromIndex, Math.min(index, reached));
  if (target === index) return unchanged;
  const tier = program.tiers[target]!.code;
  return { tier, tierSince: target === fromIndex ? upgrade.fromSince : nowIso, changed: true };
}

/** A tier a refund lowered the member to is told, unless it is back to the tier before the upgrade (silent). */
export function tierDropIsTold(changed: { readonly toOldTier: boolean }): boolean {
  return !changed.toOldTier;
}
