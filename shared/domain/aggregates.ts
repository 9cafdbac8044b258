/**
 * Daily figures folded from the ledger's committed facts, as pure data. The aggregator reads the
 * table's change stream: every new ledger entry and every change of a member account (old and new
 * images) is a fact (ledgerFacts.ts; the adapter says which item changed, `StoredItem`). Each fact
 * becomes additions to counters (counters.ts), folded here with the members' own figures into the
 * writes the adapter makes, with a marker of each fact, in one transaction: so a fact counts once
 * however often the stream delivers it. This module re-exports counters.ts and ledgerFacts.ts.
 *
 * Counters are kept by scope and period:
 * - the programme, each partner and each store (within its partner) by programme day;
 * - each programme month by partner: a month's figures of every partner, for settlement;
 * - the programme by programme month: buyers and repurchases;
 * - the totals: what is true now: outstanding points, members, members by tier, points by
 *   expiry month, debt.
 * How a counter is stored (its key, its shards) is the adapter's (adapters/dynamodb/keys/aggregates.ts):
 * readers add the shards up.
 */
import { addMonths, programDay } from './calendar.js';
import {
  addTo,
  type CounterAdd,
  type CounterKey,
  counterKeyId,
  DayField,
  dayPeriod,
  MonthField,
  monthPeriod,
  programmeScope,
} from './counters.js';
import type { LedgerFact, MemberEffect } from './ledgerFacts.js';

export * from './counters.js';
export * from './ledgerFacts.js';

/** One member's own figures, kept by the aggregator beside the account. */
export interface MemberStats {
  readonly memberId: string;
  /** Incremented by every change the aggregator makes: its optimistic-concurrency guard. */
  readonly version: number;
  readonly enrolledOn?: string;
  /** The day of the latest ledger movement other than expiry. */
  readonly lastActiveOn?: string;
  readonly firstPurchaseOn?: string;
  readonly lastPurchaseOn?: string;
  readonly purchases: number;
  readonly spendFen: number;
  /** Purchases and their spend by programme month, the last `keptMonths` months. */
  readonly months: Readonly<Record<string, { readonly n: number; readonly fen: number }>>;
  readonly erased?: boolean;
}

/** Months of purchases a member's figures keep: a year for the segments, and the month before it. */
export const keptMonths = 13;

export function emptyStats(memberId: string): MemberStats {
  return { memberId, version: 0, purchases: 0, spendFen: 0, months: {} };
}

const monthOfDay = (day: string) => day.slice(0, 7);

/**
 * Folds a member's effects into their figures, and the programme counters that follow: the
 * `lastActive` day moves (one member leaves the old day and joins the new), and the month's
 * buyers, returning buyers, repeat buyers and repurchasers.
 */
export function foldMember(
  stats: MemberStats,
  effects: readonly MemberEffect[],
): { readonly next: MemberStats; readonly adds: CounterAdd[] } {
  const adds: CounterAdd[] = [];
  let next: MemberStats = stats;
  const ordered = [...effects].sort((a, b) =>
    ('day' in a ? a.day : '').localeCompare('day' in b ? b.day : ''),
  );
  for (const effect of ordered) {
    switch (effect.kind) {
      case 'enrolled':
        if (!next.enrolledOn) next = { ...next, enrolledOn: effect.day };
        break;
      case 'erased':
        next = { ...next, erased: true };
        break;
      case 'moved':
        if (next.lastActiveOn === undefined || effect.day > next.lastActiveOn) {
          if (next.lastActiveOn !== undefined) {
            adds.push({
              key: { scope: programmeScope, period: dayPeriod(next.lastActiveOn) },
              add: { [DayField.lastActive]: -1 },
            });
          }
          adds.push({
            key: { scope: programmeScope, period: dayPeriod(effect.day) },
            add: { [DayField.lastActive]: 1 },
          });
          next = { ...next, lastActiveOn: effect.day };
        }
        break;
      case 'purchase': {
        const month = monthOfDay(effect.day);
        const before = next.months[month] ?? { n: 0, fen: 0 };
        const boughtBefore = next.firstPurchaseOn !== undefined && next.firstPurchaseOn < `${month}-01`;
        const monthAdd: Record<string, number> = {};
        if (before.n === 0) {
          addTo(monthAdd, MonthField.buyers, 1);
          if (boughtBefore) {
            addTo(monthAdd, MonthField.returning, 1);
            addTo(monthAdd, MonthField.repurchasers, 1);
          }
        } else if (before.n === 1) {
          addTo(monthAdd, MonthField.repeat, 1);
          if (!boughtBefore) addTo(monthAdd, MonthField.repurchasers, 1);
        }
        if (Object.keys(monthAdd).length > 0) {
          adds.push({ key: { scope: programmeScope, period: monthPeriod(month) }, add: monthAdd });
        }
        const months = { ...next.months, [month]: { n: before.n + 1, fen: before.fen + effect.amountFen } };
        const latest = Object.keys(months).sort().at(-1)!;
        const oldest = addMonths(latest, -(keptMonths - 1));
        next = {
          ...next,
          purchases: next.purchases + 1,
          spendFen: next.spendFen + effect.amountFen,
          firstPurchaseOn:
            next.firstPurchaseOn === undefined || effect.day < next.firstPurchaseOn
              ? effect.day
              : next.firstPurchaseOn,
          lastPurchaseOn:
            next.lastPurchaseOn === undefined || effect.day > next.lastPurchaseOn
              ? effect.day
              : next.lastPurchaseOn,
          months: Object.fromEntries(Object.entries(months).filter(([m]) => m >= oldest)),
        };
        break;
      }
    }
  }
  return { next: next === stats ? stats : { ...next, version: stats.version + 1 }, adds };
}

