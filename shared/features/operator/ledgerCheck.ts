import { type AccountState, normaliseAccount } from '../../domain/account.js';
import { totalOf } from '../../domain/lots.js';
import type { LedgerStore } from '../../ports/LedgerStore.js';

/**
 * The ledger's book value of an account: what its entries must add up to. Points held for a
 * payment are outside it (the hold entry debited them); expired lots stay in it until the expiry
 * job writes their `expire` entry.
 */
export function bookBalance(account: AccountState): number {
  const current = normaliseAccount(account);
  const pending = current.pending.reduce((sum, lot) => sum + lot.points, 0);
  return totalOf(current.lots) - current.debt + pending;
}

export interface LedgerMismatch {
  readonly memberId: string;
  readonly accountBalance: number;
  readonly sumOfEntries: number;
}

/** Parallel scan segments of the reports: each reads its share of the accounts at once. */
const scanParts = 4;

/** Calls `visit` for every account, reading the table in `scanParts` parallel segments. */
async function forEachAccount(ledger: LedgerStore, visit: (account: AccountState) => Promise<void>) {
  await Promise.all(
    Array.from({ length: scanParts }, async (_, index) => {
      for await (const accounts of ledger.scanAccounts({ index, of: scanParts })) {
        await Promise.all(accounts.map(visit));
      }
    }),
  );
}

/** Checks that every member's balances equal the sum of their ledger entries. */
export async function ledgerCheck(deps: { ledger: LedgerStore }) {
  let membersChecked = 0;
  const mismatches: LedgerMismatch[] = [];
  await forEachAccount(deps.ledger, async (account) => {
    let sum = 0;
    for await (const entry of deps.ledger.allEntries(account.memberId)) sum += entry.points;
    membersChecked++;
    const balance = bookBalance(account);
    if (balance !== sum)
      mismatches.push({ memberId: account.memberId, accountBalance: balance, sumOfEntries: sum });
  });
  return { ok: mismatches.length === 0, membersChecked, mismatches };
}
