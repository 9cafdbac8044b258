/**
 * The account of a member brought over from another programme: opening balances as lots that
 * expire by this programme's policy from the day each was earned, a tier kept until the next
 * review, and qualifying spend that counts over the trailing 12 months.
 */
import { type AccountState, newAccount } from './account.js';
import { programDay, trailingMonths } from './calendar.js';
import { EntryType, type LedgerEntry } from './ledgerEntry.js';
import { type Balance, creditBalance } from './lots.js';
import type { Program } from './program.js';
import type { QualifyingSpend } from './tiers.js';

export interface OpeningLot {
  readonly points: number;
  readonly earnedAtMs: number;
  /** The lot's expiry date under the policy in force when it was earned (`YYYY-MM-DD`, or NEVER). */
  readonly expiresOn: string;
}

export interface OpeningAccount {
  readonly memberId: string;
  readonly enrolledAtMs: number;
  /** When the import writes the account (business clock). */
  readonly nowMs: number;
  /** A tier code of the programme; the first tier when absent. */
  readonly tier: string | null;
  readonly qualifyingSpendFen: number;
  readonly lastPurchaseAtMs: number | null;
  readonly lots: readonly OpeningLot[];
  /** An enrolment bonus (only when the import asks for one), expiring by the policy from `nowMs`. */
  readonly bonus: { readonly points: number; readonly expiresOn: string } | null;
  readonly program: Program;
}

/**
 * Spreads a trailing-12-month figure evenly over the 12 programme months ending with the month
 * of `nowMs` (the remainder in the latest month): on import day the trailing spend equals the
 * figure, and it ages out month by month as real spend does.
 */
export function spreadSpend(totalFen: number, nowMs: number, tz: string): QualifyingSpend {
  if (totalFen <= 0) return {};
  const months = trailingMonths(nowMs, tz, 12);
  const each = Math.floor(totalFen / months.length);
  const spend: Record<string, number> = {};
  months.forEach((month, i) => {
    const fen = each + (i === months.length - 1 ? totalFen - each * months.length : 0);
    if (fen > 0) spend[month] = fen;
  });
  return spend;
}

/** The imported member's account, version 0, whose lots add up to the opening balances (and bonus). */
export function openingAccount(input: OpeningAccount): AccountState {
  const { program } = input;
  const firstTier = program.tiers[0]!.code;
  const tier = input.tier ?? firstTier;
  const base = newAccount(input.memberId, input.enrolledAtMs);
  let balance: Balance = { lots: base.lots, debt: 0 };
  for (const lot of input.lots) balance = creditBalance(balance, lot.expiresOn, lot.points).balance;
  if (input.bonus && input.bonus.points > 0) {
    balance = creditBalance(balance, input.bonus.expiresOn, input.bonus.points).balance;
  }
  return {
    ...base,
    tier,
    tierSince: tier === firstTier ? base.tierSince : new Date(input.nowMs).toISOString(),
    lots: balance.lots,
    debt: balance.debt,
    spend: spreadSpend(input.qualifyingSpendFen, input.nowMs, program.timeZone),
    lastPurchaseAtMs: input.lastPurchaseAtMs,
    // A member who brings spend, a last purchase or balances has bought before: first-purchase
    // rules (campaigns, the referral bonus) are not theirs to take.
    firstPurchaseCredited:
      input.qualifyingSpendFen > 0 || input.lastPurchaseAtMs !== null || input.lots.length > 0,
    version: 0,
  };
}

/**
 * The last purchase an imported member is taken to have made: the one the row gives; without it,
 * spend in the trailing year counts as a purchase now (recent enough that the next review judges
 * the spend); no spend and no date, none.
 */
export function openingLastPurchaseAtMs(
  lastPurchaseAtMs: number | null,
  qualifyingSpendFen: number,
  nowMs: number,
): number | null {
  if (lastPurchaseAtMs !== null) return lastPurchaseAtMs;
  return qualifyingSpendFen > 0 ? nowMs : null;
}

export interface OpeningEntries {
  readonly memberId: string;
  readonly importId: string;
  /** The row that brings the member, `import:<importId>#<row>`. */
  readonly reference: string;
  readonly lots: readonly OpeningLot[];
  /** The enrolment bonus the import credits (0: none). */
  readonly bonusPoints: number;
  /** When the import writes them (business clock). */
  readonly nowMs: number;
  readonly timeZone: string;
}

/**
 * The ledger entries of an imported member: one `adjust` entry (migration) per opening lot,
 * occurring when it was earned, and the welcome bonus when there is one; they add up to the
 * account `openingAccount` opens.
 */
export function openingEntries(input: OpeningEntries): LedgerEntry[] {
  const { memberId, importId, reference, timeZone } = input;
  const importedAt = new Date(input.nowMs).toISOString();
  const entries: LedgerEntry[] = input.lots.map((lot, i) => ({
    memberId,
    transactionId: `import-${importId}-${i + 1}`,
    type: EntryType.adjust,
    points: lot.points,
    createdAt: importedAt,
    occurredAt: new Date(lot.earnedAtMs).toISOString(),
    reference,
    description: `Opening balance (migration), earned ${programDay(lot.earnedAtMs, timeZone)}`,
  }));
  if (input.bonusPoints > 0) {
    entries.push({
      memberId,
      transactionId: `enrolment-${memberId}`,
      type: EntryType.bonus,
      points: input.bonusPoints,
      createdAt: importedAt,
      occurredAt: importedAt,
      reference: `enrolment:${memberId}`,
      description: 'Welcome bonus',
    });
  }
  return entries;
}
