import type { Program } from '../domain/program.js';

/** The programme's rules, versioned: each event is judged by the version in force when it occurred. */
export interface ProgramSource {
  /** The version in force now for every store (what GET /v1/program shows). */
  current(): Promise<Program>;
  /**
   * The version in force at `occurredAtMs`; with `storeId` (the store as the programme names it,
   * `"<partnerId>/<storeId>"`), also a version released to that store first (gray release,
   * domain/rules/rollout.ts).
   */
  at(occurredAtMs: number, storeId?: string): Promise<Program>;
  /** Every published version, oldest first. */
  versions(): Promise<readonly Program[]>;
}
