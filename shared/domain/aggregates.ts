/**
 * Daily figures folded from the ledger's committed facts, as pure data. The aggregator reads the
 * table's change stream: every new ledger entry and every change of a member account (old and new
 * images) is a fact (the adapter says which item changed, `StoredItem`). Each fact becomes
 * additions to counters (this module) that the adapter writes, with a marker of the fact, in one
 * transaction: so a fact counts once however often the stream delivers it.
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
import { addMonths, programDay, programMonth } from './calendar.js';
import { EntryType } from './ledgerEntry.js';
import { NEVER } from './lots.js';

/** Whose figures a counter holds. */
export type CounterScope =
  | { readonly of: 'programme' }
  | { readonly of: 'totals' }
  | { readonly of: 'partner'; readonly partnerId: string }
  /** A store within its partner; entries that name no partner (older than attribution) have none. */
  | { readonly of: 'store'; readonly partnerId?: string; readonly storeId: string }
  /** A programme month, whose periods are the partners. */
  | { readonly of: 'partnerMonth'; readonly month: string };

/** The part of a scope a counter holds: a day, a month, a partner (of a month), or the totals. */
export type CounterPeriod =
  | { readonly of: 'day'; readonly day: string }
  | { readonly of: 'month'; readonly month: string }
  | { readonly of: 'partner'; readonly partnerId: string }
  | { readonly of: 'totals' };

/** What a counter item is: a scope and a period within it. */
export interface CounterKey {
  readonly scope: CounterScope;
  readonly period: CounterPeriod;
}

/** The same text for equal keys, whatever order their fields were written in. */
export const counterKeyId = (key: CounterKey) =>
  JSON.stringify(key, ['scope', 'period', 'of', 'partnerId', 'storeId', 'month', 'day']);

export type CounterAdds = Readonly<Record<string, number>>;

export interface CounterAdd {
  readonly key: CounterKey;
  readonly add: CounterAdds;
}

/** The attributes of a day (and of a partner's month). */
export const DayField = {
  purchases: 'purchases',
  spendFen: 'spendFen',
  earned: 'earned',
  bonus: 'bonus',
  activity: 'activity',
  issued: 'issued',
  redeemed: 'redeemed',
  redemptions: 'redemptions',
  expired: 'expired',
  reversed: 'reversed',
  adjusted: 'adjusted',
  /** Desk adjustments that credited points (settlement's `adjustments` line). */
  adjustIssued: 'adjustIssued',
  /** Desk adjustments that debited points, as a positive number. */
  adjustRedeemed: 'adjustRedeemed',
  /** Opening balances of imported members (adjust entries of an import). */
  openingBalances: 'openingBalances',
  /** Value (fen) of the coupons the programme itself issued (birthday gifts). */
  programmeCouponsIssuedFen: 'programmeCouponsIssuedFen',
  /** Value (fen) of programme coupons used, at the partner's stores for a partner. */
  programmeCouponsUsedFen: 'programmeCouponsUsedFen',
  /** Sum of the day's entries: the change of the outstanding points. */
  net: 'net',
  newMembers: 'newMembers',
  /** Members whose latest movement (other than expiry) is on this day (programme scope only). */
  lastActive: 'lastActive',
} as const;

/** The attributes of a programme month. */
export const MonthField = {
  /** Members with a purchase in the month. */
  buyers: 'buyers',
  /** Buyers of the month who had bought before it. */
  returning: 'returning',
  /** Buyers with two or more purchases in the month. */
  repeat: 'repeat',
  /** Buyers who bought again: before the month or a second time in it (each counted once). */
  repurchasers: 'repurchasers',
} as const;

/** The attributes of the totals. */
export const TotalField = {
  /** The sum of every entry: the outstanding points, as the ledger has them. */
  outstanding: 'outstanding',
  members: 'members',
  debt: 'debt',
} as const;

