/**
 * The bounded resources a purchase's breakdown lines consume, by key. A line records how much of
 * each it used (`EarnedLine.uses`); a refund gives back the refunded share of every use of every
 * line (domain/refunds.ts), so whatever a rule consumes, its refund returns.
 *
 * - `dayFen:<YYYY-MM-DD>`: fen of the member's daily cap on that programme day;
 * - `spendFen:<YYYY-MM>`: fen of qualifying spend in that programme month (tiers);
 * - `campaignCap:<campaignId>`: points of the member's cap of a capped campaign;
 * - `budget:<campaignId>#<shard>`: points of a campaign budget shard (rules/budget.ts).
 */
import type { BreakdownLine, EarnedLine } from './ruleTypes.js';

export const UseKind = {
  dayFen: 'dayFen',
  spendFen: 'spendFen',
  campaignCap: 'campaignCap',
  budget: 'budget',
} as const;
export type UseKind = (typeof UseKind)[keyof typeof UseKind];

export const useKey = (kind: UseKind, ref: string) => `${kind}:${ref}`;

export function parseUseKey(key: string): { kind: UseKind; ref: string } {
  const at = key.indexOf(':');
  return { kind: key.slice(0, at) as UseKind, ref: key.slice(at + 1) };
}

/** Uses of one kind, by reference (e.g. the days of `dayFen`). */
export function usesOfKind(uses: Readonly<Record<string, number>>, kind: UseKind): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, amount] of Object.entries(uses)) {
    const parsed = parseUseKey(key);
    if (parsed.kind === kind && amount !== 0) out[parsed.ref] = (out[parsed.ref] ?? 0) + amount;
  }
  return out;
}

/** The lines as purchases, entries and the simulator show them: rule, label and points only. */
export function publicLines(lines: readonly BreakdownLine[]): BreakdownLine[] {
  return lines.map((line) => ({ ruleId: line.ruleId, label: line.label, points: line.points }));
}

/** Adds uses to a line (the accrual adds the budget shards it took from). */
export function withUses(line: EarnedLine, uses: Readonly<Record<string, number>>): EarnedLine {
  const merged = { ...line.uses };
  for (const [key, amount] of Object.entries(uses)) merged[key] = (merged[key] ?? 0) + amount;
  return { ...line, uses: merged };
}
