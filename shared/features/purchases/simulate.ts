/**
 * The simulator (POST /v1/program/simulate): what a purchase would earn now, under the version in
 * force for its store and time, a published version, or a draft; it writes nothing. For a member
 * it reads the account as the accrual would (settled at the business clock) and the campaign
 * budgets exactly, so it answers what crediting the purchase would give if nothing changed first.
 */

import { assertStore, type Caller } from '../../core/caller.js';
import type { Clock } from '../../core/clock.js';
import { Forbidden, NotFound, ValidationFailed } from '../../core/errors.js';
import { grants, Scope } from '../../core/scopes.js';
import { earningState, settleAccount } from '../../domain/account.js';
import type { Program } from '../../domain/program.js';
import { earnPoints, type MemberEarningState } from '../../domain/rules/earnPoints.js';
import { publicLines } from '../../domain/rules/lineUses.js';
import { storeRef } from '../../domain/stores.js';
import type { LedgerStore } from '../../ports/LedgerStore.js';
import type { MemberStore } from '../../ports/MemberStore.js';
import type { ProgramSource } from '../../ports/ProgramSource.js';
import { parseProgramVersion } from '../program/versions.js';
import { readBudgetLeft } from './campaignBudgets.js';
import type { SimulateBody } from './schemas.js';

export interface SimulateDeps {
  readonly ledger: LedgerStore;
  readonly members: MemberStore;
  readonly programs: ProgramSource;
  readonly clock: Clock;
}

async function programFor(
  deps: SimulateDeps,
  body: SimulateBody,
  occurredAtMs: number,
  store: string,
): Promise<Program> {
  const versions = await deps.programs.versions();
  if (body.draft !== undefined)
    return parseProgramVersion(body.draft, versions, deps.clock.nowMs(), 'draft.');
  if (body.programVersion !== undefined) {
    const version = versions.find((program) => program.version === body.programVersion);
    if (!version) throw new NotFound(`Programme version ${body.programVersion}`);
    return version;
  }
  return deps.programs.at(occurredAtMs, store);
}

/** The store the simulated purchase is at, within its partner: the caller's own unless an admin names another. */
function storeOf(caller: Caller, body: SimulateBody): string {
  const partnerId = body.purchase.partnerId ?? caller.partnerId;
  if (partnerId !== caller.partnerId && !grants(caller.scopes, Scope.admin)) {
    throw new Forbidden(null, "Only an admin key simulates at another partner's stores.");
  }
  assertStore(caller, body.purchase.storeId);
  return storeRef(partnerId, body.purchase.storeId);
}

export async function simulateEarning(deps: SimulateDeps, caller: Caller, body: SimulateBody) {
  const nowMs = deps.clock.nowMs();
  const occurredAtMs = Date.parse(body.purchase.occurredAt);
  const store = storeOf(caller, body);
  const program = await programFor(deps, body, occurredAtMs, store);
  if (body.purchase.currency !== program.currency) {
    throw new ValidationFailed([
      { path: 'purchase.currency', message: `The programme's currency is ${program.currency}.` },
    ]);
  }
  let member: MemberEarningState;
  if (body.memberId !== undefined) {
    const found = await deps.members.getMember(body.memberId);
    if (found?.account.status !== 'active') throw new NotFound(`Member "${body.memberId}"`);
    const account = settleAccount(found.account, nowMs);
    member = earningState(account, found.profile.birthday, occurredAtMs, nowMs, program);
  } else {
    const tierCode = body.tier ?? program.tiers[0]!.code;
    if (!program.tiers.some((tier) => tier.code === tierCode)) {
      throw new ValidationFailed([{ path: 'tier', message: `Not a tier of the programme: ${tierCode}.` }]);
    }
    member = { tierCode, birthday: null, dayEligibleFenBefore: 0, firstPurchase: false, campaignPoints: {} };
  }
  const earned = earnPoints({
    program,
    amountFen: body.purchase.amount,
    items: body.purchase.items,
    occurredAtMs,
    storeId: store,
    member,
    budgetLeft: await readBudgetLeft(deps.ledger, program, occurredAtMs),
  });
  return {
    points: earned.points,
    breakdown: publicLines(earned.breakdown),
    qualifyingSpend: { amount: earned.qualifyingFen, currency: program.currency },
    programVersion: program.version,
  };
}
