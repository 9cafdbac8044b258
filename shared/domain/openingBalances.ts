/**
 * The account of a member brought over from another programme: opening balances as lots that
 * expire by this programme's policy from the day each was earned, a tier kept until the next
 * review, and qualifying spend that counts over the trailing 12 months.
 */
import { type AccountState, newAccount } from './account.js';
import { trailingMonths } from './calendar.js';
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
