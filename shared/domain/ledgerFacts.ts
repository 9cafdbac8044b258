/**
 * The ledger's committed facts, from the table's change stream (shared/domain/aggregates.ts): a
 * new ledger entry, an account change (old and new images), a settlement fact; each becomes
 * additions to counters (counters.ts) and effects on its member's own figures.
 */
import { programDay, programMonth } from './calendar.js';
import {
  addTo,
  type CounterAdd,
  DayField,
  dayPeriod,
  expiryField,
  partnerMonthScope,
  partnerPeriod,
  partnerScope,
  programmeScope,
  rewardField,
  storeScope,
  TotalField,
  tierField,
  totalsPeriod,
  totalsScope,
} from './counters.js';
import { EntryType } from './ledgerEntry.js';
import { NEVER } from './lots.js';

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
