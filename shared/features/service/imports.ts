/**
 * Bulk import of an existing programme's members: each row becomes a member (profile, account
 * and ledger entries) in one transaction with the row's own record, so a row is imported once
 * however often it is sent. Opening balances are `adjust` entries (reason migration), one per
 * lot, summing to the account; each lot expires by the programme's policy from its own earnedAt.
 */

import type { Actor } from '../../core/caller.js';
import type { Clock } from '../../core/clock.js';
import { Conflict, ErrorCode, IdempotencyConflict, NotFound, ValidationFailed } from '../../core/errors.js';
import { fingerprint } from '../../core/fingerprint.js';
import { encodeCursor, type PageRequest } from '../../core/paging.js';
import { fieldErrorsOf } from '../../core/validate.js';
import { AuditAction, auditEntry } from '../../domain/audit.js';
import { programDay, startOfDayMs } from '../../domain/calendar.js';
import { expiresOn } from '../../domain/expiry.js';
import { EntryType, type LedgerEntry } from '../../domain/ledgerEntry.js';
import { NEVER } from '../../domain/lots.js';
import { openingAccount } from '../../domain/openingBalances.js';
import type { Program } from '../../domain/program.js';
import {
  type ImportedMember,
  type ImportJob,
  type ImportMemberOutcome,
  type ImportOptions,
  ImportStatus,
  type ImportStore,
  type RowFailure,
} from '../../ports/ImportStore.js';
import { MemberStatus } from '../../ports/MemberStore.js';
import type { ProgramSource } from '../../ports/ProgramSource.js';
import { notificationRecord } from '../notifications/emails.js';
import { type CreateImportBody, type ImportRow, importRowSchema } from './importSchemas.js';

export interface ImportsDeps {
  readonly imports: ImportStore;
  readonly programs: ProgramSource;
  readonly clock: Clock;
}

/**
 * A chunk stops starting writes after this long and answers the rest as `unprocessed`, well
 * inside API Gateway's 30 s (and the function's timeout).
 */
const chunkBudgetMs = Number(process.env.IMPORT_CHUNK_BUDGET_MS ?? 15_000);
/** Instants may be up to this far ahead of the business clock (clocks differ a little). */
const futureSkewMs = 5 * 60_000;

async function importView(deps: ImportsDeps, job: ImportJob) {
  const { imported, failed } = await deps.imports.counts(job.importId);
  return {
    importId: job.importId,
    status: job.status,
    options: job.options,
    rows: { received: imported + failed, imported, failed },
    createdAt: job.createdAt,
    completedAt: job.completedAt,
  };
}

async function existing(deps: ImportsDeps, importId: string): Promise<ImportJob> {
  const job = await deps.imports.get(importId);
  if (!job) throw new NotFound(`Import "${importId}"`);
  return job;
}

/** Creates an import (audited). The same id and options again answer it; other options, 409. */
export async function createImport(deps: ImportsDeps, actor: Actor, body: CreateImportBody) {
  const options: ImportOptions = {
    enrolmentBonus: body.options?.enrolmentBonus ?? false,
    welcomeEmail: body.options?.welcomeEmail ?? false,
  };
  const nowMs = deps.clock.nowMs();
  const job: ImportJob = {
    importId: body.importId,
    status: ImportStatus.open,
    options,
    fingerprint: fingerprint(options),
    createdAt: new Date(nowMs).toISOString(),
    createdBy: actor,
    completedAt: null,
  };
  const result = await deps.imports.create(job, [
    auditEntry(actor, AuditAction.importCreated, `import:${body.importId}`, nowMs, { ...options }),
  ]);
  if (!result.created && result.job.fingerprint !== job.fingerprint) {
    throw new IdempotencyConflict('importId', body.importId, ['options']);
  }
  return { created: result.created, import: await importView(deps, result.job) };
}

export async function getImport(deps: ImportsDeps, importId: string) {
  return importView(deps, await existing(deps, importId));
}

