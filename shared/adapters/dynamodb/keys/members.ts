/**
 * A member's items: one partition `MEMBER#<memberId>` holding the profile (`PROFILE`), the account
 * (`ACCOUNT`), the aggregator's figures (`METRICS`) and the ledger entries
 * (`TX#<createdAt>#<transactionId>`), with the attributes of the sparse job indexes
 * (tableDefinition.ts) the account and the profile carry.
 */
import type { AccountState } from '../../../domain/account.js';
import type { StoredItem } from '../../../domain/aggregates.js';
import type { LedgerEntry } from '../../../domain/ledgerEntry.js';
import type { MemberProfile } from '../../../ports/MemberStore.js';
import { birthdaySortKey, expiryIndexOf, tierIndexOf } from '../../indexes.js';
import { jobIndexShard } from './jobs.js';
import { inRange, shardOf, withoutKeys, withPrefix } from './table.js';

const memberPrefix = 'MEMBER#';
const profileSortKey = 'PROFILE';
const accountSortKey = 'ACCOUNT';
const metricsSortKey = 'METRICS';
/** A ledger entry's sort key: `TX#<createdAt>#<transactionId>`. */
export const entrySortKeyPrefix = 'TX#';
/** A settlement fact's sort key (ports/LedgerStore.ts `ClearingFact`): `CF#<kind>`. */
export const clearingFactSortKeyPrefix = 'CF#';

const memberPartition = (memberId: string) => `${memberPrefix}${memberId}`;

/** Item keys of the single table, in one place. */
export const memberKeys = {
  profile: (memberId: string) => ({ pk: memberPartition(memberId), sk: profileSortKey }),
  account: (memberId: string) => ({ pk: memberPartition(memberId), sk: accountSortKey }),
  /** The aggregator's figures of the member (DynamoAggregateStore), beside the account. */
  metrics: (memberId: string) => ({ pk: memberPartition(memberId), sk: metricsSortKey }),
  entry: (memberId: string, createdAt: string, transactionId: string) => ({
    pk: memberPartition(memberId),
    sk: `${entrySortKeyPrefix}${createdAt}#${transactionId}`,
  }),
};

/**
 * A member's profile, account and figures in one query: `ACCOUNT` < `METRICS` < `PROFILE`, and
 * the entries (`TX#…`) sort after them all.
 */
export const memberItemsQuery = (memberId: string) =>
  inRange(memberPartition(memberId), accountSortKey, profileSortKey);

/** One of a member's items among those `memberItemsQuery` found. */
export function memberItemOf(
  items: readonly Record<string, unknown>[],
  which: 'profile' | 'account' | 'metrics',
): Record<string, unknown> | undefined {
  const sortKey = { profile: profileSortKey, account: accountSortKey, metrics: metricsSortKey }[which];
  return items.find((item) => item.sk === sortKey);
}

/** A member's ledger entries, newest or oldest first, and whether a cursor is one of them. */
export const entryKeys = {
  all: (memberId: string) => withPrefix(memberPartition(memberId), entrySortKeyPrefix),
  /** The entries created between two instants (ISO strings, both included). */
  between: (memberId: string, fromIso: string, toIso: string) =>
    inRange(memberPartition(memberId), `${entrySortKeyPrefix}${fromIso}`, `${entrySortKeyPrefix}${toIso}`),
  isCursor: (memberId: string, cursor: Readonly<Record<string, unknown>>) =>
    cursor.pk === memberPartition(memberId) &&
    typeof cursor.sk === 'string' &&
    cursor.sk.startsWith(entrySortKeyPrefix),
};

/**
 * The items the ledger stream's aggregator reads (shared/system.ts `streams`): accounts, ledger
 * entries and settlement facts that move no points; the stream's filter lets only these through.
 */
export const ledgerStreamFilter = {
  sortKeyEquals: [accountSortKey],
  sortKeyPrefixes: [entrySortKeyPrefix, clearingFactSortKeyPrefix],
} as const;

/**
 * What a stream change's keys (a stream record's `Keys`, unmarshalled) say the item is, for the
 * aggregator (the domain never sees the keys).
 */
export function storedItemOf(keys: Readonly<Record<string, unknown>>): StoredItem {
  const pk = String(keys.pk);
  const sk = String(keys.sk);
  const id = `${pk}|${sk}`;
  if (sk.startsWith(clearingFactSortKeyPrefix)) return { kind: 'clearingFact', id };
  if (!pk.startsWith(memberPrefix)) return { kind: 'other', id };
  const memberId = pk.slice(memberPrefix.length);
  if (sk.startsWith(entrySortKeyPrefix)) return { kind: 'entry', id, memberId };
  if (sk === accountSortKey) return { kind: 'account', id, memberId };
  return { kind: 'other', id, memberId };
}

/** A ledger entry as stored: under its member, sorted by creation time. */
export function entryItem(entry: LedgerEntry) {
  const { type, ...rest } = entry;
  return {
    ...memberKeys.entry(entry.memberId, entry.createdAt, entry.transactionId),
    type: 'entry',
    entryType: type,
    ...rest,
  };
}

/** The member of a member's item (an account or profile, or its key in a sparse index). */
export const memberIdOfItem = (item: Readonly<Record<string, unknown>>) =>
  String(item.pk).slice(memberPrefix.length);

/**
 * An account as stored, with the derived attributes of the sparse job indexes: its soonest expiry
 * date (only while it holds points that expire) and its tier shard (only above the first tier).
 */
export function accountItem(account: AccountState, firstTier = 'base') {
  const expiry = expiryIndexOf(account);
  const tier = tierIndexOf(account, firstTier);
  return {
    ...memberKeys.account(account.memberId),
    type: 'memberAccount',
    ...account,
    ...(expiry ? { expiryShard: jobIndexShard.expiry(expiry.shard), expiryKey: expiry.sortKey } : {}),
    ...(tier ? { tierShard: jobIndexShard.tier(tier.shard), tierKey: tier.sortKey } : {}),
  };
}

/** An account item's own attributes: without its keys, its type and its sparse index attributes. */
export function accountAttributes(item: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const {
    type: _type,
    expiryShard: _expiryShard,
    expiryKey: _expiryKey,
    tierShard: _tierShard,
    tierKey: _tierKey,
    ...account
  } = withoutKeys(item);
  return account;
}

/** A ledger entry item's own attributes: without its keys, with its type back under `type`. */
export function entryAttributes(item: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const { type: _type, entryType, ...entry } = withoutKeys(item);
  return { ...entry, type: entryType };
}

/** The sparse index of members who can receive statements: active, subscribed, with an email. */
export function mailIndex(memberId: string) {
  return { mailShard: jobIndexShard.mail(shardOf(memberId)), mailKey: memberId };
}

/**
 * The sparse index of members by birthday (`BDAY#<shard>`, `<MM-DD>#<memberId>`), for the
 * birthday gift job: one day's birthdays are a key range in each shard.
 */
export function birthdayIndex(memberId: string, birthday: string) {
  return {
    bdayShard: jobIndexShard.birthday(shardOf(memberId)),
    bdayKey: birthdaySortKey(memberId, birthday),
  };
}

/** A member profile as stored: with its `mail` index entry while it has an email, `birthdays` while it has a birthday. */
export function profileItem(profile: MemberProfile) {
  return {
    ...memberKeys.profile(profile.memberId),
    type: 'memberProfile',
    ...profile,
    ...(profile.email ? mailIndex(profile.memberId) : {}),
    ...(profile.birthday && profile.status === 'active'
      ? birthdayIndex(profile.memberId, profile.birthday)
      : {}),
  };
}
