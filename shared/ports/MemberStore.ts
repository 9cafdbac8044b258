import type { OperationRecord } from '../core/records.js';
import type { AccountState } from '../domain/account.js';
import type { AuditEntry } from '../domain/audit.js';
import type { LedgerEntry } from '../domain/ledgerEntry.js';

export const MemberStatus = { active: 'active', erased: 'erased' } as const;
export type MemberStatus = (typeof MemberStatus)[keyof typeof MemberStatus];

export type Locale = 'zh-CN' | 'en';

/** The member's personal data, kept apart from the account so erasure never touches the ledger. */
export interface MemberProfile {
  readonly memberId: string;
  readonly name: string | null;
  readonly email: string | null;
  readonly phone: string | null;
  readonly birthday: string | null;
  readonly locale: Locale;
  readonly marketingConsent: boolean;
  readonly referrerId: string | null;
  readonly status: MemberStatus;
  readonly createdAt: string;
  /** Fingerprint of the enrolment request, to tell a replay from a different enrolment. */
  readonly enrolmentFingerprint: string;
  readonly version: number;
  /** The member followed an unsubscribe link: no programme emails any more. */
  readonly unsubscribed?: boolean;
}

export type ProfileChanges = Partial<
  Pick<MemberProfile, 'name' | 'email' | 'phone' | 'birthday' | 'locale' | 'marketingConsent'>
>;

export interface MemberStore {
  /**
   * Creates profile, account and the enrolment entries in one transaction; returns the existing
   * profile instead when the id is taken.
   */
  enrol(
    profile: MemberProfile,
    account: AccountState,
    entries: readonly LedgerEntry[],
    records?: readonly OperationRecord[],
  ): Promise<{ created: boolean; profile: MemberProfile }>;
  /** Stops programme emails to the member; false when there is no such member. */
  unsubscribe(memberId: string): Promise<boolean>;
  getProfile(memberId: string): Promise<MemberProfile | null>;
  /** Profile and account in one read, with the segment the last segments run gave the member. */
  getMember(
    memberId: string,
  ): Promise<{ profile: MemberProfile; account: AccountState; segment?: string | null } | null>;
  /**
   * Applies changes to an active member when its version still matches, with the audit entries
   * and notification records of the change in the same transaction; false when it does not match.
   */
  updateProfile(
    memberId: string,
    expectedVersion: number,
    changes: ProfileChanges,
    with_?: { readonly audit?: readonly AuditEntry[]; readonly records?: readonly OperationRecord[] },
  ): Promise<boolean>;
  /** Removes personal data and marks profile and account erased; false when the member is not active. */
  erase(memberId: string, erasedAt: string, audit?: readonly AuditEntry[]): Promise<boolean>;
}
