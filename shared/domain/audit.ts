/**
 * The audit trail: who did which administrative act, to what, when. Entries are append-only and
 * hold ids only, never a key, an email or a phone number.
 */
import { randomBytes } from 'node:crypto';

export const AuditAction = {
  partnerCreated: 'partner.created',
  keyIssued: 'key.issued',
  keyRevoked: 'key.revoked',
  programPublished: 'program.published',
  rewardSaved: 'reward.saved',
  jobStarted: 'job.started',
  queueRedriven: 'queue.redriven',
  memberErased: 'member.erased',
  memberBirthdayChanged: 'member.birthday_changed',
  memberContactChanged: 'member.contact_changed',
  redemptionWithoutCode: 'redemption.without_code',
  memberCodesLocked: 'member_codes.locked',
  adjustmentApplied: 'adjustment.applied',
  adjustmentRequested: 'adjustment.requested',
  adjustmentApproved: 'adjustment.approved',
  adjustmentRejected: 'adjustment.rejected',
  importCreated: 'import.created',
  importCompleted: 'import.completed',
  storeSaved: 'store.saved',
} as const;
export type AuditAction = (typeof AuditAction)[keyof typeof AuditAction];

export const auditActions = Object.values(AuditAction) as [AuditAction, ...AuditAction[]];

export interface AuditEntry {
  readonly auditId: string;
  /** When the act happened (business clock), ISO 8601 UTC. */
  readonly at: string;
  readonly actor: { readonly partnerId: string; readonly keyId: string };
  readonly action: AuditAction;
  /** What the act was done to, e.g. `partner:store-42`, `member:m-1001`, `job:expire-points-2027-01-01`. */
  readonly target: string;
  /** Ids and figures that tell the act apart: never secrets or personal data. */
  readonly detail: Readonly<Record<string, string | number | boolean | null | readonly string[]>>;
}

export function auditEntry(
  actor: AuditEntry['actor'],
  action: AuditAction,
  target: string,
  nowMs: number,
  detail: AuditEntry['detail'] = {},
): AuditEntry {
  return {
    auditId: `aud_${randomBytes(10).toString('hex')}`,
    at: new Date(nowMs).toISOString(),
    actor: { partnerId: actor.partnerId, keyId: actor.keyId },
    action,
    target,
    detail,
  };
}
