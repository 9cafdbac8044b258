/** The member at the till: proved by their member code, or an admin key where codes are required (audited). */

import { actorOf, type Caller } from '../../core/caller.js';
import { MemberCodeInvalid } from '../../core/errors.js';
import { grants, Scope } from '../../core/scopes.js';
import { AuditAction, type AuditEntry, auditEntry } from '../../domain/audit.js';
import type { Program } from '../../domain/program.js';
import type { RecordWrite } from '../../ports/LedgerStore.js';
import { verifyMemberCode } from './memberCodes.js';
import type { RedemptionsDeps } from './records.js';
import type { RedemptionBody } from './schemas.js';

/**
 * Who the member is, and whether they are present: a member code from the till proves it (and
 * is consumed with the spending); without one, where the programme requires codes, only an admin
 * key (customer service) may spend, and that is audited.
 */
export async function memberPresence(
  deps: RedemptionsDeps,
  caller: Caller,
  body: RedemptionBody,
  program: Program,
  points: number,
): Promise<{ memberId: string; records: RecordWrite[]; audit: AuditEntry[] }> {
  if (body.memberCode !== undefined) {
    const verified = await verifyMemberCode(
      deps,
      { memberCode: body.memberCode, memberId: body.memberId },
      { actor: actorOf(caller), redemptionId: body.redemptionId },
    );
    return { memberId: verified.memberId, records: [verified.consume], audit: [] };
  }
  const memberId = body.memberId!;
  if (!program.payments.requireMemberCode) return { memberId, records: [], audit: [] };
  if (!grants(caller.scopes, Scope.admin)) {
    throw new MemberCodeInvalid(
      "Spending points needs the member's code (memberCode) from their app or email, shown at the till.",
    );
  }
  const audit = auditEntry(
    actorOf(caller),
    AuditAction.redemptionWithoutCode,
    `redemption:${caller.partnerId}/${body.redemptionId}`,
    deps.clock.nowMs(),
    { memberId, points, storeId: body.storeId },
  );
  return { memberId, records: [], audit: [audit] };
}
