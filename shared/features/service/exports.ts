/** The operator's exports: every member with their balances, every ledger entry of a period. */
import type { Clock } from '../../core/clock.js';
import { ValidationFailed } from '../../core/errors.js';
import { encodeCursor, type PageRequest } from '../../core/paging.js';
import { balancesOf, normaliseAccount, qualifyingSpendFen } from '../../domain/account.js';
import type { LedgerEntry } from '../../domain/ledgerEntry.js';
import type { Program } from '../../domain/program.js';
import type { ExportSource } from '../../ports/ExportSource.js';
import type { ProgramSource } from '../../ports/ProgramSource.js';

export interface ExportsDeps {
  readonly exports: ExportSource;
  readonly programs: ProgramSource;
  readonly clock: Clock;
}

/** What points are worth when a member pays with them, in fen (signed, rounded toward zero). */
export function pointsValueFen(points: number, program: Program): number {
  const fen = Math.floor((Math.abs(points) * 100) / program.payments.pointsPerYuan);
  return points < 0 ? -fen : fen;
}

/** Every member, with balances exactly as `GET /v1/members/{memberId}` shows them now. */
export async function exportMembers(deps: ExportsDeps, page: PageRequest) {
  const program = await deps.programs.current();
  const nowMs = deps.clock.nowMs();
  const { items, next } = await deps.exports.members(page.limit, page.cursor);
  return {
    items: items.map(({ account: stored, profile }) => {
      const account = normaliseAccount(stored);
      const balances = balancesOf(account, nowMs, program);
      return {
        memberId: account.memberId,
        status: account.status,
        name: profile?.name ?? null,
        email: profile?.email ?? null,
        phone: profile?.phone ?? null,
        birthday: profile?.birthday ?? null,
        locale: profile?.locale ?? null,
        marketingConsent: profile?.marketingConsent ?? false,
        enrolledAt: account.enrolledAt,
        tier: { code: account.tier, since: account.tierSince },
        points: { available: balances.available, pending: balances.pending, held: balances.held },
        value: {
          amount: pointsValueFen(Math.max(balances.available, 0), program),
          currency: program.currency,
        },
        qualifyingSpend: { amount: qualifyingSpendFen(account, nowMs, program), currency: program.currency },
        expiring: balances.expiring.map((lot) => ({ points: lot.points, expiresOn: lot.expiresOn })),
      };
    }),
    nextCursor: encodeCursor(next),
  };
}

/** Every ledger entry recorded in [from, to) (default: all until now), in table order. */
export async function exportLedger(
  deps: ExportsDeps,
  range: { from?: string; to?: string },
  page: PageRequest,
) {
  const fromMs = range.from ? Date.parse(range.from) : 0;
  const toMs = range.to ? Date.parse(range.to) : deps.clock.nowMs() + 1;
  if (toMs <= fromMs) throw new ValidationFailed([{ path: 'to', message: '`to` must be after `from`.' }]);
  const program = await deps.programs.current();
  const { items, next } = await deps.exports.entries(
    { fromIso: new Date(fromMs).toISOString(), toIso: new Date(toMs).toISOString() },
    page.limit,
    page.cursor,
  );
  return {
    items: items.map((entry: LedgerEntry) => ({
      transactionId: entry.transactionId,
      memberId: entry.memberId,
      type: entry.type,
      points: entry.points,
      value: { amount: pointsValueFen(entry.points, program), currency: program.currency },
      createdAt: entry.createdAt,
      occurredAt: entry.occurredAt,
      reference: entry.reference,
      description: entry.description,
    })),
    nextCursor: encodeCursor(next),
  };
}
