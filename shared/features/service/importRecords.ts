/** The import job, its view and what every import verb shares. */
import type { Clock } from '../../core/clock.js';
import { NotFound } from '../../core/errors.js';
import type { ImportJob, ImportStore } from '../../ports/ImportStore.js';
import type { ProgramSource } from '../../ports/ProgramSource.js';

export interface ImportsDeps {
  readonly imports: ImportStore;
  readonly programs: ProgramSource;
  readonly clock: Clock;
}

export async function importView(deps: ImportsDeps, job: ImportJob) {
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

export async function existing(deps: ImportsDeps, importId: string): Promise<ImportJob> {
  const job = await deps.imports.get(importId);
  if (!job) throw new NotFound(`Import "${importId}"`);
  return job;
}
