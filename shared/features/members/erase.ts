/** Erasure: a member's personal data goes, the anonymous ledger stays. */

import type { Actor } from '../../core/caller.js';
import { NotFound } from '../../core/errors.js';
import { AuditAction, auditEntry } from '../../domain/audit.js';
import type { MembersDeps } from './profile.js';

/** Erases the member's personal data (the anonymous ledger stays), audited in the same transaction. */
export async function eraseMember(deps: MembersDeps, actor: Actor, memberId: string): Promise<void> {
  const nowMs = deps.clock.nowMs();
  const erased = await deps.members.erase(memberId, new Date(nowMs).toISOString(), [
    auditEntry(actor, AuditAction.memberErased, `member:${memberId}`, nowMs),
  ]);
  if (!erased) throw new NotFound(`Member "${memberId}"`);
}
