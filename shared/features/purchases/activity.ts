import { assertStore, type Caller } from '../../core/caller.js';
import type { Clock } from '../../core/clock.js';
import { assertClaimable, DomainError, ErrorCode, IdempotencyConflict, NotFound } from '../../core/errors.js';
import { differingFields, fingerprint } from '../../core/fingerprint.js';
import { isRecordOf, OperationKind, type StatusOf } from '../../core/records.js';
import { countActivity, creditBonus, settleAccount } from '../../domain/account.js';
import { claimWindow } from '../../domain/claimWindow.js';
import { activityAllowed, activityPoints } from '../../domain/earning.js';
import { EntryType } from '../../domain/ledgerEntry.js';
import { type LedgerStore, OperationExists } from '../../ports/LedgerStore.js';
import type { StoreDirectory } from '../../ports/PartnerStore.js';
import type { ProgramSource } from '../../ports/ProgramSource.js';
import { withOptimisticRetry } from '../ledger/transaction.js';
import { assertKnownStore } from '../partners/knownStore.js';
import type { ActivityBody } from './schemas.js';

export interface ActivitiesDeps {
  readonly ledger: LedgerStore;
  readonly programs: ProgramSource;
  readonly clock: Clock;
  readonly partners: StoreDirectory;
}

declare module '../../core/records.js' {
  interface RecordDataByKind {
    ACTIVITY: ActivityData;
  }
}

export interface ActivityData {
  readonly status: StatusOf<'ACTIVITY'>;
  readonly memberId: string;
  readonly activityId: string;
  readonly type: string;
  readonly occurredAt: string;
  readonly points: number;
  readonly fingerprint: string;
}

const view = (data: ActivityData) => ({ activityId: data.activityId, type: data.type, points: data.points });

/**
 * Credits an activity within the programme's per-day limit. The limit is counted on the account,
 * so concurrent activities serialise on its version and the limit holds under any concurrency.
 */
export async function recordActivity(
  deps: ActivitiesDeps,
  caller: Caller,
  memberId: string,
  body: ActivityBody,
) {
  const requestFingerprint = fingerprint({ memberId, ...body });
  const replay = (data: ActivityData) => {
    if (data.fingerprint !== requestFingerprint) {
      throw new IdempotencyConflict(
        'activityId',
        body.activityId,
        differingFields(
          { memberId: data.memberId, type: data.type, occurredAt: data.occurredAt },
          { memberId, ...body },
        ),
      );
    }
    return view(data);
  };
  const prior = await deps.ledger.getRecord(OperationKind.activity, caller.partnerId, body.activityId);
  if (prior) return replay(prior.data);

  const occurredAtMs = Date.parse(body.occurredAt);
  const current = await deps.programs.current();
  assertClaimable(claimWindow(occurredAtMs, deps.clock.nowMs(), current), current.earning.claimWindowDays);
  if (body.storeId !== undefined) {
    assertStore(caller, body.storeId);
    await assertKnownStore(deps.partners, current, caller.partnerId, body.storeId);
  }
  try {
    return await withOptimisticRetry(async () => {
      const stored = await deps.ledger.getAccount(memberId);
      if (stored?.status !== 'active') throw new NotFound(`Member "${memberId}"`);
      const program = await deps.programs.at(occurredAtMs);
      const nowMs = deps.clock.nowMs();
      const counted = countActivity(settleAccount(stored, nowMs), body.type, occurredAtMs, nowMs, program);
      if (!activityAllowed(body.type, counted.countBefore, program)) {
        throw new DomainError(
          ErrorCode.activityLimitReached,
          `The programme's limit for "${body.type}" on that day is reached.`,
        );
      }
      const points = activityPoints(body.type, program);
      const data: ActivityData = {
        status: 'credited',
        memberId,
        activityId: body.activityId,
        type: body.type,
        occurredAt: body.occurredAt,
        points,
        fingerprint: requestFingerprint,
      };
      await deps.ledger.commit({
        accounts: [
          {
            next: creditBonus(counted.account, points, occurredAtMs, program),
            expectedVersion: stored.version,
          },
        ],
        records: [
          {
            mode: 'create',
            record: {
              kind: OperationKind.activity,
              scope: caller.partnerId,
              id: body.activityId,
              data: { ...data },
            },
          },
        ],
        entries: [
          {
            memberId,
            transactionId: `activity-${caller.partnerId}-${body.activityId}`,
            type: EntryType.activity,
            points,
            createdAt: new Date(nowMs).toISOString(),
            occurredAt: body.occurredAt,
            reference: `activity:${body.activityId}`,
            description: `Activity: ${body.type}`,
            partnerId: caller.partnerId,
            ...(body.storeId !== undefined ? { storeId: body.storeId } : {}),
          },
        ],
      });
      return view(data);
    });
  } catch (error) {
    if (error instanceof OperationExists && isRecordOf(error.existing, OperationKind.activity)) {
      return replay(error.existing.data);
    }
    throw error;
  }
}