export const rewardField = (rewardId: string) => `reward:${rewardId}`;
export const tierField = (tier: string) => `tier:${tier}`;
/** Points (available and pending) expiring in a month (`YYYY-MM`), or never (`never`). */
export const expiryField = (month: string) => `exp:${month}`;

export const programmeScope: CounterScope = { of: 'programme' };
export const totalsScope: CounterScope = { of: 'totals' };
export const partnerScope = (partnerId: string): CounterScope => ({ of: 'partner', partnerId });
/**
 * A store's figures, within its partner: stores belong to partners. Entries that name no partner
 * (older than attribution) count under the store alone.
 */
export const storeScope = (partnerId: string | undefined, storeId: string): CounterScope =>
  partnerId ? { of: 'store', partnerId, storeId } : { of: 'store', storeId };
export const partnerMonthScope = (month: string): CounterScope => ({ of: 'partnerMonth', month });
export const dayPeriod = (day: string): CounterPeriod => ({ of: 'day', day });
export const monthPeriod = (month: string): CounterPeriod => ({ of: 'month', month });
/** A partner's figures within a month (`partnerMonthScope`). */
export const partnerPeriod = (partnerId: string): CounterPeriod => ({ of: 'partner', partnerId });
export const totalsPeriod: CounterPeriod = { of: 'totals' };

/** What a changed item is, as its storage reads it from its keys (adapters/dynamodb/keys.ts `storedItemOf`). */
export interface StoredItem {
  readonly kind: 'entry' | 'account' | 'clearingFact' | 'other';
  /** The item's own id, stable across deliveries of its changes. */
  readonly id: string;
  /** The member whose item it is, when it is under a member. */
  readonly memberId?: string;
}

/** One change of the stream, decoded: what the item is and the images as plain data. */
export interface StreamChange {
  /** The stream record's id (the same on every delivery of the record). */
  readonly eventId: string;
  readonly eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  readonly item: StoredItem;
  readonly oldImage?: Readonly<Record<string, unknown>>;
  readonly newImage?: Readonly<Record<string, unknown>>;
}

/** What a fact does to one member's own figures (recency, purchases), folded in order of day. */
export type MemberEffect =
  | { readonly kind: 'moved'; readonly day: string }
  | { readonly kind: 'purchase'; readonly day: string; readonly amountFen: number }
  | { readonly kind: 'enrolled'; readonly day: string }
  | { readonly kind: 'erased' };

/** A committed fact of the ledger and its counter additions. */
export interface LedgerFact {
  /** Stable across deliveries: the entry's key, or the stream record's id for account changes. */
  readonly id: string;
  readonly memberId: string;
  readonly adds: readonly CounterAdd[];
  readonly member: readonly MemberEffect[];
  /** For metrics: the entry type, or `account`. */
  readonly kind: string;
  readonly points: number;
}

const num = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
const str = (value: unknown) => (typeof value === 'string' && value.length > 0 ? value : undefined);

function addTo(target: Record<string, number>, field: string, value: number) {
  if (value !== 0) target[field] = (target[field] ?? 0) + value;
}

/** The additions an entry makes to its day, by type (the same arithmetic as the summary always had). */
export function entryDayAdds(entry: Readonly<Record<string, unknown>>): Record<string, number> {
  const points = num(entry.points);
  const type = String(entry.entryType ?? entry.type);
  const reference = String(entry.reference ?? '');
  const add: Record<string, number> = {};
  addTo(add, DayField.net, points);
  const rewardId = str(entry.rewardId);
  const redemption = (sign: 1 | -1) => {
    addTo(add, DayField.redeemed, -points);
    addTo(add, DayField.redemptions, sign);
    if (rewardId) addTo(add, rewardField(rewardId), sign);
  };
  switch (type) {
    case EntryType.earn:
      addTo(add, DayField.purchases, 1);
      addTo(add, DayField.spendFen, num(entry.amountFen));
      addTo(add, DayField.earned, points);
      addTo(add, DayField.issued, points);
      break;
    case EntryType.bonus:
      addTo(add, DayField.bonus, points);
      addTo(add, DayField.issued, points);
      break;
    case EntryType.activity:
      addTo(add, DayField.activity, points);
      addTo(add, DayField.issued, points);
      break;
    case EntryType.redeem:
    case EntryType.hold:
      redemption(1);
      break;
    case EntryType.release:
      redemption(-1);
      break;
    case EntryType.reversal:
      // A reversed redemption gives its points back; other reversals take back refunded points.
      if (reference.startsWith('redemption:')) redemption(-1);
      else addTo(add, DayField.reversed, -points);
      break;
    case EntryType.expire:
      addTo(add, DayField.expired, -points);
      break;
    case EntryType.adjust:
      addTo(add, DayField.adjusted, points);
      if (reference.startsWith('import:')) addTo(add, DayField.openingBalances, points);
      else if (points > 0) addTo(add, DayField.adjustIssued, points);
      else addTo(add, DayField.adjustRedeemed, -points);
      break;
  }
  return add;
}

