/** What expires of an account on a day: its due lots, and pending points whose expiry date has come. */
import type { AccountState } from './account.js';
import { programDay } from './calendar.js';
import { expireDue } from './lots.js';

/**
 * The points of a settled account that expire as of `asOfMs`, by expiry date, and the account
 * without them (its version unchanged). Points still pending whose expiry date has come expire
 * with the rest.
 */
export function expireAccount(
  account: AccountState,
  asOfMs: number,
  tz: string,
): { readonly expired: Readonly<Record<string, number>>; readonly account: AccountState } {
  const due = expireDue(account.lots, asOfMs, tz);
  const pendingDue = account.pending.filter((lot) => lot.expiresOn <= programDay(asOfMs, tz));
  const expired: Record<string, number> = { ...due.expired };
  for (const lot of pendingDue) expired[lot.expiresOn] = (expired[lot.expiresOn] ?? 0) + lot.points;
  return {
    expired,
    account: {
      ...account,
      lots: due.lots,
      pending: account.pending.filter((lot) => !pendingDue.includes(lot)),
    },
  };
}
