import { maskEmail, maskPhone } from '../api/masking.js';
import type { EnrolMemberBody, MemberView, UpdateMemberBody } from '../api/members.js';
import type { Clock } from '../clock.js';
import type { Program } from '../domain/program.js';
import { Conflict, ErrorCode, NotFound } from '../errors.js';
import { fingerprint } from '../fingerprint.js';
import {
  type MemberAccount,
  type MemberProfile,
  MemberStatus,
  type MemberStore,
  type ProfileChanges,
} from '../ports/MemberStore.js';

export interface MembersDeps {
  readonly members: MemberStore;
  readonly clock: Clock;
  readonly program: () => Promise<Program>;
}

export interface EnrolResult {
  readonly created: boolean;
  readonly member: MemberView;
}

export async function enrolMember(
  deps: MembersDeps,
  input: EnrolMemberBody,
  pii: boolean,
): Promise<EnrolResult> {
  const enrolmentFingerprint = fingerprint(input);
  const profile: MemberProfile = {
    memberId: input.memberId,
    name: input.name ?? null,
    email: input.email ?? null,
    phone: input.phone ?? null,
    birthday: input.birthday ?? null,
    locale: input.locale ?? 'zh-CN',
    marketingConsent: input.marketingConsent ?? false,
    referrerId: input.referrerId ?? null,
    status: MemberStatus.active,
    createdAt: new Date(deps.clock.nowMs()).toISOString(),
    enrolmentFingerprint,
    version: 0,
  };
  const { created, profile: stored } = await deps.members.enrol(profile);
  if (!created && stored.enrolmentFingerprint !== enrolmentFingerprint) {
    throw new Conflict(
      ErrorCode.memberExists,
      `Member "${input.memberId}" already exists; enrolling again needs the same body as the first enrolment.`,
    );
  }
  return { created, member: await getMember(deps, input.memberId, pii, { includeErased: true }) };
}

export async function getMember(
  deps: MembersDeps,
  memberId: string,
  pii: boolean,
  options: { includeErased?: boolean } = {},
): Promise<MemberView> {
  const found = await deps.members.getMember(memberId);
  if (!found || (found.profile.status === MemberStatus.erased && !options.includeErased)) {
    throw new NotFound(`Member "${memberId}"`);
  }
  return memberViewOf(found.profile, found.account, await deps.program(), pii);
}

export async function updateMember(
  deps: MembersDeps,
  memberId: string,
  changes: UpdateMemberBody,
  pii: boolean,
) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const profile = await deps.members.getProfile(memberId);
    if (!profile || profile.status !== MemberStatus.active) throw new NotFound(`Member "${memberId}"`);
    if (await deps.members.updateProfile(memberId, profile.version, changes as ProfileChanges)) {
      return getMember(deps, memberId, pii);
    }
  }
  throw new Conflict(ErrorCode.invalidState, 'The member changed concurrently; try again.');
}

export async function eraseMember(deps: MembersDeps, memberId: string): Promise<void> {
  const erased = await deps.members.erase(memberId, new Date(deps.clock.nowMs()).toISOString());
  if (!erased) throw new NotFound(`Member "${memberId}"`);
}

export function memberViewOf(
  profile: MemberProfile,
  account: MemberAccount,
  program: Program,
  pii: boolean,
): MemberView {
  const tierIndex = Math.max(
    program.tiers.findIndex((tier) => tier.code === account.tier),
    0,
  );
  const tier = program.tiers[tierIndex]!;
  const next = program.tiers[tierIndex + 1];
  const qualifyingSpendFen = 0;
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
            amount: Math.max(next.thresholdFen - qualifyingSpendFen, 0),
            currency: program.currency,
          },
        }
      : null,
    qualifyingSpend: { amount: qualifyingSpendFen, currency: program.currency },
    discountRate: Number(tier.discountRate),
    points: { available: 0, pending: 0, expiring: [] },
  };
}