/** Additions to the same counter merged into one: the counters a transaction writes. */
export function mergeAdds(adds: Iterable<CounterAdd>): CounterAdd[] {
  const merged = new Map<string, { key: CounterKey; add: Record<string, number> }>();
  for (const { key, add } of adds) {
    const id = counterKeyId(key);
    let target = merged.get(id);
    if (!target) {
      target = { key, add: {} };
      merged.set(id, target);
    }
    for (const [field, value] of Object.entries(add)) addTo(target.add, field, value);
  }
  return [...merged.values()]
    .map(({ key, add }) => ({
      key,
      add: Object.fromEntries(Object.entries(add).filter(([, value]) => value !== 0)),
    }))
    .filter((counter) => Object.keys(counter.add).length > 0);
}

/** What one transaction writes for a group of facts: their markers, the merged counters, the members' figures. */
export interface FoldPlan {
  readonly factIds: readonly string[];
  readonly counters: readonly CounterAdd[];
  readonly members: readonly { readonly expectedVersion: number | null; readonly next: MemberStats }[];
}

/** Plans the writes of `facts`, given the members' figures as read (absent: none yet). */
export function planFold(facts: readonly LedgerFact[], stats: ReadonlyMap<string, MemberStats>): FoldPlan {
  const adds: CounterAdd[] = facts.flatMap((fact) => fact.adds);
  const effects = new Map<string, MemberEffect[]>();
  for (const fact of facts) {
    if (fact.member.length === 0) continue;
    effects.set(fact.memberId, [...(effects.get(fact.memberId) ?? []), ...fact.member]);
  }
  const members: FoldPlan['members'][number][] = [];
  for (const [memberId, memberEffects] of effects) {
    const stored = stats.get(memberId);
    const base = stored ?? emptyStats(memberId);
    const folded = foldMember(base, memberEffects);
    adds.push(...folded.adds);
    if (folded.next !== base)
      members.push({ expectedVersion: stored ? stored.version : null, next: folded.next });
  }
  return { factIds: facts.map((fact) => fact.id), counters: mergeAdds(adds), members };
}

/** Items a plan writes in one TransactWriteItems (at most 100). */
export const planSize = (plan: FoldPlan) => plan.factIds.length + plan.counters.length + plan.members.length;

/** The days from `from` to `to`, both included (`YYYY-MM-DD`). */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let ms = Date.parse(`${from}T00:00:00Z`); ms <= Date.parse(`${to}T00:00:00Z`); ms += 86_400_000) {
    days.push(new Date(ms).toISOString().slice(0, 10));
  }
  return days;
}

/** The programme days an instant range [fromMs, toMs) touches, as a range of days. */
export function dayRangeOf(fromMs: number, toMs: number, tz: string): { from: string; to: string } {
  return { from: programDay(fromMs, tz), to: programDay(Math.max(fromMs, toMs - 1), tz) };
}
