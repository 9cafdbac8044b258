/**
 * Bulk import of an existing programme's members: each row becomes a member (profile, account
 * and ledger entries) in one transaction with the row's own record, so a row is imported once
 * however often it is sent. Opening balances are `adjust` entries (reason migration), one per
 * lot, summing to the account; each lot expires by the programme's policy from its own earnedAt.
 * An import is created (createImport.ts), fed chunks of rows (importRows.ts, each row by
 * prepareRow.ts) and completed; this file reads it and completes it.
 */
import type { Actor } from '../../core/caller.js';
import { encodeCursor, type PageRequest } from '../../core/paging.js';
import { AuditAction, auditEntry } from '../../domain/audit.js';
import { ImportStatus } from '../../ports/ImportStore.js';
import { existing, type ImportsDeps, importView } from './importRecords.js';

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

export { createImport } from './createImport.js';
export type { ImportsDeps } from './importRecords.js';
export { importRows } from './importRows.js';
