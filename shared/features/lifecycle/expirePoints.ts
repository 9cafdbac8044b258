import { OperationKind, type StatusOf } from '../../core/records.js';
import { settleAccount } from '../../domain/account.js';
import { expireAccount } from '../../domain/accountExpiry.js';
import { EntryType, type LedgerEntry } from '../../domain/ledgerEntry.js';
import { totalOf } from '../../domain/lots.js';
import { type LedgerStore, OperationExists, type RecordWrite } from '../../ports/LedgerStore.js';
import type { ProgramSource } from '../../ports/ProgramSource.js';
import { withOptimisticRetry } from '../ledger/transaction.js';

/** The points of one expiry date that expired. */
export interface ExpiryData {
  readonly status: StatusOf<'EXPIRY'>;
  readonly memberId: string;
  readonly expiresOn: string;
  readonly points: number;
  readonly expiredAt: string;
}

declare module '../../core/records.js' {
  interface RecordDataByKind {
    EXPIRY: ExpiryData;
  }
}

export interface ExpiryDeps {
  readonly ledger: LedgerStore;
  readonly programs: ProgramSource;
}

/** One `expire` entry and one record per expiry date, named by the account version they expire from. */
function expiryWrites(
  memberId: string,
  expired: Readonly<Record<string, number>>,
  version: number,
  createdAt: string,
) {
  const entries: LedgerEntry[] = [];
  const records: RecordWrite[] = [];
  for (const [date, points] of Object.entries(expired)) {
    entries.push({
      memberId,
      transactionId: `expire-${date}-v${version}`,
      type: EntryType.expire,
      points: -points,
      createdAt,
      occurredAt: createdAt,
      reference: `expiry:${date}`,
      description: `Points that expired on ${date}`,
    });
    records.push({
      mode: 'create',
      record: {
        kind: OperationKind.expiry,
        scope: memberId,
        id: `${date}@v${version}`,
        data: { status: 'expired', memberId, expiresOn: date, points, expiredAt: createdAt },
      },
    });
  }
  return { entries, records };
}

/**
 * Expires a member's points that are due on or before `asOfMs`: one `expire` entry and one
 * record per expiry date, in one transaction conditioned on the account's version. Once it
 * commits, the account no longer holds those lots, so re-runs and redeliveries find nothing due;
 * the record id carries the account version, so points restored later with a past expiry date
 * (a reversed redemption) are expired by the next run instead of being blocked.
 */
export async function expireMemberPoints(
  deps: ExpiryDeps,
  memberId: string,
  asOfMs: number,
): Promise<number> {
  try {
    return await withOptimisticRetry(async () => {
      const stored = await deps.ledger.getAccount(memberId);
      if (!stored) return 0;
      const program = await deps.programs.at(asOfMs);
      const { expired, account } = expireAccount(settleAccount(stored, asOfMs), asOfMs, program.timeZone);
      if (totalOf(expired) === 0) return 0;
      const { entries, records } = expiryWrites(
        memberId,
        expired,
        stored.version,
        new Date(asOfMs).toISOString(),
      );
      await deps.ledger.commit({
        accounts: [{ next: { ...account, version: stored.version + 1 }, expectedVersion: stored.version }],
        records,
        entries,
      });
      return totalOf(expired);
    });
  } catch (error) {
    if (error instanceof OperationExists) return 0;
    throw error;
  }
}
