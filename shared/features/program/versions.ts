import type { Actor } from '../../core/caller.js';
import type { Clock } from '../../core/clock.js';
import { type FieldError, ValidationFailed } from '../../core/errors.js';
import { Env } from '../../core/manifest.js';
import { OperationKind, type StatusOf } from '../../core/records.js';
import { fieldErrorsOf } from '../../core/validate.js';
import { AuditAction, auditEntry } from '../../domain/audit.js';
import { normaliseProgram, type Program, programSchema, referenceProgram } from '../../domain/program.js';
import { budgetShardCount } from '../../domain/rules/budget.js';
import { versionAt } from '../../domain/rules/rollout.js';
import type { LedgerStore } from '../../ports/LedgerStore.js';
import type { ProgramSource } from '../../ports/ProgramSource.js';

/** A published programme version. */
export interface ProgramRecordData {
  readonly status: StatusOf<'PROGRAM'>;
  readonly program: Program;
}

declare module '../../core/records.js' {
  interface RecordDataByKind {
    PROGRAM: ProgramRecordData;
  }
}

const scope = 'versions';
const versionId = (version: number) => String(version).padStart(8, '0');
/** The reward catalogue's record scope (features/redemptions/records.ts). */
const rewardCatalog = 'catalog';

/**
 * Validates a programme body as the next version after `versions` (PUT /v1/program, and the
 * simulator's drafts, whose errors are named under `draft.`). A budgeted campaign keeps the shard
 * count its budget was first published with: its counters are those shards (domain/rules/budget.ts).
 */
export function parseProgramVersion(
  input: unknown,
  versions: readonly Program[],
  nowMs: number,
  pathPrefix = '',
): Program {
  const latest = versions.at(-1)!;
  const fail = (errors: FieldError[]) =>
    new ValidationFailed(
      errors.map((error) => ({ ...error, path: `${pathPrefix}${error.path}` })),
      'The programme is not valid.',
    );
  const candidate = {
    ...(input as Record<string, unknown>),
    version: latest.version + 1,
    effectiveFromMs:
      (input as { effectiveFromMs?: unknown })?.effectiveFromMs ?? Math.max(nowMs, latest.effectiveFromMs),
  };
  const parsed = programSchema.safeParse(candidate);
  if (!parsed.success) throw fail(fieldErrorsOf(parsed.error));
  const program = parsed.data as Program;
  if (program.effectiveFromMs < latest.effectiveFromMs) {
    throw fail([
      { path: 'effectiveFromMs', message: 'A new version cannot take effect before the current one.' },
    ]);
  }
  const errors: FieldError[] = [];
  const campaigns = program.earning.campaigns.map((campaign, i) => {
    if (campaign.budgetPoints === undefined) return campaign;
    const before = versions
      .toReversed()
      .flatMap((version) => version.earning.campaigns)
      .find((other) => other.campaignId === campaign.campaignId && other.budgetPoints !== undefined);
    if (!before) return campaign;
    const shards = budgetShardCount(before);
    if (campaign.budgetShards !== undefined && campaign.budgetShards !== shards) {
      errors.push({
        path: `earning.campaigns.${i}.budgetShards`,
        message: `The budget of ${campaign.campaignId} is counted in ${shards} shards; that cannot change.`,
      });
    }
    return { ...campaign, budgetShards: shards };
  });
  if (errors.length > 0) throw fail(errors);
  return { ...program, earning: { ...program.earning, campaigns } };
}

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
      .map((record) => normaliseProgram(record.data.program))
      .sort((a, b) => a.version - b.version);
    if (versions.length === 0) versions.push(referenceProgram);
    this.cache = { versions, untilMs: Date.now() + this.cacheSeconds * 1000 };
    return versions;
  }

  async at(occurredAtMs: number, storeId?: string): Promise<Program> {
    return versionAt(await this.versions(), occurredAtMs, storeId);
  }

  current(): Promise<Program> {
    return this.at(this.clock.nowMs());
  }

  /** Stores a new version (the next number), effective from `effectiveFromMs` (default now). */
  async publish(input: unknown, actor: Actor): Promise<Program> {
    const program = parseProgramVersion(input, await this.versions(), this.clock.nowMs());
    if (program.birthdayGift) {
      const reward = await this.ledger.getRecord(
        OperationKind.reward,
        rewardCatalog,
        program.birthdayGift.rewardId,
      );
      const data = reward?.data;
      if (data?.kind !== 'coupon' || !data.coupon) {
        throw new ValidationFailed([
          { path: 'birthdayGift.rewardId', message: 'Not a coupon reward of the catalogue.' },
        ]);
      }
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
