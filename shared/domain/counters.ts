/**
 * What the aggregates count (shared/domain/aggregates.ts): a counter is a scope (whose figures)
 * and a period within it, and holds named figures. How a counter is stored is the adapter's
 * (adapters/dynamodb/keys/aggregates.ts).
 */

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

/** Adds `value` to a figure (nothing for 0, so that no figure is written that did not move). */
export function addTo(target: Record<string, number>, field: string, value: number) {
  if (value !== 0) target[field] = (target[field] ?? 0) + value;
}
