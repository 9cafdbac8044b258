/**
 * The referral bonus (CONTRACT 6.1): the referrer earns it when the referred member's first purchase
 * that earns points is credited (one that earns none pays nothing); a whole refund of that purchase
 * takes it back (features/purchases/refund.ts), and the next purchase that earns points pays it again.
 */
import type { AccountState } from './account.js';
import type { Program } from './program.js';

/** Whether this credit may pay a referral, before the referrer is read: points earned, none outstanding, a bonus. */
export function referralMayBeDue(input: {
  readonly pointsEarned: number;
  readonly referralPaidBy: string | null | undefined;
  readonly referrerId: string | null | undefined;
  readonly program: Program;
}): boolean {
  return (
    input.pointsEarned > 0 &&
    input.referralPaidBy === null &&
    Boolean(input.referrerId) &&
    input.program.bonuses.referral > 0
  );
}

/** Whether the referrer can take the bonus: an active account, and not the member referring themselves. */
export function referrerCanEarn(
  referrer: Pick<AccountState, 'status'> | null | undefined,
  referrerId: string,
  memberId: string,
): boolean {
  return referrer?.status === 'active' && referrerId !== memberId;
}

/** The referral a refund takes back: the one this purchase's credit paid, with the purchase's whole refund. */
export function referralTakenBack<R>(purchase: { readonly referralPaid?: R }, whole: boolean): R | undefined {
  return whole ? purchase.referralPaid : undefined;
}
