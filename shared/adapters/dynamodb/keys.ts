import { createHash } from 'node:crypto';
import type { AccountState } from '../../domain/account.js';
import type { AuditEntry } from '../../domain/audit.js';
import type { LedgerEntry } from '../../domain/ledgerEntry.js';
import { NEVER } from '../../domain/lots.js';
import type { MemberProfile } from '../../ports/MemberStore.js';
import { jobIndexShards } from './tableDefinition.js';

/** Item keys of the single table, in one place. */
export const memberKeys = {
  profile: (memberId: string) => ({ pk: `MEMBER#${memberId}`, sk: 'PROFILE' }),
  account: (memberId: string) => ({ pk: `MEMBER#${memberId}`, sk: 'ACCOUNT' }),
};

/** A ledger entry as stored: under its member, sorted by creation time. */
export function entryItem(entry: LedgerEntry) {
  const { type, ...rest } = entry;
  return {
    pk: memberKeys.account(entry.memberId).pk,
    sk: `TX#${entry.createdAt}#${entry.transactionId}`,
    type: 'entry',
    entryType: type,
    ...rest,
  };
}

/** A stable shard of a member id for the job indexes. */
export function shardOf(memberId: string, shards = jobIndexShards): number {
  return Number.parseInt(createHash('sha1').update(memberId).digest('hex').slice(0, 8), 16) % shards;
}

/**
 * An account as stored, with the derived attributes of the sparse job indexes: its soonest expiry
 * date (only while it holds points that expire) and its tier shard (only above the first tier).
 */
export function accountItem(account: AccountState, firstTier = 'base') {
  const dates = [
    ...Object.entries(account.lots ?? {})
      .filter(([, points]) => points > 0)
      .map(([date]) => date),
    ...(account.pending ?? []).map((lot) => lot.expiresOn),
  ].filter((date) => date !== NEVER);
  const soonest = dates.sort()[0];
  const shard = shardOf(account.memberId);
  const active = account.status === 'active';
  return {
    ...memberKeys.account(account.memberId),
    type: 'memberAccount',
    ...account,
    ...(soonest && active
      ? { expiryShard: `EXP#${shard}`, expiryKey: `${soonest}#${account.memberId}` }
      : {}),
    ...(account.tier !== firstTier && active
      ? { tierShard: `TIER#${shard}`, tierKey: account.memberId }
      : {}),
  };
}

/** The sparse index of members who can receive statements: active, subscribed, with an email. */
export function mailIndex(memberId: string) {
  return { mailShard: `MAIL#${shardOf(memberId)}`, mailKey: memberId };
}

/**
 * The sparse index of members by birthday (`BDAY#<shard>`, `<MM-DD>#<memberId>`), for the
 * birthday gift job: one day's birthdays are a key range in each shard.
 */
export function birthdayIndex(memberId: string, birthday: string) {
  return { bdayShard: `BDAY#${shardOf(memberId)}`, bdayKey: `${birthday.slice(5, 10)}#${memberId}` };
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

/** An audit entry as stored: one partition per UTC month, sorted by time. */
export function auditItem(entry: AuditEntry) {
  return { pk: `AUDIT#${entry.at.slice(0, 7)}`, sk: `${entry.at}#${entry.auditId}`, type: 'audit', ...entry };
}

/** A Put of each audit entry, for a TransactWriteItems that also performs the act. */
export function auditPuts(table: string, entries: readonly AuditEntry[] = []) {
  return entries.map((entry) => ({
    Put: { TableName: table, Item: auditItem(entry), ConditionExpression: 'attribute_not_exists(pk)' },
  }));
}
