import { assertStore, type Caller } from '../../core/caller.js';
import type { Clock } from '../../core/clock.js';
import { assertClaimable, DomainError, ErrorCode, IdempotencyConflict, NotFound } from '../../core/errors.js';
import { differingFields, fingerprint } from '../../core/fingerprint.js';
import { isRecordOf, OperationKind, type StatusOf } from '../../core/records.js';
import { countActivity, creditBonus, settleAccount } from '../../domain/account.js';
import { claimWindow } from '../../domain/claimWindow.js';
import { activityAllowed, activityPoints } from '../../domain/earning.js';
import { EntryType } from '../../domain/ledgerEntry.js';
import { type LedgerChange, type LedgerStore, OperationExists } from '../../ports/LedgerStore.js';
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

/** The first answer to a replayed activity id; with other fields, 409 naming them. */
function replayed(data: ActivityData, requestFingerprint: string, memberId: string, body: ActivityBody) {
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
}

/** The activity is inside the claim window, and its store (if any) is the caller's and known. */
async function assertClaimableActivity(
  deps: ActivitiesDeps,
  caller: Caller,
  body: ActivityBody,
  occurredAtMs: number,
): Promise<void> {
  const current = await deps.programs.current();
  assertClaimable(claimWindow(occurredAtMs, deps.clock.nowMs(), current), current.earning.claimWindowDays);
  if (body.storeId !== undefined) {
    assertStore(caller, body.storeId);
    await assertKnownStore(deps.partners, current, caller.partnerId, body.storeId);
  }
}

/** The activity's record and its `activity` entry, in the transaction that credits the account. */
function activityWrites(
  caller: Caller,
  data: ActivityData,
  body: ActivityBody,
  nowMs: number,
): Pick<LedgerChange, 'records' | 'entries'> {
  return {
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
        memberId: data.memberId,
        transactionId: `activity-${caller.partnerId}-${body.activityId}`,
        type: EntryType.activity,
        points: data.points,
        createdAt: new Date(nowMs).toISOString(),
        occurredAt: body.occurredAt,
        reference: `activity:${body.activityId}`,
        description: `Activity: ${body.type}`,
        partnerId: caller.partnerId,
        ...(body.storeId !== undefined ? { storeId: body.storeId } : {}),
      },
    ],
  };
}

/** One attempt at crediting the activity: counted against the day's limit on the account read now. */
async function creditActivity(
  deps: ActivitiesDeps,
  caller: Caller,
  memberId: string,
  body: ActivityBody,
  requestFingerprint: string,
  occurredAtMs: number,
) {
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
    ...activityWrites(caller, data, body, nowMs),
  });
  return view(data);
}

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
  const prior = await deps.ledger.getRecord(OperationKind.activity, caller.partnerId, body.activityId);
  if (prior) return replayed(prior.data, requestFingerprint, memberId, body);

  const occurredAtMs = Date.parse(body.occurredAt);
  await assertClaimableActivity(deps, caller, body, occurredAtMs);
  try {
    return await withOptimisticRetry(() =>
      creditActivity(deps, caller, memberId, body, requestFingerprint, occurredAtMs),
    );
  } catch (error) {
    if (error instanceof OperationExists && isRecordOf(error.existing, OperationKind.activity)) {
      return replayed(error.existing.data, requestFingerprint, memberId, body);
    }
    throw error;
  }
}
