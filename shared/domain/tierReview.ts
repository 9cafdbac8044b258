/** The monthly tier review of one account: the inputs `reviewTier` judges, read off the account. */
import { type AccountState, normaliseAccount, qualifyingSpendFen } from './account.js';
import type { Program } from './program.js';
import { reviewTier, trailingSpendFen } from './tiers.js';

/**
 * The review of a settled account as of `asOfMs`: its trailing 12-month spend, the spend over its
 * tier's maintenance window (when the tier has one), and its last purchase.
 */
export function reviewAccountTier(account: AccountState, asOfMs: number, program: Program) {
  const keep = program.tiers.find((tier) => tier.code === account.tier)?.keep;
  return reviewTier({
    currentTier: account.tier,
    trailingSpendFen: qualifyingSpendFen(account, asOfMs, program),
    ...(keep
      ? {
          keepSpendFen: trailingSpendFen(
            normaliseAccount(account).spend,
            asOfMs,
            program.timeZone,
            keep.months,
          ),
        }
      : {}),
    lastPurchaseAtMs: account.lastPurchaseAtMs,
    nowMs: asOfMs,
    program,
  });
}
