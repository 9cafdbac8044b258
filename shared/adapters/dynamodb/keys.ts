import type { AccountState } from '../../domain/account.js';
import type { LedgerEntry } from '../../domain/ledgerEntry.js';

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

export function accountItem(account: AccountState) {
  return { ...memberKeys.account(account.memberId), type: 'memberAccount', ...account };
}
