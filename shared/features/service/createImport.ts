import type { Actor } from '../../core/caller.js';
import { IdempotencyConflict } from '../../core/errors.js';
import { fingerprint } from '../../core/fingerprint.js';
import { AuditAction, auditEntry } from '../../domain/audit.js';
import { type ImportJob, type ImportOptions, ImportStatus } from '../../ports/ImportStore.js';
import { type ImportsDeps, importView } from './importRecords.js';
import type { CreateImportBody } from './importSchemas.js';

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
