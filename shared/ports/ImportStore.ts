import type { Actor } from '../core/caller.js';
import type { OperationRecord } from '../core/records.js';
import type { AccountState } from '../domain/account.js';
import type { AuditEntry } from '../domain/audit.js';
import type { LedgerEntry } from '../domain/ledgerEntry.js';
import type { MemberProfile } from './MemberStore.js';

export const ImportStatus = { open: 'open', completed: 'completed' } as const;
export type ImportStatus = (typeof ImportStatus)[keyof typeof ImportStatus];

export interface ImportOptions {
  /** Credit the programme's enrolment bonus to each imported member (default: no). */
  readonly enrolmentBonus: boolean;
  /** Send the welcome email to imported members with an email (default: no). */
  readonly welcomeEmail: boolean;
}

/** A bulk import of members and opening balances, fed rows in chunks. */
export interface ImportJob {
  readonly importId: string;
  readonly status: ImportStatus;
  readonly options: ImportOptions;
  /** Fingerprint of the creating request, to tell a replay from another import with the same id. */
  readonly fingerprint: string;
  readonly createdAt: string;
  readonly createdBy: Actor;
  readonly completedAt: string | null;
}

/** A row that could not be imported, as `GET …/errors` lists it. */
export interface RowFailure {
  readonly row: number;
  readonly memberId: string | null;
  readonly code: string;
  readonly detail: string;
}

/** Everything one imported row writes, in one transaction. */
export interface ImportedMember {
  readonly row: number;
  /** Fingerprint of the row, to tell a re-sent row from another row sent under the same number. */
  readonly rowFingerprint: string;
  /** When the import wrote it (business clock). */
  readonly importedAt: string;
  readonly profile: MemberProfile;
  readonly account: AccountState;
  readonly entries: readonly LedgerEntry[];
  /** The welcome notification, when the import asks for it. */
  readonly records: readonly OperationRecord[];
  /** The row failed before: its error is marked resolved in the same transaction. */
  readonly resolvesFailure: boolean;
}

export type ImportMemberOutcome =
  | { readonly kind: 'imported' }
  /** Not attempted before the deadline: send the row again. */
  | { readonly kind: 'unprocessed' }
  /** This row was imported before with the same content: nothing changed. */
  | { readonly kind: 'alreadyImported' }
  /** This row number was imported before with other content. */
  | { readonly kind: 'rowConflict'; readonly memberId: string }
  /** The member id is taken (by another row, another import or an enrolment). */
  | { readonly kind: 'memberExists' };

export interface ImportStore {
  /** Creates the import with its audit entry; answers the stored one when the id is taken. */
  create(job: ImportJob, audit: readonly AuditEntry[]): Promise<{ created: boolean; job: ImportJob }>;
  get(importId: string): Promise<ImportJob | null>;
  /** Marks an open import completed, with its audit entry; false when it was not open. */
  complete(importId: string, completedAt: string, audit: readonly AuditEntry[]): Promise<boolean>;
  /**
   * Writes each member's profile, account, entries, row record (and welcome notification)
   * atomically, every item on condition that it is new; answers one outcome per member, in order.
   * Members not attempted by `deadlineMs` come back `unprocessed`.
   */
  importMembers(
    importId: string,
    members: readonly ImportedMember[],
    deadlineMs: number,
  ): Promise<readonly ImportMemberOutcome[]>;
  /** Of rows `fromRow`..`toRow`, those that have a failure on record (not resolved since). */
  failedRows(importId: string, fromRow: number, toRow: number): Promise<ReadonlySet<number>>;
  /** Of `rows`, those imported already. */
  importedRows(importId: string, rows: readonly number[]): Promise<ReadonlySet<number>>;
  /** Records failures (replacing earlier failures of the same rows). */
  recordFailures(importId: string, failures: readonly RowFailure[], atIso: string): Promise<void>;
  /**
   * Numbers `count` rows sent without a row number: answers the first of `count` consecutive
   * numbers that no other call for this import gets (their position in the import).
   */
  reserveRows(importId: string, count: number): Promise<number>;
  /** Distinct rows imported and rows failing, read consistently from the row records. */
  counts(importId: string): Promise<{ imported: number; failed: number }>;
  /** Failed rows in row order, a page at a time. */
  failures(
    importId: string,
    limit: number,
    cursor?: Record<string, unknown>,
  ): Promise<{ items: readonly RowFailure[]; next: Record<string, unknown> | undefined }>;
}
