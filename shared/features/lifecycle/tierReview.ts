import { OperationKind, type StatusOf } from '../../core/records.js';
import { settleAccount } from '../../domain/account.js';
import type { Program } from '../../domain/program.js';
import { reviewAccountTier } from '../../domain/tierReview.js';
import { type ReviewReason, tierName } from '../../domain/tiers.js';
import { type LedgerStore, OperationExists, type RecordWrite } from '../../ports/LedgerStore.js';
import type { ProgramSource } from '../../ports/ProgramSource.js';
import { withOptimisticRetry } from '../ledger/transaction.js';
import { notificationRecord } from '../notifications/emails.js';

/** A tier the yearly review changed. */
export interface TierChangeData extends TierChange {
  readonly status: StatusOf<'TIERCHANGE'>;
}

declare module '../../core/records.js' {
  interface RecordDataByKind {
    TIERCHANGE: TierChangeData;
  }
}

export interface TierReviewDeps {
  readonly ledger: LedgerStore;
  readonly programs: ProgramSource;
}

export interface TierChange {
  readonly memberId: string;
  readonly from: string;
  readonly to: string;
  readonly reason: ReviewReason | 'upgrade';
  readonly at: string;
}

/** The change recorded once per member and period, and the member's notice of it. */
function tierChangeRecords(
  change: TierChange & { readonly reason: ReviewReason },
  period: string,
  program: Program,
  asOfMs: number,
): RecordWrite[] {
  return [
    {
      mode: 'create',
      record: {
        kind: OperationKind.tierChange,
        scope: change.memberId,
        id: `review-${period}`,
        data: { status: 'changed', ...change },
      },
    },
    {
      mode: 'create',
      record: notificationRecord(
        change.memberId,
        `tier-review-${period}`,
        {
          kind: 'tierChange',
          fromName: tierName(program, change.from),
          toName: tierName(program, change.to),
          direction: 'down',
          reason: change.reason,
        },
        asOfMs,
      ),
    },
  ];
}

/**
 * The monthly review of one member: one step down below the tier's threshold, to the first tier
 * after months without a purchase. The change is recorded with its reason, once per member and
 * period, in the same transaction as the account.
 */
export async function reviewMemberTier(
  deps: TierReviewDeps,
  memberId: string,
  asOfMs: number,
  period: string,
): Promise<TierChange | null> {
  try {
    return await withOptimisticRetry(async () => {
      const stored = await deps.ledger.getAccount(memberId);
      if (stored?.status !== 'active') return null;
      const program = await deps.programs.at(asOfMs);
      const account = settleAccount(stored, asOfMs);
      const decision = reviewAccountTier(account, asOfMs, program);
      if (decision.reason === null || decision.tier === account.tier) return null;
      const at = new Date(asOfMs).toISOString();
      const change = {
        memberId,
        from: account.tier,
        to: decision.tier,
        reason: decision.reason,
        at,
      } satisfies TierChange;
      await deps.ledger.commit({
        accounts: [
          {
            next: { ...account, tier: decision.tier, tierSince: at, version: stored.version + 1 },
            expectedVersion: stored.version,
          },
        ],
        records: tierChangeRecords(change, period, program, asOfMs),
        entries: [],
      });
      return change;
    });
  } catch (error) {
    if (error instanceof OperationExists) return null;
    throw error;
  }
}
