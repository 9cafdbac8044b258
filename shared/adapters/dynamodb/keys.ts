import type { AccountState } from '../../domain/account.js';
import type { StoredItem } from '../../domain/aggregates.js';
import type { AuditEntry } from '../../domain/audit.js';
import type { LedgerEntry } from '../../domain/ledgerEntry.js';
import type { JobRun } from '../../ports/JobStore.js';
import type { MemberProfile } from '../../ports/MemberStore.js';
import { birthdaySortKey, expiryIndexOf, shardOf, tierIndexOf } from '../indexes.js';

export { shardOf };

const memberPrefix = 'MEMBER#';
const accountSortKey = 'ACCOUNT';
/** A ledger entry's sort key: `TX#<createdAt>#<transactionId>`. */
export const entrySortKeyPrefix = 'TX#';
/** A settlement fact's sort key (ports/LedgerStore.ts `ClearingFact`): `CF#<kind>`. */
export const clearingFactSortKeyPrefix = 'CF#';

/** Item keys of the single table, in one place. */
export const memberKeys = {
  profile: (memberId: string) => ({ pk: `${memberPrefix}${memberId}`, sk: 'PROFILE' }),
  account: (memberId: string) => ({ pk: `${memberPrefix}${memberId}`, sk: accountSortKey }),
};

/**
 * The items the ledger stream's aggregator reads (shared/system.ts `streams`): accounts, ledger
 * entries and settlement facts that move no points; the stream's filter lets only these through.
 */
export const ledgerStreamFilter = {
  sortKeyEquals: [accountSortKey],
  sortKeyPrefixes: [entrySortKeyPrefix, clearingFactSortKeyPrefix],
} as const;

/** What a stream change's keys say the item is, for the aggregator (the domain never sees the keys). */
export function storedItemOf(keys: { readonly pk: string; readonly sk: string }): StoredItem {
  const { pk, sk } = keys;
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
    pk: memberKeys.account(entry.memberId).pk,
    sk: `${entrySortKeyPrefix}${entry.createdAt}#${entry.transactionId}`,
    type: 'entry',
    entryType: type,
    ...rest,
  };
}

/**
 * The partition keys of the sharded job indexes (tableDefinition.ts): written with the items,
 * read page by page by the jobs (DynamoJobStore).
 */
export const jobIndexShard = {
  expiry: (shard: number) => `EXP#${shard}`,
  tier: (shard: number) => `TIER#${shard}`,
  mail: (shard: number) => `MAIL#${shard}`,
  birthday: (shard: number) => `BDAY#${shard}`,
  accepted: (shard: number) => `ACC#${shard}`,
  holds: (shard: number) => `HOLDS#${shard}`,
  outbox: (shard: number) => `OUTBOX#${shard}`,
};

/** The member of a member's item, from its partition key. */
export const memberIdOfKey = (pk: unknown) => String(pk).slice(memberPrefix.length);

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

/** The audit log's partition of a UTC month (`YYYY-MM`). */
export const auditPartition = (month: string) => `AUDIT#${month}`;

/** An audit entry as stored: one partition per UTC month, sorted by time. */
export function auditItem(entry: AuditEntry) {
  return {
    pk: auditPartition(entry.at.slice(0, 7)),
    sk: `${entry.at}#${entry.auditId}`,
    type: 'audit',
    ...entry,
  };
}

/** A Put of each audit entry, for a TransactWriteItems that also performs the act. */
export function auditPuts(table: string, entries: readonly AuditEntry[] = []) {
  return entries.map((entry) => ({
    Put: { TableName: table, Item: auditItem(entry), ConditionExpression: 'attribute_not_exists(pk)' },
  }));
}

/** Attempt 1 keeps the keys of runs written before attempts existed. */
const attemptOf = (run: Pick<JobRun, 'attempt'>) => (run.attempt && run.attempt > 1 ? `${run.attempt}#` : '');

/**
 * A run's counts are spread over this many items (`RUN#COUNT#<attempt>#<bucket>`, chosen by the
 * message id), summed when the run is read: messages counted at the same moment rarely touch the
 * same item, so their transactions do not conflict on one hot run item.
 */
const countBuckets = 16;

/** A job run's items: the run (`RUN`), its count buckets and its messages' markers (`MSG#`). */
export const jobRunKeys = {
  runKey: (runId: string) => ({ pk: `JOBRUN#${runId}`, sk: 'RUN' }),
  markerKey: (run: JobRun, messageId: string) => ({
    pk: `JOBRUN#${run.runId}`,
    sk: `MSG#${attemptOf(run)}${messageId}`,
  }),
  bucketKey: (run: JobRun, messageId: string) => ({
    pk: `JOBRUN#${run.runId}`,
    sk: `RUN#COUNT#${attemptOf(run)}${String(shardOf(messageId, countBuckets)).padStart(2, '0')}`,
  }),
  /** The sort keys of the run's current attempt's buckets begin with this. */
  bucketsPrefix: (run: Pick<JobRun, 'attempt'>) => `RUN#COUNT#${attemptOf(run)}`,
};
