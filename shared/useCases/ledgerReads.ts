import { type AccountState, normaliseAccount } from '../domain/account.js';
import type { LedgerEntry } from '../domain/ledgerEntry.js';
import { totalOf } from '../domain/lots.js';
import { NotFound } from '../errors.js';
import { encodeCursor, type Page, type PageRequest } from '../http/paging.js';
import type { LedgerStore } from '../ports/LedgerStore.js';
import type { MemberStore } from '../ports/MemberStore.js';

export function transactionView(entry: LedgerEntry) {
  return {
    transactionId: entry.transactionId,
    type: entry.type,
    points: entry.points,
    createdAt: entry.createdAt,
    occurredAt: entry.occurredAt,
    reference: entry.reference,
    description: entry.description,
    ...(entry.reverses ? { reverses: entry.reverses } : {}),
    ...(entry.pendingUntil ? { pendingUntil: entry.pendingUntil } : {}),
  };
}

export async function listTransactions(
  deps: { ledger: LedgerStore; members: MemberStore },
  memberId: string,
  page: PageRequest,
): Promise<Page<ReturnType<typeof transactionView>>> {
  if (!(await deps.members.getProfile(memberId))) throw new NotFound(`Member "${memberId}"`);
  const { items, next } = await deps.ledger.entries(memberId, page.limit, page.cursor);
  return { items: items.map(transactionView), nextCursor: encodeCursor(next) };
}

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

/** Checks that every member's balances equal the sum of their ledger entries. */
export async function ledgerCheck(deps: { ledger: LedgerStore }) {
  let membersChecked = 0;
  const mismatches: LedgerMismatch[] = [];
  for await (const accounts of deps.ledger.scanAccounts()) {
    await Promise.all(
      accounts.map(async (account) => {
        let sum = 0;
        for await (const entry of deps.ledger.allEntries(account.memberId)) sum += entry.points;
        membersChecked++;
        const balance = bookBalance(account);
        if (balance !== sum)
          mismatches.push({ memberId: account.memberId, accountBalance: balance, sumOfEntries: sum });
      }),
    );
  }
  return { ok: mismatches.length === 0, membersChecked, mismatches };
}
