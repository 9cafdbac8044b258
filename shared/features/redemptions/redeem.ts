/**
 * Redemptions (POST /v1/redemptions): a reward redeemed, or points paid (optionally as a hold).
 * Points come from the soonest-expiring lots; stock is decremented in the same transaction (never
 * oversold); available points never go below zero.
 */

import { assertStore, type Caller } from '../../core/caller.js';
import {
  Conflict,
  DomainError,
  ErrorCode,
  IdempotencyConflict,
  MemberCodeInvalid,
  NotFound,
  ValidationFailed,
} from '../../core/errors.js';
import { differingFields, fingerprint } from '../../core/fingerprint.js';
import { OperationKind, RedemptionStatus } from '../../core/records.js';
import { type AccountState, settleAccount, spendPoints } from '../../domain/account.js';
import type { Program } from '../../domain/program.js';
import { meetsMinTier } from '../../domain/tiers.js';
import { OperationExists, type RecordWrite, StaleRecord } from '../../ports/LedgerStore.js';
import { withOptimisticRetry } from '../ledger/transaction.js';
import { assertKnownStore } from '../partners/knownStore.js';
import { memberPresence } from './presence.js';
import {
  catalog,
  holdKey,
  type RedemptionData,
  type RedemptionsDeps,
  type RewardData,
  redemptionRecord,
} from './records.js';
import { expiredHoldRelease, rewardWrites, spendEntry } from './redemptionWrites.js';
import type { RedemptionBody } from './schemas.js';
import { redemptionView } from './views.js';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * What identifies a redemption request for replays: the body without the member code (a
 * credential, used once) and without the member id (a till may send the code alone).
 */
function operationOf(body: Readonly<Record<string, unknown>>) {
  const { memberCode: _code, memberId: _member, ...operation } = body;
  return operation;
}

/** A replay answers the first result; the same id with another operation or member is a conflict. */
function checkReplay(existing: RedemptionData, body: RedemptionBody) {
  const stored = operationOf(existing.request);
  const asked = operationOf(body);
  const otherMember = body.memberId !== undefined && body.memberId !== existing.memberId;
  if (otherMember || fingerprint(stored) !== fingerprint(asked)) {
    throw new IdempotencyConflict(
      'redemptionId',
      body.redemptionId,
      differingFields(
        { ...stored, memberId: existing.memberId },
        { ...asked, memberId: body.memberId ?? existing.memberId },
      ),
    );
  }
  return redemptionView(existing);
}

export async function redeem(deps: RedemptionsDeps, caller: Caller, body: RedemptionBody) {
  assertStore(caller, body.storeId);
  const prior = await deps.ledger.getRecord(OperationKind.redemption, caller.partnerId, body.redemptionId);
  if (prior) return checkReplay(prior.data, body);

  const program = await deps.programs.current();
  await assertKnownStore(deps.partners, program, caller.partnerId, body.storeId);
  const reward = await rewardOf(deps, body, program);
  const points = reward ? reward.pointsCost : 'payment' in body ? body.payment.points : 0;
  const hold = 'payment' in body && body.hold === true;
  const presence = await memberPresence(deps, caller, body, program, points);
  const ask: Spending = { program, reward, points, hold, presence };
  try {
    return await withOptimisticRetry(() => spend(deps, caller, body, ask));
  } catch (error) {
    if (error instanceof OperationExists && error.existing.kind === OperationKind.redemption) {
      return checkReplay(error.existing.data, body);
    }
    throw error;
  }
}

/** What a redemption spends, settled before its transaction (which retries on a moved account). */
interface Spending {
  readonly program: Program;
  readonly reward: RewardData | null;
  readonly points: number;
  readonly hold: boolean;
  readonly presence: Awaited<ReturnType<typeof memberPresence>>;
}

/** The reward asked for (404 if there is none); a payment instead must pay at least the minimum. */
async function rewardOf(deps: RedemptionsDeps, body: RedemptionBody, program: Program) {
  if ('rewardId' in body) {
    const record = await deps.ledger.getRecord(OperationKind.reward, catalog, body.rewardId);
    if (!record) throw new NotFound(`Reward "${body.rewardId}"`);
    return record.data;
  }
  if (body.payment.points < program.payments.minPoints) {
    throw new ValidationFailed([
      { path: 'payment.points', message: `Pay at least ${program.payments.minPoints} points.` },
    ]);
  }
  return null;
}

