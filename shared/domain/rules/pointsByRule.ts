/** The month's purchase points by rule, for the statement: from the breakdowns of earn entries. */
import type { LedgerEntry } from '../ledgerEntry.js';
import { periodBounds } from '../statement.js';
import type { BreakdownLine } from './ruleTypes.js';

/**
 * Sums the breakdown lines of the purchases credited in the period (by when the ledger recorded
 * them, as the statement's figures are), by rule id, largest first. Lines of 0 points are left out.
 */
export function pointsByRule(entries: Iterable<LedgerEntry>, period: string, tz: string): BreakdownLine[] {
  const { startMs, endMs } = periodBounds(period, tz);
  const byRule = new Map<string, BreakdownLine>();
  for (const entry of entries) {
    const at = Date.parse(entry.createdAt);
    if (at < startMs || at >= endMs || !entry.breakdown) continue;
    for (const line of entry.breakdown) {
      const sum = byRule.get(line.ruleId);
      // The base line's label names one purchase's yuan; a campaign's may say it was cut.
      const label = line.ruleId === 'base' ? 'Base points' : line.label.replace(/ \(limit reached\)$/, '');
      byRule.set(line.ruleId, { ruleId: line.ruleId, label, points: (sum?.points ?? 0) + line.points });
    }
  }
  return [...byRule.values()]
    .filter((line) => line.points !== 0)
    .sort((a, b) => b.points - a.points || a.ruleId.localeCompare(b.ruleId));
}
