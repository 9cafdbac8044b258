/**
 * Members in memory, with DynamoMemberStore's semantics: enrolment writes profile, account,
 * entries and records only if none exists; profile changes need an active member of the expected
 * version; erasure needs both profile and account active and moves the account's version. The
 * mail and birthday indexes follow the profile as the table's sparse index attributes do.
 */
import type { OperationRecord } from '../../core/records.js';
import type { AccountState } from '../../domain/account.js';
import type { AuditEntry } from '../../domain/audit.js';
import type { LedgerEntry } from '../../domain/ledgerEntry.js';
import type { MemberProfile, MemberStore, ProfileChanges } from '../../ports/MemberStore.js';
import { profileOf } from '../storedProfile.js';
import { copy, type MemoryDatabase, recordKeyOf } from './MemoryDatabase.js';

const recordKey = (record: OperationRecord) => recordKeyOf(record.kind, record.scope, record.id);

export class MemoryMemberStore implements MemberStore {
  constructor(private readonly db: MemoryDatabase) {}

  /** Profile, account, entries and records of a new member, each on condition that it is new. */
  static canCreate(
    db: MemoryDatabase,
    profile: MemberProfile,
    entries: readonly LedgerEntry[],
    records: readonly OperationRecord[],
  ) {
    return (
      !db.profiles.has(profile.memberId) &&
      !db.accounts.has(profile.memberId) &&
      !entries.some((entry) => db.hasEntry(entry)) &&
      !records.some((record) => db.records.has(recordKey(record)))
    );
  }

  static create(
    db: MemoryDatabase,
    profile: MemberProfile,
    account: AccountState,
    entries: readonly LedgerEntry[],
    records: readonly OperationRecord[],
  ) {
    db.profiles.set(profile.memberId, {
      profile: copy(profile),
      mail: Boolean(profile.email),
      birthday: profile.birthday && profile.status === 'active' ? profile.birthday : null,
    });
    db.putAccount(account);
    for (const entry of entries) db.putEntry(entry);
    for (const record of records) db.records.set(recordKey(record), copy(record));
  }

  async enrol(
    profile: MemberProfile,
    account: AccountState,
    entries: readonly LedgerEntry[],
    records: readonly OperationRecord[] = [],
  ) {
    if (!MemoryMemberStore.canCreate(this.db, profile, entries, records)) {
      const existing = await this.getProfile(profile.memberId);
      if (!existing) throw new Error(`Enrolling ${profile.memberId}: an item of the member exists`);
      return { created: false, profile: existing };
    }
    MemoryMemberStore.create(this.db, profile, account, entries, records);
    return { created: true, profile };
  }

  async getProfile(memberId: string) {
    const stored = this.db.profiles.get(memberId);
    return stored ? profileOf(stored.profile) : null;
  }

  async getMember(memberId: string) {
    const profile = this.db.profiles.get(memberId);
    const account = this.db.accounts.get(memberId);
    if (!profile || !account) return null;
    const segment = this.db.memberStats.get(memberId)?.segment;
    return {
      profile: profileOf(profile.profile),
      account: copy(account.account),
      segment: typeof segment === 'string' ? segment : null,
    };
  }

  async updateProfile(
    memberId: string,
    expectedVersion: number,
    changes: ProfileChanges,
    with_: { readonly audit?: readonly AuditEntry[]; readonly records?: readonly OperationRecord[] } = {},
  ) {
    const stored = this.db.profiles.get(memberId);
    if (stored?.profile.status !== 'active' || stored.profile.version !== expectedVersion) return false;
    const records = with_.records ?? [];
    if (this.db.auditTaken(with_.audit) || records.some((record) => this.db.records.has(recordKey(record)))) {
      throw new Error(`Updating ${memberId}: an audit entry or record of the change exists`);
    }
    const set = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
    const profile = { ...stored.profile, ...set, version: stored.profile.version + 1 } as MemberProfile;
    this.db.profiles.set(memberId, {
      ...stored,
      profile: copy(profile),
      // The mail index is set when an email is (if not set), gone when the email is.
      mail: changes.email === null ? false : changes.email ? true : stored.mail,
      birthday: changes.birthday === null ? null : changes.birthday ? changes.birthday : stored.birthday,
    });
    this.db.putAudit(with_.audit);
    for (const record of records) this.db.records.set(recordKey(record), copy(record));
    return true;
  }

  async unsubscribe(memberId: string) {
    const stored = this.db.profiles.get(memberId);
    if (!stored) return false;
    this.db.profiles.set(memberId, {
      ...stored,
      profile: { ...stored.profile, unsubscribed: true, version: stored.profile.version + 1 },
      mail: false,
    });
    return true;
  }

  async erase(memberId: string, erasedAt: string, audit: readonly AuditEntry[] = []) {
    const stored = this.db.profiles.get(memberId);
    const account = this.db.accounts.get(memberId);
    if (stored?.profile.status !== 'active' || account?.account.status !== 'active') return false;
    if (this.db.auditTaken(audit)) return false;
    this.db.profiles.set(memberId, {
      profile: {
        ...stored.profile,
        name: null,
        email: null,
        phone: null,
        birthday: null,
        enrolmentFingerprint: null,
        status: 'erased',
        version: stored.profile.version + 1,
      } as Omit<MemberProfile, 'enrolmentFingerprint'> as MemberProfile,
      erasedAt,
      mail: false,
      birthday: null,
    });
    // The version moves, so a write that read the account before the erasure fails its condition.
    this.db.eraseAccount(memberId, {
      ...account.account,
      status: 'erased',
      erasedAt,
      version: account.account.version + 1,
    } as AccountState);
    this.db.putAudit(audit);
    return true;
  }
}
