/** A member as the API shows it: profile, tier, balances; email and phone masked without pii:read. */

import { type AccountState, balancesOf, qualifyingSpendFen } from '../../domain/account.js';
import { expiresAtMs } from '../../domain/expiry.js';
import type { Program } from '../../domain/program.js';
import type { MemberProfile } from '../../ports/MemberStore.js';
import { maskEmail, maskPhone } from './masking.js';
import type { MemberView } from './schemas.js';

export function memberViewOf(
  profile: MemberProfile,
  account: AccountState,
  program: Program,
  nowMs: number,
  pii: boolean,
  /** The member's RFM segment (shared/domain/segments.ts), from the last segments run. */
  segment: string | null = null,
): MemberView {
  const tierIndex = Math.max(
    program.tiers.findIndex((tier) => tier.code === account.tier),
    0,
  );
  const tier = program.tiers[tierIndex]!;
  const next = program.tiers[tierIndex + 1];
  const spendFen = qualifyingSpendFen(account, nowMs, program);
  const balances = balancesOf(account, nowMs, program);
  return {
    memberId: profile.memberId,
    name: profile.name,
    email: profile.email && !pii ? maskEmail(profile.email) : profile.email,
    phone: profile.phone && !pii ? maskPhone(profile.phone) : profile.phone,
    birthday: profile.birthday,
    locale: profile.locale,
    marketingConsent: profile.marketingConsent,
    status: profile.status,
    createdAt: profile.createdAt,
    tier: { code: tier.code, name: tier.name, since: account.tierSince },
    nextTier: next
      ? {
          code: next.code,
          name: next.name,
          spendNeeded: {
            amount: Math.max(next.thresholdFen - spendFen, 0),
            currency: program.currency,
          },
        }
      : null,
    qualifyingSpend: { amount: spendFen, currency: program.currency },
    discountRate: Number(tier.discountRate),
    points: {
      available: balances.available,
      pending: balances.pending,
      held: balances.held,
      expiring: balances.expiring.map((lot) => ({
        points: lot.points,
        expiresAt: new Date(expiresAtMs(lot.expiresOn, program.timeZone)).toISOString(),
      })),
    },
    segment: (segment as MemberView['segment']) ?? null,
  };
}