/** A new ledger entry as a fact: its day's counters in the programme, its partner and its store. */
export function entryFact(
  item: StoredItem,
  entry: Readonly<Record<string, unknown>>,
  tz: string,
): LedgerFact {
  const createdAtMs = Date.parse(String(entry.createdAt));
  if (!Number.isFinite(createdAtMs)) throw new Error(`Entry ${item.id} has no createdAt`);
  const memberId = String(entry.memberId ?? item.memberId ?? '');
  const day = programDay(createdAtMs, tz);
  const month = programMonth(createdAtMs, tz);
  const add = entryDayAdds(entry);
  const partnerId = str(entry.partnerId);
  const storeId = str(entry.storeId);
  const adds: CounterAdd[] = [
    { key: { scope: programmeScope, period: dayPeriod(day) }, add },
    {
      key: { scope: totalsScope, period: totalsPeriod },
      add: { [TotalField.outstanding]: num(entry.points) },
    },
  ];
  if (partnerId) {
    adds.push({ key: { scope: partnerScope(partnerId), period: dayPeriod(day) }, add });
    adds.push({ key: { scope: partnerMonthScope(month), period: partnerPeriod(partnerId) }, add });
  }
  if (storeId) adds.push({ key: { scope: storeScope(partnerId, storeId), period: dayPeriod(day) }, add });
  const type = String(entry.entryType ?? entry.type);
  const member: MemberEffect[] = [];
  if (type !== EntryType.expire) member.push({ kind: 'moved', day });
  if (type === EntryType.earn) member.push({ kind: 'purchase', day, amountFen: num(entry.amountFen) });
  return { id: item.id, memberId, adds, member, kind: type, points: num(entry.points) };
}

/** What an account image contributes to the totals: members, members by tier, points by expiry month, debt. */
export function accountFigures(
  account: Readonly<Record<string, unknown>> | undefined,
): Record<string, number> {
  if (!account) return {};
  const figures: Record<string, number> = { [TotalField.members]: 1 };
  if (account.status === 'active' && typeof account.tier === 'string') {
    figures[tierField(account.tier)] = 1;
  }
  addTo(figures, TotalField.debt, num(account.debt));
  const byMonth = (date: string, points: number) => {
    if (points <= 0) return;
    addTo(figures, expiryField(date === NEVER ? 'never' : date.slice(0, 7)), points);
  };
  for (const [date, points] of Object.entries((account.lots ?? {}) as Record<string, unknown>)) {
    byMonth(date, num(points));
  }
  for (const lot of (account.pending ?? []) as readonly Record<string, unknown>[]) {
    byMonth(String(lot.expiresOn ?? NEVER), num(lot.points));
  }
  return figures;
}

function difference(next: Record<string, number>, previous: Record<string, number>) {
  const delta: Record<string, number> = {};
  for (const field of new Set([...Object.keys(next), ...Object.keys(previous)])) {
    addTo(delta, field, (next[field] ?? 0) - (previous[field] ?? 0));
  }
  return delta;
}