/** One attempt: the member's account read, the points spent, the redemption and its writes committed. */
async function spend(deps: RedemptionsDeps, caller: Caller, body: RedemptionBody, ask: Spending) {
  const { program, reward, points, hold, presence } = ask;
  const { memberId } = presence;
  const stored = await deps.ledger.getAccount(memberId);
  if (stored?.status !== 'active') throw new NotFound(`Member "${memberId}"`);
  const nowMs = deps.clock.nowMs();
  const released = await expiredHoldRelease(deps, settleAccount(stored, nowMs), nowMs);
  if (reward) assertEligible(program, released.account, reward);
  const holdUntilMs = nowMs + program.payments.holdMinutes * 60_000;
  const key = holdKey(caller.partnerId, body.redemptionId);
  const spent = spendPoints(
    released.account,
    points,
    nowMs,
    program,
    hold ? { redemptionId: key, untilMs: holdUntilMs } : undefined,
  );
  if (!spent.ok) {
    throw new DomainError(
      ErrorCode.insufficientPoints,
      `The member has ${spent.available} points available; ${points} are needed.`,
    );
  }
  const rewardSide = reward
    ? rewardWrites(reward, { memberId, partnerId: caller.partnerId, body, program, nowMs })
    : { records: [], coupon: null, stockTaken: undefined };
  const data = redemptionData(caller, body, ask, { taken: spent.taken, rewardSide, holdUntilMs, nowMs });
  const records: RecordWrite[] = [
    { mode: 'create', record: redemptionRecord(data) },
    ...released.records,
    ...presence.records,
    ...rewardSide.records,
  ];
  await commitSpending(deps, reward, {
    accounts: [{ next: spent.account, expectedVersion: stored.version }],
    records,
    entries: [...released.entries, spendEntry(data, reward, hold, nowMs)],
    audit: presence.audit,
  });
  return redemptionView(data);
}

/** The redemption's record: what it spent and took, held until when, or completed. */
function redemptionData(
  caller: Caller,
  body: RedemptionBody,
  ask: Spending,
  spent: {
    taken: RedemptionData['taken'];
    rewardSide: { coupon: RedemptionData['coupon']; stockTaken: boolean | undefined };
    holdUntilMs: number;
    nowMs: number;
  },
): RedemptionData {
  const { program, reward, points, hold, presence } = ask;
  const { rewardSide, nowMs } = spent;
  return {
    status: hold ? RedemptionStatus.held : RedemptionStatus.completed,
    partnerId: caller.partnerId,
    redemptionId: body.redemptionId,
    memberId: presence.memberId,
    storeId: body.storeId,
    rewardId: reward?.rewardId ?? null,
    points,
    valueFen: reward ? null : Math.floor((points * 100) / program.payments.pointsPerYuan),
    currency: program.currency,
    taken: spent.taken,
    holdUntil: hold ? iso(spent.holdUntilMs) : null,
    coupon: rewardSide.coupon,
    ...(reward ? { stockTaken: rewardSide.stockTaken } : {}),
    fingerprint: fingerprint(operationOf(body)),
    request: { ...operationOf(body), memberId: presence.memberId },
    createdAt: iso(nowMs),
    transactionId: `${hold ? 'hold' : 'redeem'}-${caller.partnerId}-${body.redemptionId}`,
  };
}

/** A reward with a minimum tier is for members of that tier or above. */
function assertEligible(program: Program, account: AccountState, reward: RewardData) {
  if (!meetsMinTier(program, account.tier, reward.minTier)) {
    throw new DomainError(
      ErrorCode.rewardNotEligible,
      `Reward "${reward.rewardId}" needs tier ${reward.minTier} or above.`,
    );
  }
}

/** Commits the spending; a stock or member code taken at the same moment answers its own problem. */
async function commitSpending(
  deps: RedemptionsDeps,
  reward: RewardData | null,
  change: Parameters<RedemptionsDeps['ledger']['commit']>[0],
) {
  try {
    await deps.ledger.commit(change);
  } catch (error) {
    if (error instanceof StaleRecord && error.kind === OperationKind.reward) {
      throw new Conflict(ErrorCode.rewardOutOfStock, `Reward "${reward?.rewardId}" is out of stock.`);
    }
    if (error instanceof StaleRecord && error.kind === OperationKind.memberCode) {
      throw new MemberCodeInvalid('The member code was used by another request at the same moment.');
    }
    throw error;
  }
}