/** Completes an import: it takes no more rows. Audited with its counts; completing again answers the same. */
export async function completeImport(deps: ImportsDeps, actor: Actor, importId: string) {
  const job = await existing(deps, importId);
  if (job.status === ImportStatus.completed) return importView(deps, job);
  const nowMs = deps.clock.nowMs();
  const { imported, failed } = await deps.imports.counts(importId);
  await deps.imports.complete(importId, new Date(nowMs).toISOString(), [
    auditEntry(actor, AuditAction.importCompleted, `import:${importId}`, nowMs, {
      received: imported + failed,
      imported,
      failed,
    }),
  ]);
  return importView(deps, await existing(deps, importId));
}

export async function listImportErrors(deps: ImportsDeps, importId: string, page: PageRequest) {
  await existing(deps, importId);
  const { items, next } = await deps.imports.failures(importId, page.limit, page.cursor);
  return { items, nextCursor: encodeCursor(next) };
}

/** An instant with offset, or a programme day (its 00:00). */
function instantMs(value: string, tz: string): number {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? startOfDayMs(value, tz) : Date.parse(value);
}

type RowResult =
  | { readonly kind: 'imported' | 'alreadyImported' | 'unprocessed' }
  | { readonly kind: 'failed'; readonly failure: RowFailure; readonly persist: boolean };

const failed = (row: number, memberId: unknown, code: string, detail: string): RowResult => ({
  kind: 'failed',
  failure: { row, memberId: typeof memberId === 'string' ? memberId.slice(0, 64) : null, code, detail },
  persist: true,
});

interface RowContext {
  readonly importId: string;
  readonly options: ImportOptions;
  readonly program: Program;
  readonly nowMs: number;
  readonly previouslyFailed: ReadonlySet<number>;
}

/** A row with its number: the one it was sent with, or its position in the import. */
type NumberedRow = ImportRow & { readonly row: number };

/** The member a valid row describes, everything its transaction writes; or why it cannot be imported. */
async function memberOfRow(
  deps: ImportsDeps,
  context: RowContext,
  row: NumberedRow,
): Promise<ImportedMember | RowResult> {
  const { program, nowMs, importId } = context;
  const tz = program.timeZone;
  const tooLate = (path: string, ms: number) =>
    ms > nowMs + futureSkewMs
      ? failed(row.row, row.memberId, ErrorCode.validationFailed, `${path} is in the future.`)
      : null;
  const enrolledAtMs = instantMs(row.enrolledAt, tz);
  const future =
    tooLate('enrolledAt', enrolledAtMs) ??
    (row.lastPurchaseAt ? tooLate('lastPurchaseAt', instantMs(row.lastPurchaseAt, tz)) : null) ??
    (row.balances ?? [])
      .map((lot, i) => tooLate(`balances.${i}.earnedAt`, instantMs(lot.earnedAt, tz)))
      .find((result) => result !== null) ??
    null;
  if (future) return future;
  if (row.tier !== undefined && !program.tiers.some((tier) => tier.code === row.tier)) {
    return failed(
      row.row,
      row.memberId,
      ErrorCode.validationFailed,
      `tier: not a tier of the programme (${program.tiers.map((tier) => tier.code).join(', ')}).`,
    );
  }
  const lots = await Promise.all(
    (row.balances ?? []).map(async (lot) => {
      const earnedAtMs = instantMs(lot.earnedAt, tz);
      const policy = (await deps.programs.at(earnedAtMs)).expiry;
      return { points: lot.points, earnedAtMs, expiresOn: expiresOn(earnedAtMs, policy, tz) ?? NEVER };
    }),
  );
  const bonusPoints = context.options.enrolmentBonus ? program.bonuses.enrolment : 0;
  const qualifyingSpendFen = row.qualifyingSpend ?? 0;
  const lastPurchaseAtMs = row.lastPurchaseAt
    ? instantMs(row.lastPurchaseAt, tz)
    : // Spend in the trailing year without a date: recent enough that the next review judges the spend.
      qualifyingSpendFen > 0
      ? nowMs
      : null;
  const account = openingAccount({
    memberId: row.memberId,
    enrolledAtMs,
    nowMs,
    tier: row.tier ?? null,
    qualifyingSpendFen,
    lastPurchaseAtMs,
    lots,
    bonus:
      bonusPoints > 0
        ? { points: bonusPoints, expiresOn: expiresOn(nowMs, program.expiry, tz) ?? NEVER }
        : null,
    program,
  });
  const importedAt = new Date(nowMs).toISOString();
  const enrolledAt = new Date(enrolledAtMs).toISOString();
  const reference = `import:${importId}#${row.row}`;
  const entries: LedgerEntry[] = lots.map((lot, i) => ({
    memberId: row.memberId,
    transactionId: `import-${importId}-${i + 1}`,
    type: EntryType.adjust,
    points: lot.points,
    createdAt: importedAt,
    occurredAt: new Date(lot.earnedAtMs).toISOString(),
    reference,
    description: `Opening balance (migration), earned ${programDay(lot.earnedAtMs, tz)}`,
  }));
  if (bonusPoints > 0) {
    entries.push({
      memberId: row.memberId,
      transactionId: `enrolment-${row.memberId}`,
      type: EntryType.bonus,
      points: bonusPoints,
      createdAt: importedAt,
      occurredAt: importedAt,
      reference: `enrolment:${row.memberId}`,
      description: 'Welcome bonus',
    });
  }
  return {
    row: row.row,
    rowFingerprint: fingerprint(row),
    importedAt,
    profile: {
      memberId: row.memberId,
      name: row.name ?? null,
      email: row.email ?? null,
      phone: row.phone ?? null,
      birthday: row.birthday ?? null,
      locale: row.locale ?? 'zh-CN',
      marketingConsent: row.marketingConsent ?? false,
      referrerId: null,
      status: MemberStatus.active,
      createdAt: enrolledAt,
      // Never the fingerprint of an enrolment request: enrolling an imported id is member_exists.
      enrolmentFingerprint: reference,
      version: 0,
    },
    account: { ...account, enrolledAt },
    entries,
    records:
      context.options.welcomeEmail && row.email
        ? [notificationRecord(row.memberId, 'welcome', { kind: 'welcome', points: bonusPoints }, nowMs)]
        : [],
    resolvesFailure: context.previouslyFailed.has(row.row),
  };
}

