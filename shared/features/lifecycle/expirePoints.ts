import { OperationKind, type StatusOf } from '../../core/records.js';
import { settleAccount } from '../../domain/account.js';
import { programDay } from '../../domain/calendar.js';
import { EntryType, type LedgerEntry } from '../../domain/ledgerEntry.js';
import { expireDue, totalOf } from '../../domain/lots.js';
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
      const tz = program.timeZone;
      const account = settleAccount(stored, asOfMs);
      const due = expireDue(account.lots, asOfMs, tz);
      // Points still pending whose expiry date has come expire with the rest.
      const pendingDue = account.pending.filter((lot) => lot.expiresOn <= programDay(asOfMs, tz));
      const expired: Record<string, number> = { ...due.expired };
      for (const lot of pendingDue) expired[lot.expiresOn] = (expired[lot.expiresOn] ?? 0) + lot.points;
      if (totalOf(expired) === 0) return 0;

      const createdAt = new Date(asOfMs).toISOString();
      const entries: LedgerEntry[] = [];
      const records: RecordWrite[] = [];
      for (const [date, points] of Object.entries(expired)) {
        entries.push({
          memberId,
          transactionId: `expire-${date}-v${stored.version}`,
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
            id: `${date}@v${stored.version}`,
            data: { status: 'expired', memberId, expiresOn: date, points, expiredAt: createdAt },
          },
        });
      }
      await deps.ledger.commit({
        accounts: [
          {
            next: {
              ...account,
              lots: due.lots,
              pending: account.pending.filter((lot) => !pendingDue.includes(lot)),
              version: stored.version + 1,
            },
            expectedVersion: stored.version,
          },
        ],
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
