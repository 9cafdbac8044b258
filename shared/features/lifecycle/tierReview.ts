import { OperationKind, type StatusOf } from '../../core/records.js';
import { normaliseAccount, qualifyingSpendFen, settleAccount } from '../../domain/account.js';
import { type ReviewReason, reviewTier, trailingSpendFen } from '../../domain/tiers.js';
import { type LedgerStore, OperationExists } from '../../ports/LedgerStore.js';
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
      const keep = program.tiers.find((tier) => tier.code === account.tier)?.keep;
      const decision = reviewTier({
        currentTier: account.tier,
        trailingSpendFen: qualifyingSpendFen(account, asOfMs, program),
        ...(keep
          ? {
              keepSpendFen: trailingSpendFen(
                normaliseAccount(account).spend,
                asOfMs,
                program.timeZone,
                keep.months,
              ),
            }
          : {}),
        lastPurchaseAtMs: account.lastPurchaseAtMs,
        nowMs: asOfMs,
        program,
      });
      if (decision.reason === null || decision.tier === account.tier) return null;
      const at = new Date(asOfMs).toISOString();
      const tierName = (code: string) => program.tiers.find((tier) => tier.code === code)?.name ?? code;
      const change: TierChange = {
        memberId,
        from: account.tier,
        to: decision.tier,
        reason: decision.reason,
        at,
      };
      await deps.ledger.commit({
        accounts: [
          {
            next: { ...account, tier: decision.tier, tierSince: at, version: stored.version + 1 },
            expectedVersion: stored.version,
          },
        ],
        records: [
          {
            mode: 'create',
            record: {
              kind: OperationKind.tierChange,
              scope: memberId,
              id: `review-${period}`,
              data: { status: 'changed', ...change },
            },
          },
          {
            mode: 'create',
            record: notificationRecord(
              memberId,
              `tier-review-${period}`,
              {
                kind: 'tierChange',
                fromName: tierName(account.tier),
                toName: tierName(decision.tier),
                direction: 'down',
                reason: decision.reason,
              },
              asOfMs,
            ),
          },
        ],
        entries: [],
      });
      return change;
    });
  } catch (error) {
    if (error instanceof OperationExists) return null;
    throw error;
  }
}