/** What a valid row's write came to. */
function resultOf(member: ImportedMember, outcome: ImportMemberOutcome): RowResult {
  const { row, profile } = member;
  switch (outcome.kind) {
    case 'imported':
    case 'alreadyImported':
    case 'unprocessed':
      return { kind: outcome.kind };
    case 'rowConflict':
      // The row stays imported as it was: reported here, not recorded as a failure of the row.
      return {
        kind: 'failed',
        failure: {
          row,
          memberId: profile.memberId,
          code: ErrorCode.idempotencyConflict,
          detail: `Row ${row} was imported before as member "${outcome.memberId}" with other data.`,
        },
        persist: false,
      };
    case 'memberExists':
      return failed(
        row,
        profile.memberId,
        ErrorCode.memberExists,
        `Member "${profile.memberId}" already exists (enrolled, or imported by another row or import).`,
      );
  }
}

/** A row checked and turned into what it writes, or the reason it fails. */
async function prepareRow(
  deps: ImportsDeps,
  context: RowContext,
  raw: Record<string, unknown>,
  firstRowOf: ReadonlyMap<unknown, number>,
): Promise<ImportedMember | RowResult> {
  const rowNumber = Number(raw.row);
  const first = firstRowOf.get(raw.memberId);
  if (first !== undefined && first !== rowNumber) {
    return failed(
      rowNumber,
      raw.memberId,
      ErrorCode.memberExists,
      `Member "${raw.memberId}" is also in row ${first}.`,
    );
  }
  const parsed = importRowSchema.safeParse(raw);
  if (!parsed.success) {
    const detail = fieldErrorsOf(parsed.error)
      .map((error) => `${error.path || '(row)'}: ${error.message}`)
      .join('; ');
    return failed(rowNumber, raw.memberId, ErrorCode.validationFailed, detail);
  }
  return memberOfRow(deps, context, { ...parsed.data, row: rowNumber });
}

