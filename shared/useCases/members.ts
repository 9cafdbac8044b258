import { maskEmail, maskPhone } from '../api/masking.js';
import type { EnrolMemberBody, MemberView, UpdateMemberBody } from '../api/members.js';
import type { Clock } from '../clock.js';
import type { Actor } from '../core/caller.js';
import { Conflict, ErrorCode, Forbidden, NotFound, ValidationFailed } from '../core/errors.js';
import { Scope } from '../core/scopes.js';
import {
  type AccountState,
  balancesOf,
  creditBonus,
  newAccount,
  qualifyingSpendFen,
} from '../domain/account.js';
import { AuditAction, type AuditEntry, auditEntry } from '../domain/audit.js';
import { expiresAtMs } from '../domain/expiry.js';
import { EntryType, type LedgerEntry } from '../domain/ledgerEntry.js';
import type { Program } from '../domain/program.js';
import { fingerprint } from '../fingerprint.js';
import type { OperationRecord } from '../ports/LedgerStore.js';
import {
  type MemberProfile,
  MemberStatus,
  type MemberStore,
  type ProfileChanges,
} from '../ports/MemberStore.js';
import type { ProgramSource } from '../ports/ProgramSource.js';
import type { Queue } from '../ports/Queue.js';
import { type EmailMessage, notificationRecord } from './notifications.js';

export interface MembersDeps {
  readonly members: MemberStore;
  readonly clock: Clock;
  readonly programs: ProgramSource;
}

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
  if (input.referrerId !== undefined) {
    const referrer =
      input.referrerId === input.memberId ? null : await deps.members.getProfile(input.referrerId);
    if (!referrer || referrer.status !== MemberStatus.active) {
      const prior = await deps.members.getProfile(input.memberId);
      if (!prior)
        throw new ValidationFailed([{ path: 'referrerId', message: 'No active member has this id.' }]);
    }
  }
  const nowMs = deps.clock.nowMs();
  const program = await deps.programs.current();
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
    createdAt: new Date(nowMs).toISOString(),
    enrolmentFingerprint,
    version: 0,
  };
  const bonus = program.bonuses.enrolment;
  const fresh: AccountState = {
    ...newAccount(input.memberId, nowMs, program.tiers[0]!.code),
    ...(enrolledBy ? { enrolledBy } : {}),
  };
  const account = bonus > 0 ? creditBonus(fresh, bonus, nowMs, program) : fresh;
  const entries: LedgerEntry[] =
    bonus > 0
      ? [
          {
            memberId: input.memberId,
            transactionId: `enrolment-${input.memberId}`,
            type: EntryType.bonus,
            points: bonus,
            createdAt: profile.createdAt,
            occurredAt: profile.createdAt,
            reference: `enrolment:${input.memberId}`,
            description: 'Welcome bonus',
            ...(enrolledBy ? { partnerId: enrolledBy.partnerId } : {}),
          },
        ]
      : [];
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
  return memberViewOf(
    found.profile,
    found.account,
    await deps.programs.current(),
    deps.clock.nowMs(),
    pii,
    found.segment ?? null,
  );
}

/** Who changes a profile, and whether the key may change facts that earn points (`members:identity`). */
export interface ProfileEditor {
  readonly actor: Actor;
  readonly mayChangeIdentity: boolean;
}

/**
 * What a profile change must bring with it: a birthday that was set changes only with
 * `members:identity` and is audited (it earns birthday points); a changed email or phone is
 * audited (field names only) and told to the old email address.
 */
export function guardsOfChange(
  profile: MemberProfile,
  changes: ProfileChanges,
  editor: ProfileEditor,
  nowMs: number,
): { audit: AuditEntry[]; records: OperationRecord[] } {
  const differs = (field: 'birthday' | 'email' | 'phone') =>
    changes[field] !== undefined && (changes[field] ?? null) !== profile[field];
  const audit: AuditEntry[] = [];
  const records: OperationRecord[] = [];
  const target = `member:${profile.memberId}`;
  if (differs('birthday') && profile.birthday !== null) {
    if (!editor.mayChangeIdentity) {
      throw new Forbidden(
        Scope.membersIdentity,
        `The member's birthday is set; changing it needs the "${Scope.membersIdentity}" scope.`,
      );
    }
    audit.push(
      auditEntry(editor.actor, AuditAction.memberBirthdayChanged, target, nowMs, {
        removed: changes.birthday === null,
      }),
    );
  }
  const contact = (['email', 'phone'] as const).filter(differs);
  if (contact.length > 0) {
    audit.push(
      auditEntry(editor.actor, AuditAction.memberContactChanged, target, nowMs, { fields: contact }),
    );
    const told = contact.filter((field) => profile[field] !== null);
    if (told.length > 0 && profile.email) {
      records.push(
        notificationRecord(
          profile.memberId,
          `contact-changed-v${profile.version + 1}`,
          { kind: 'contactChanged', fields: told, changedAtMs: nowMs },
          nowMs,
          { to: profile.email, urgent: true },
        ),
      );
    }
  }
  return { audit, records };
}

/**
 * Changes profile fields, with what the change brings (guardsOfChange) in the same transaction. A
 * contact change notice, written to the outbox with the change, is also put on the email queue at
 * once (a security notice does not wait for the relay, nor for quiet hours); if that fails, the
 * relay sends it.
 */
export async function updateMember(
  deps: MembersDeps & { readonly emailQueue?: Queue<EmailMessage> },
  memberId: string,
  changes: UpdateMemberBody,
  pii: boolean,
  editor: ProfileEditor,
) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const profile = await deps.members.getProfile(memberId);
    if (!profile || profile.status !== MemberStatus.active) throw new NotFound(`Member "${memberId}"`);
    const guards = guardsOfChange(profile, changes as ProfileChanges, editor, deps.clock.nowMs());
    if (await deps.members.updateProfile(memberId, profile.version, changes as ProfileChanges, guards)) {
      if (deps.emailQueue && guards.records.length > 0) {
        await deps.emailQueue
          .sendAll(guards.records.map((record) => ({ memberId, key: record.id })))
          .catch(() => undefined);
      }
      return getMember(deps, memberId, pii);
    }
  }
  throw new Conflict(ErrorCode.invalidState, 'The member changed concurrently; try again.');
}

/** Erases the member's personal data (the anonymous ledger stays), audited in the same transaction. */
export async function eraseMember(deps: MembersDeps, actor: Actor, memberId: string): Promise<void> {
  const nowMs = deps.clock.nowMs();
  const erased = await deps.members.erase(memberId, new Date(nowMs).toISOString(), [
    auditEntry(actor, AuditAction.memberErased, `member:${memberId}`, nowMs),
  ]);
  if (!erased) throw new NotFound(`Member "${memberId}"`);
}

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
