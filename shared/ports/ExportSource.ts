import type { AccountState } from '../domain/account.js';
import type { LedgerEntry } from '../domain/ledgerEntry.js';
import type { MemberProfile } from './MemberStore.js';

export interface ExportPage<T> {
  readonly items: readonly T[];
  /** Where the next page starts; `undefined` at the end. A page may hold fewer than asked. */
  readonly next: Record<string, unknown> | undefined;
}

/** The whole programme, a page at a time, for exports. */
export interface ExportSource {
  /** Every member (account and profile), in table order. */
  members(
    limit: number,
    cursor?: Record<string, unknown>,
  ): Promise<ExportPage<{ account: AccountState; profile: MemberProfile | null }>>;
  /** Every ledger entry recorded in [fromIso, toIso), in table order (grouped by member). */
  entries(
    range: { fromIso: string; toIso: string },
    limit: number,
    cursor?: Record<string, unknown>,
  ): Promise<ExportPage<LedgerEntry>>;
}
