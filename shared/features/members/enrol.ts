/** Enrolment: a new member with its welcome bonus and welcome email, idempotent on memberId. */

import { Conflict, ErrorCode, ValidationFailed } from '../../core/errors.js';
import { fingerprint } from '../../core/fingerprint.js';
import { type AccountState, creditBonus, newAccount } from '../../domain/account.js';
import { EntryType, type LedgerEntry } from '../../domain/ledgerEntry.js';
import type { Program } from '../../domain/program.js';
import { type MemberProfile, MemberStatus } from '../../ports/MemberStore.js';
import { notificationRecord } from '../notifications/emails.js';
import { getMember, type MembersDeps } from './profile.js';
import type { EnrolMemberBody, MemberView } from './schemas.js';

export interface EnrolResult {
  readonly created: boolean;
  readonly member: MemberView;
}

export async function enrolMember(
  deps: MembersDeps,
  input: EnrolMemberBody,
  pii: boolean,
  /** The partner whose key enrols the member: new members by partner in the daily figures. */
  enrolledBy?: { readonly partnerId: string },
): Promise<EnrolResult> {
  // The enrolling partner is part of the fingerprint: only that partner's exact repeat answers 200;
  // any other body, or the same body from another partner, is 409 (no oracle for a masked phone).
  const enrolmentFingerprint = fingerprint(
    enrolledBy ? { ...input, enrolledBy: enrolledBy.partnerId } : input,
  );
  await assertReferrer(deps, input);
  const nowMs = deps.clock.nowMs();
  const program = await deps.programs.current();
  const profile = newProfile(input, nowMs, enrolmentFingerprint);
  const bonus = program.bonuses.enrolment;
  const { account, entries } = welcomeBonus(input.memberId, profile.createdAt, nowMs, program, enrolledBy);
  const welcome = profile.email
    ? [notificationRecord(input.memberId, 'welcome', { kind: 'welcome', points: bonus }, nowMs)]
    : [];
  const { created, profile: stored } = await deps.members.enrol(
    profile,
    { ...account, version: 0 },
    entries,
    welcome,
  );
  if (!created && !(await isOwnRepeat(deps, stored, input, enrolmentFingerprint, enrolledBy))) {
    throw new Conflict(
      ErrorCode.memberExists,
      `Member "${input.memberId}" already exists; only the partner that enrolled it may repeat its enrolment, with the same body.`,
    );
  }
  return { created, member: await getMember(deps, input.memberId, pii, { includeErased: true }) };
}

/**
 * A referrer must be an active member other than the one enrolled; a repeated enrolment of a
 * member that exists is judged by isOwnRepeat instead.
 */
async function assertReferrer(deps: MembersDeps, input: EnrolMemberBody): Promise<void> {
  if (input.referrerId !== undefined) {
    const referrer =
      input.referrerId === input.memberId ? null : await deps.members.getProfile(input.referrerId);
    if (!referrer || referrer.status !== MemberStatus.active) {
      const prior = await deps.members.getProfile(input.memberId);
      if (!prior)
        throw new ValidationFailed([{ path: 'referrerId', message: 'No active member has this id.' }]);
    }
  }
}

function newProfile(input: EnrolMemberBody, nowMs: number, enrolmentFingerprint: string): MemberProfile {
  return {
    memberId: input.memberId,
    name: input.name ?? null,
    email: input.email ?? null,
    phone: input.phone ?? null,
    birthday: input.birthday ?? null,
    locale: input.locale ?? 'zh-CN',
    marketingConsent: input.marketingConsent ?? false,
    referrerId: input.referrerId ?? null,
    status: MemberStatus.active,
    createdAt: new Date(nowMs).toISOString(),
    enrolmentFingerprint,
    version: 0,
  };
}

/** The new account, credited with the programme's enrolment bonus if it has one, and its entry. */
function welcomeBonus(
  memberId: string,
  createdAt: string,
  nowMs: number,
  program: Program,
  enrolledBy: { readonly partnerId: string } | undefined,
): { account: AccountState; entries: LedgerEntry[] } {
  const bonus = program.bonuses.enrolment;
  const fresh: AccountState = {
    ...newAccount(memberId, nowMs, program.tiers[0]!.code),
    ...(enrolledBy ? { enrolledBy } : {}),
  };
  const account = bonus > 0 ? creditBonus(fresh, bonus, nowMs, program) : fresh;
  const entries: LedgerEntry[] =
    bonus > 0
      ? [
          {
            memberId,
            transactionId: `enrolment-${memberId}`,
            type: EntryType.bonus,
            points: bonus,
            createdAt,
            occurredAt: createdAt,
            reference: `enrolment:${memberId}`,
            description: 'Welcome bonus',
            ...(enrolledBy ? { partnerId: enrolledBy.partnerId } : {}),
          },
        ]
      : [];
  return { account, entries };
}

/**
 * Whether an enrolment of a member that exists repeats the first one: the same body from the same
 * partner. Members enrolled before the fingerprint named the partner match on the body and the
 * partner their account records.
 */
async function isOwnRepeat(
  deps: MembersDeps,
  stored: MemberProfile,
  input: EnrolMemberBody,
  enrolmentFingerprint: string,
  enrolledBy: { readonly partnerId: string } | undefined,
): Promise<boolean> {
  if (stored.status !== MemberStatus.active || !stored.enrolmentFingerprint) return false;
  if (stored.enrolmentFingerprint === enrolmentFingerprint) return true;
  if (!enrolledBy || stored.enrolmentFingerprint !== fingerprint(input)) return false;
  const found = await deps.members.getMember(input.memberId);
  return found?.account.enrolledBy?.partnerId === enrolledBy.partnerId;
}
