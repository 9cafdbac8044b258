import { type AccountState, normaliseAccount } from '../domain/account.js';
import { EntryType, type LedgerEntry } from '../domain/ledgerEntry.js';
import { totalOf } from '../domain/lots.js';
import { NotFound, ValidationFailed } from '../errors.js';
import { encodeCursor, type Page, type PageRequest } from '../http/paging.js';
import type { LedgerStore } from '../ports/LedgerStore.js';
import type { MemberStore } from '../ports/MemberStore.js';
import type { ProgramSource } from '../ports/ProgramSource.js';

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

/**
 * The programme at a glance for [from, to): members, points moved by kind, what is outstanding now
 * and its value (the liability), the redemption rate and members by tier. It reads every account
 * and the period's entries of each, so it suits operators' occasional use, not a dashboard's polling.
 */
export async function summaryReport(
  deps: { ledger: LedgerStore; programs: ProgramSource },
  range: { from: string; to: string },
) {
  const [fromMs, toMs] = [Date.parse(range.from), Date.parse(range.to)];
  if (toMs <= fromMs) throw new ValidationFailed([{ path: 'to', message: '`to` must be after `from`.' }]);
  const period = { fromIso: new Date(fromMs).toISOString(), toIso: new Date(toMs).toISOString() };
  const issuing: readonly string[] = [EntryType.earn, EntryType.bonus, EntryType.activity];
  const spending: readonly string[] = [EntryType.redeem, EntryType.hold, EntryType.release];
  const program = await deps.programs.current();
  const totals = {
    members: 0,
    newMembers: 0,
    active: 0,
    issued: 0,
    redeemed: 0,
    expired: 0,
    reversed: 0,
    outstanding: 0,
  };
  const tiers: Record<string, number> = Object.fromEntries(program.tiers.map((tier) => [tier.code, 0]));
  await forEachAccount(deps.ledger, async (account) => {
    totals.members++;
    const enrolledAtMs = Date.parse(normaliseAccount(account).enrolledAt);
    if (enrolledAtMs >= fromMs && enrolledAtMs < toMs) totals.newMembers++;
    totals.outstanding += bookBalance(account);
    if (account.status === 'active') tiers[account.tier] = (tiers[account.tier] ?? 0) + 1;
    let moved = false;
    for await (const entry of deps.ledger.allEntries(account.memberId, period)) {
      if (issuing.includes(entry.type)) totals.issued += entry.points;
      if (spending.includes(entry.type)) totals.redeemed -= entry.points;
      if (entry.type === EntryType.expire) totals.expired -= entry.points;
      // A reversed redemption gives its points back; other reversals take back refunded points.
      if (entry.type === EntryType.reversal && entry.reference.startsWith('redemption:')) {
        totals.redeemed -= entry.points;
      } else if (entry.type === EntryType.reversal) totals.reversed -= entry.points;
      if (entry.type !== EntryType.expire) moved = true;
    }
    if (moved) totals.active++;
  });
  return {
    from: range.from,
    to: range.to,
    members: { total: totals.members, new: totals.newMembers, active: totals.active },
    points: {
      issued: totals.issued,
      redeemed: totals.redeemed,
      expired: totals.expired,
      reversed: totals.reversed,
      outstanding: totals.outstanding,
    },
    liability: {
      amount: Math.floor((Math.max(totals.outstanding, 0) * 100) / program.payments.pointsPerYuan),
      currency: program.currency,
    },
    redemptionRate: totals.issued === 0 ? 0 : Math.round((totals.redeemed / totals.issued) * 10_000) / 10_000,
    tiers,
  };
}
