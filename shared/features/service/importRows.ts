/**
 * A chunk of an import's rows: numbered, each row checked and written alone (prepareRow.ts), a bad
 * row reported with its code while the others go on, the failures recorded against their rows.
 */
import { Conflict, ErrorCode, ValidationFailed } from '../../core/errors.js';
import { type ImportedMember, type ImportMemberOutcome, ImportStatus } from '../../ports/ImportStore.js';
import { existing, type ImportsDeps } from './importRecords.js';
import { failed, prepareRow, type RowContext, type RowResult } from './prepareRow.js';

/**
 * A chunk stops starting writes after this long and answers the rest as `unprocessed`, well
 * inside API Gateway's 30 s (and the function's timeout).
 */
const chunkBudgetMs = Number(process.env.IMPORT_CHUNK_BUDGET_MS ?? 15_000);

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

/** The import, when it still takes rows. */
async function openImport(deps: ImportsDeps, importId: string) {
  const job = await existing(deps, importId);
  if (job.status !== ImportStatus.open) {
    throw new Conflict(
      ErrorCode.invalidState,
      `Import "${importId}" is completed and takes no more rows; start a new import.`,
    );
  }
  return job;
}

/**
 * The first row of each member in the chunk: that row is imported and the others are refused,
 * whatever the order of writes.
 */
function firstRowOfMember(rows: readonly Record<string, unknown>[]): ReadonlyMap<unknown, number> {
  const firstRowOf = new Map<unknown, number>();
  for (const row of [...rows].sort((a, b) => Number(a.row) - Number(b.row))) {
    if (typeof row.memberId === 'string' && !firstRowOf.has(row.memberId)) {
      firstRowOf.set(row.memberId, Number(row.row));
    }
  }
  return firstRowOf;
}

/** Records the failures that are the rows' own, but a bad copy of a row imported before leaves the imported row as it is. */
async function recordFailures(
  deps: ImportsDeps,
  importId: string,
  failures: readonly RowResult[],
): Promise<void> {
  const toRecord = failures.flatMap((result) =>
    result.kind === 'failed' && result.persist ? [result.failure] : [],
  );
  if (toRecord.length === 0) return;
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
  const job = await openImport(deps, importId);
  const rows = await numberRows(deps, importId, sent);
  const numbers = rows.map((row) => Number(row.row));
  const context: RowContext = {
    importId,
    options: job.options,
    program: await deps.programs.current(),
    nowMs: deps.clock.nowMs(),
    previouslyFailed: await deps.imports.failedRows(importId, Math.min(...numbers), Math.max(...numbers)),
  };
  const firstRowOf = firstRowOfMember(rows);
  const prepared = await Promise.all(rows.map((row) => prepareRow(deps, context, row, firstRowOf)));
  const members = prepared.filter((item): item is ImportedMember => !('kind' in item));
  const outcomes = await deps.imports.importMembers(importId, members, startedMs + chunkBudgetMs);
  const written = new Map(members.map((member, i) => [member, resultOf(member, outcomes[i]!)]));
  const results = prepared.map((item) => ('kind' in item ? item : written.get(item)!));
  const failures = results.flatMap((result) => (result.kind === 'failed' ? [result] : []));
  await recordFailures(deps, importId, failures);
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