/** An account change as a fact: the change of the totals, and a new member on enrolment. */
export function accountFact(change: StreamChange, tz: string): LedgerFact {
  const image = change.newImage ?? change.oldImage ?? {};
  const memberId = String(image.memberId ?? change.item.memberId ?? '');
  const adds: CounterAdd[] = [];
  const totals = difference(accountFigures(change.newImage), accountFigures(change.oldImage));
  if (Object.keys(totals).length > 0)
    adds.push({ key: { scope: totalsScope, period: totalsPeriod }, add: totals });
  const member: MemberEffect[] = [];
  if (!change.oldImage && change.newImage) {
    const enrolledAtMs = Date.parse(String(change.newImage.enrolledAt ?? change.newImage.tierSince));
    if (Number.isFinite(enrolledAtMs)) {
      const day = programDay(enrolledAtMs, tz);
      const joined = { [DayField.newMembers]: 1 };
      adds.push({ key: { scope: programmeScope, period: dayPeriod(day) }, add: joined });
      const enrolledBy = change.newImage.enrolledBy as { partnerId?: unknown } | undefined;
      const partnerId = str(enrolledBy?.partnerId);
      if (partnerId) {
        adds.push({ key: { scope: partnerScope(partnerId), period: dayPeriod(day) }, add: joined });
        adds.push({
          key: { scope: partnerMonthScope(programMonth(enrolledAtMs, tz)), period: partnerPeriod(partnerId) },
          add: joined,
        });
      }
      member.push({ kind: 'enrolled', day });
    }
  }
  if (change.oldImage?.status === 'active' && change.newImage?.status === 'erased')
    member.push({ kind: 'erased' });
  return { id: `acct|${change.eventId}`, memberId, adds, member, kind: 'account', points: 0 };
}

/**
 * A settlement fact that moves no points (ports/LedgerStore.ts `ClearingFact`): a programme
 * coupon issued, or used at a partner's store, counted by its value on its programme day.
 */
export function clearingFact(
  item: StoredItem,
  fact: Readonly<Record<string, unknown>>,
  tz: string,
): LedgerFact {
  const atMs = Date.parse(String(fact.at));
  if (!Number.isFinite(atMs)) throw new Error(`Fact ${item.id} has no time`);
  const day = programDay(atMs, tz);
  const valueFen = num(fact.valueFen);
  const used = fact.kind === 'programme_coupon.used';
  const add = {
    [used ? DayField.programmeCouponsUsedFen : DayField.programmeCouponsIssuedFen]: valueFen,
  };
  const adds: CounterAdd[] = [{ key: { scope: programmeScope, period: dayPeriod(day) }, add }];
  const partnerId = str(fact.partnerId);
  const storeId = str(fact.storeId);
  if (used && partnerId) {
    adds.push({ key: { scope: partnerScope(partnerId), period: dayPeriod(day) }, add });
    adds.push({
      key: { scope: partnerMonthScope(programMonth(atMs, tz)), period: partnerPeriod(partnerId) },
      add,
    });
    if (storeId) adds.push({ key: { scope: storeScope(partnerId, storeId), period: dayPeriod(day) }, add });
  }
  return {
    id: item.id,
    memberId: String(fact.memberId ?? ''),
    adds,
    member: [],
    kind: String(fact.kind),
    points: 0,
  };
}

/** The facts of one stream change: a new ledger entry, an account change, a settlement fact, or nothing. */
export function factsOf(change: StreamChange, tz: string): LedgerFact[] {
  const { item } = change;
  if (item.kind === 'clearingFact') {
    return change.eventName === 'INSERT' && change.newImage ? [clearingFact(item, change.newImage, tz)] : [];
  }
  if (item.kind === 'entry') {
    return change.eventName === 'INSERT' && change.newImage ? [entryFact(item, change.newImage, tz)] : [];
  }
  if (item.kind === 'account') return [accountFact(change, tz)];
  return [];
}

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
