/** A member's profile: read it, change its fields (with what a change brings). */

import type { Actor } from '../../core/caller.js';
import type { Clock } from '../../core/clock.js';
import { Conflict, ErrorCode, Forbidden, NotFound } from '../../core/errors.js';
import type { OperationRecord } from '../../core/records.js';
import { Scope } from '../../core/scopes.js';
import { AuditAction, type AuditEntry, auditEntry } from '../../domain/audit.js';
import {
  type MemberProfile,
  MemberStatus,
  type MemberStore,
  type ProfileChanges,
} from '../../ports/MemberStore.js';
import type { ProgramSource } from '../../ports/ProgramSource.js';
import type { Queue } from '../../ports/Queue.js';
import { type EmailMessage, notificationRecord } from '../notifications/emails.js';
import type { MemberView, UpdateMemberBody } from './schemas.js';
import { memberViewOf } from './view.js';

export interface MembersDeps {
  readonly members: MemberStore;
  readonly clock: Clock;
  readonly programs: ProgramSource;
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
): { audit: AuditEntry[]; records: OperationRecord<'NOTIFY'>[] } {
  const differs = (field: 'birthday' | 'email' | 'phone') =>
    changes[field] !== undefined && (changes[field] ?? null) !== profile[field];
  const audit: AuditEntry[] = [];
  const records: OperationRecord<'NOTIFY'>[] = [];
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