/**
 * Gives the rows sent without a number their position in the import: consecutive numbers after
 * those that earlier chunks' unnumbered rows took (a counter on the import, so chunks sent at once
 * get disjoint numbers). A row sent again without its number is a new position: its member exists
 * by then and it fails `member_exists`, changing nothing; numbered rows resend cleanly.
 */
async function numberRows(
  deps: ImportsDeps,
  importId: string,
  rows: readonly Record<string, unknown>[],
): Promise<readonly Record<string, unknown>[]> {
  const unnumbered = rows.filter((row) => row.row === undefined).length;
  if (unnumbered === 0) return rows;
  let next = await deps.imports.reserveRows(importId, unnumbered);
  const numbered = rows.map((row) => (row.row === undefined ? { ...row, row: next++ } : row));
  const numbers = numbered.map((row) => Number(row.row));
  if (new Set(numbers).size !== numbers.length) {
    throw new ValidationFailed([
      {
        path: 'rows',
        message: 'Row numbers must be unique: a numbered row has the position of an unnumbered one.',
      },
    ]);
  }
  return numbered;
}

/**
 * Imports a chunk of rows: each row alone, a bad row reported with its code while the others go
 * on. A row sent again changes nothing; a row that failed before may be sent again, fixed. Rows
 * not written within the request's time budget come back in `unprocessed`, to be sent again.
 */
export async function importRows(
  deps: ImportsDeps,
  importId: string,
  sent: readonly Record<string, unknown>[],
) {
  const startedMs = Date.now();
  const job = await existing(deps, importId);
  if (job.status !== ImportStatus.open) {
    throw new Conflict(
      ErrorCode.invalidState,
      `Import "${importId}" is completed and takes no more rows; start a new import.`,
    );
  }
  const rows = await numberRows(deps, importId, sent);
  const numbers = rows.map((row) => Number(row.row));
  const context: RowContext = {
    importId,
    options: job.options,
    program: await deps.programs.current(),
    nowMs: deps.clock.nowMs(),
    previouslyFailed: await deps.imports.failedRows(importId, Math.min(...numbers), Math.max(...numbers)),
  };
  // The same member twice in a chunk: the first row is imported, the others are refused, whatever the order of writes.
  const firstRowOf = new Map<unknown, number>();
  for (const row of [...rows].sort((a, b) => Number(a.row) - Number(b.row))) {
    if (typeof row.memberId === 'string' && !firstRowOf.has(row.memberId)) {
      firstRowOf.set(row.memberId, Number(row.row));
    }
  }
  const prepared = await Promise.all(rows.map((row) => prepareRow(deps, context, row, firstRowOf)));
  const members = prepared.filter((item): item is ImportedMember => !('kind' in item));
  const outcomes = await deps.imports.importMembers(importId, members, startedMs + chunkBudgetMs);
  const written = new Map(members.map((member, i) => [member, resultOf(member, outcomes[i]!)]));
  const results = prepared.map((item) => ('kind' in item ? item : written.get(item)!));
  const failures = results.flatMap((result) => (result.kind === 'failed' ? [result] : []));
  const toRecord = failures.filter((result) => result.persist).map((result) => result.failure);
  if (toRecord.length > 0) {
    // A bad copy of a row imported before leaves the imported row as it is.
    const imported = await deps.imports.importedRows(
      importId,
      toRecord.map((failure) => failure.row),
    );
    await deps.imports.recordFailures(
      importId,
      toRecord.filter((failure) => !imported.has(failure.row)),
      new Date(deps.clock.nowMs()).toISOString(),
    );
  }
  const count = (kind: RowResult['kind']) => results.filter((result) => result.kind === kind).length;
  return {
    received: rows.length,
    imported: count('imported'),
    alreadyImported: count('alreadyImported'),
    failed: failures.length,
    errors: failures.map((result) => result.failure).sort((a, b) => a.row - b.row),
    unprocessed: rows.filter((_, i) => results[i]!.kind === 'unprocessed').map((row) => Number(row.row)),
  };
}
