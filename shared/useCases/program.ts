import type { Clock } from '../clock.js';
import { AuditAction, auditEntry } from '../domain/audit.js';
import { normaliseProgram, type Program, programSchema, referenceProgram } from '../domain/program.js';
import { ValidationFailed } from '../errors.js';
import type { Actor } from '../http/caller.js';
import { fieldErrorsOf } from '../http/validate.js';
import { type LedgerStore, OperationKind } from '../ports/LedgerStore.js';
import type { ProgramSource } from '../ports/ProgramSource.js';
import { Env } from '../system.js';

const scope = 'versions';
const versionId = (version: number) => String(version).padStart(8, '0');

/**
 * Programme versions kept as records; each applies to events that occur from its
 * `effectiveFromMs` on. Read through a cache of PROGRAM_CACHE_SECONDS (default 60): publishing
 * clears this process's cache at once, and other Lambda containers see a new version within that
 * time, so publish versions at least that far ahead of their effective time.
 */
export class StoredProgramSource implements ProgramSource {
  private cache: { versions: Program[]; untilMs: number } | undefined;

  constructor(
    private readonly ledger: LedgerStore,
    private readonly clock: Clock,
    private readonly cacheSeconds = Number(process.env[Env.programCacheSeconds] ?? 60),
  ) {}

  async versions(): Promise<Program[]> {
    if (this.cache && this.cache.untilMs > Date.now()) return this.cache.versions;
    const records = await this.ledger.listRecords(OperationKind.program, scope);
    const versions = records
      .map((record) => normaliseProgram(record.data.program as Program))
      .sort((a, b) => a.version - b.version);
    if (versions.length === 0) versions.push(referenceProgram);
    this.cache = { versions, untilMs: Date.now() + this.cacheSeconds * 1000 };
    return versions;
  }

  async at(occurredAtMs: number): Promise<Program> {
    const versions = await this.versions();
    return versions.filter((program) => program.effectiveFromMs <= occurredAtMs).at(-1) ?? versions[0]!;
  }

  current(): Promise<Program> {
    return this.at(this.clock.nowMs());
  }

  /** Stores a new version (the next number), effective from `effectiveFromMs` (default now). */
  async publish(input: unknown, actor: Actor): Promise<Program> {
    const versions = await this.versions();
    const latest = versions.at(-1)!;
    const candidate = {
      ...(input as Record<string, unknown>),
      version: latest.version + 1,
      effectiveFromMs:
        (input as { effectiveFromMs?: unknown })?.effectiveFromMs ??
        Math.max(this.clock.nowMs(), latest.effectiveFromMs),
    };
    const parsed = programSchema.safeParse(candidate);
    if (!parsed.success)
      throw new ValidationFailed(fieldErrorsOf(parsed.error), 'The programme is not valid.');
    const program = parsed.data as Program;
    if (program.effectiveFromMs < latest.effectiveFromMs) {
      throw new ValidationFailed([
        { path: 'effectiveFromMs', message: 'A new version cannot take effect before the current one.' },
      ]);
    }
    await this.ledger.commit({
      accounts: [],
      entries: [],
      records: [
        {
          mode: 'create',
          record: {
            kind: OperationKind.program,
            scope,
            id: versionId(program.version),
            data: { status: 'published', program },
          },
        },
      ],
      audit: [
        auditEntry(actor, AuditAction.programPublished, `program:v${program.version}`, this.clock.nowMs(), {
          version: program.version,
          effectiveFrom: new Date(program.effectiveFromMs).toISOString(),
        }),
      ],
    });
    this.cache = undefined;
    return program;
  }

  /** First start: stores the reference programme as version 1 unless a version exists. */
  async ensureSeeded(): Promise<void> {
    const records = await this.ledger.listRecords(OperationKind.program, scope);
    if (records.length > 0) return;
    await this.ledger.createRecord({
      kind: OperationKind.program,
      scope,
      id: versionId(referenceProgram.version),
      data: { status: 'published', program: referenceProgram },
    });
  }
}
