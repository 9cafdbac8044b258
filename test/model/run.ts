/**
 * One run of the model: a fresh part of the programme (its own members, campaign and rewards, a
 * stretch of business time after every earlier run's) with the model and the real system side by
 * side, and the invariants checked after every step.
 */
import { randomUUID } from 'node:crypto';
import { setBusinessClock } from '../../shared/clock.js';
import { type ModelCampaign, type ModelMember, ProgrammeModel } from './programmeModel.js';
import { modelPartners, RealProgramme } from './realProgramme.js';

/** Where the next run starts on the business clock: after everything earlier runs did. */
let nextStartMs = Date.parse('2027-03-01T10:00:00+08:00');
let runs = 0;

export interface Run {
  readonly id: string;
  readonly model: ProgrammeModel;
  readonly real: RealProgramme;
  readonly memberIds: string[];
  readonly purchaseIds: string[];
  readonly redemptionIds: string[];
  readonly rewards: { readonly coffee: string; readonly coupon: string };
  readonly steps: string[];
}

export class ModelFailure extends Error {}

export function fail(run: Run, message: string): never {
  throw new ModelFailure(`${message}\n  steps so far: ${run.steps.join(' → ')}`);
}

export async function newRun(): Promise<Run> {
  const partners = await modelPartners();
  runs += 1;
  const id = `r${runs}-${randomUUID().slice(0, 6)}`;
  const startMs = nextStartMs;
  const campaign: ModelCampaign = {
    campaignId: `model-${id}`,
    store: { partnerId: partners.a.partnerId, storeId: 'sA1' },
    bonusPoints: 30,
    minAmountFen: 10_000,
    capPerMemberPoints: 60,
    budgetPoints: 150,
  };
  const model = new ProgrammeModel(startMs, campaign);
  const real = new RealProgramme(partners, campaign, () => new Date(model.nowMs).toISOString());
  setBusinessClock(new Date(startMs).toISOString());
  await real.publish(startMs);
  const rewards = { coffee: `coffee-${id}`, coupon: `voucher-${id}` };
  await real.saveReward(rewards.coffee, 300, 2);
  await real.saveReward(rewards.coupon, 1000, null);
  model.rewards.set(rewards.coffee, { rewardId: rewards.coffee, pointsCost: 300, stock: 2 });
  model.rewards.set(rewards.coupon, { rewardId: rewards.coupon, pointsCost: 1000, stock: null });
  return { id, model, real, memberIds: [], purchaseIds: [], redemptionIds: [], rewards, steps: [] };
}

/** Moves both clocks; the next run starts a good while after the furthest point any run reached. */
export function advanceTo(run: Run, ms: number): void {
  run.model.nowMs = ms;
  run.real.setClock(ms);
  nextStartMs = Math.max(nextStartMs, ms + 40 * 86_400_000);
}

export function members(run: Run): ModelMember[] {
  return run.memberIds.map((id) => run.model.members.get(id)!);
}

/** The invariants after every step: balances, tiers and spend equal the model's and the sum of entries. */
export async function checkInvariants(run: Run): Promise<void> {
  const { model, real } = run;
  for (const member of members(run)) {
    const read = await real.member(real.partners.a.key, member.memberId);
    if (read.status !== 200) fail(run, `GET member ${member.memberId}: ${read.status}`);
    const expected = {
      available: model.available(member),
      pending: model.pending(member),
      held: model.held(member),
      tier: member.tier,
      qualifyingFen: model.qualifyingFen(member),
    };
    const actual = {
      available: read.body.points.available,
      pending: read.body.points.pending,
      held: read.body.points.held,
      tier: read.body.tier.code,
      qualifyingFen: read.body.qualifyingSpend.amount,
    };
    if (JSON.stringify(expected) !== JSON.stringify(actual)) {
      fail(
        run,
        `member ${member.memberId}: model ${JSON.stringify(expected)} ≠ real ${JSON.stringify(actual)}`,
      );
    }
    const entries = await real.transactions(real.partners.a.key, member.memberId);
    const sum = entries.reduce((total, entry) => total + Number(entry.points), 0);
    if (sum !== actual.available + actual.pending + actual.held) {
      fail(run, `member ${member.memberId}: entries sum to ${sum}, balances ${JSON.stringify(actual)}`);
    }
  }
  const spent = await real.budgetSpent();
  if (spent > model.campaign.budgetPoints) fail(run, `campaign budget overspent: ${spent}`);
  if (spent !== model.budgetSpent)
    fail(run, `campaign budget spent: model ${model.budgetSpent} ≠ real ${spent}`);
}

export async function checkLedger(run: Run): Promise<void> {
  const check = await run.real.ledgerCheck();
  if (check.status !== 200 || !check.body.ok) fail(run, `ledger-check: ${JSON.stringify(check.body)}`);
}
