/**
 * One run of the model: a fresh part of the programme (its own members, campaign and rewards, a
 * stretch of business time after every earlier run's) with the model and the real system side by
 * side, and the invariants checked after every step.
 */
import { randomUUID } from 'node:crypto';
import { setBusinessClock } from '../../shared/core/clock.js';
import { accountViolations, bookViolations } from '../../shared/domain/invariants.js';
import { referenceProgram } from '../../shared/domain/program.js';
import { adapters } from '../../shared/wiring/adapters.js';
import { call } from '../functions/harness.js';
import { type ModelCampaign, type ModelItem, type ModelMember, ProgrammeModel } from './programmeModel.js';
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
  /** Which partner did each operation (purchase, refund, redemption, adjustment id). */
  readonly owners: Map<string, string>;
  /** The items of each purchase. */
  readonly items: Map<string, readonly ModelItem[]>;
  /** The body each member was enrolled with. */
  readonly enrolments: Map<string, Record<string, unknown>>;
  readonly reviewedMonths: Set<string>;
  readonly expiredDays: Set<string>;
  /** Members erased by the run (out of the picks and the balance checks). */
  readonly erased: Set<string>;
  readonly jobs: Jobs;
}

/** The schedules and the stream consumer, run on demand. */
export interface Jobs {
  run(job: string, body?: Record<string, unknown>): Promise<void>;
  aggregate(): Promise<void>;
}

export class ModelFailure extends Error {}

export function fail(run: Run, message: string): never {
  throw new ModelFailure(`${message}\n  steps so far: ${run.steps.join(' → ')}`);
}

export async function newRun(jobs: Jobs): Promise<Run> {
  const partners = await modelPartners();
  runs += 1;
  const id = `r${runs}-${randomUUID().slice(0, 6)}`;
  const startMs = nextStartMs;
  const campaigns: ModelCampaign[] = [
    {
      campaignId: `store-${id}`,
      store: { partnerId: partners.a.partnerId, storeId: 'sA1' },
      bonusPoints: 30,
      minAmountFen: 10_000,
      capPerMemberPoints: 60,
      budgetPoints: 150,
    },
    { campaignId: `first-${id}`, firstPurchase: true, bonusPoints: 40, minAmountFen: 10_000 },
  ];
  const model = new ProgrammeModel(startMs, campaigns);
  const real = new RealProgramme(partners, campaigns, () => new Date(model.nowMs).toISOString());
  setBusinessClock(new Date(startMs).toISOString());
  // Purchases may be dated up to 200 hours back: the version and its campaigns cover them.
  await real.publish(startMs - 10 * 86_400_000);
  const rewards = { coffee: `coffee-${id}`, coupon: `voucher-${id}` };
  await real.saveReward(rewards.coffee, 300, 2);
  await real.saveReward(rewards.coupon, 1000, null);
  model.rewards.set(rewards.coffee, { rewardId: rewards.coffee, pointsCost: 300, stock: 2 });
  model.rewards.set(rewards.coupon, { rewardId: rewards.coupon, pointsCost: 1000, stock: null });
  return {
    id,
    model,
    real,
    memberIds: [],
    purchaseIds: [],
    redemptionIds: [],
    rewards,
    steps: [],
    owners: new Map(),
    items: new Map(),
    enrolments: new Map(),
    reviewedMonths: new Set(),
    expiredDays: new Set(),
    erased: new Set(),
    jobs,
  };
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

/**
 * The invariants after every step: balances, tiers and spend equal the model's; the stored account
 * keeps the ledger's invariants; its book and available + pending (a hold is a debit entry) equal
 * the sum of entries.
 */
export async function checkInvariants(run: Run, histories = run.steps.length % 4 === 0): Promise<void> {
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
    // The account as stored, read back: the ledger's invariants (shared/domain/invariants.ts).
    const account = await adapters().ledger.getAccount(member.memberId);
    if (!account) fail(run, `member ${member.memberId}: no account`);
    const broken = accountViolations(account, { nowMs: model.nowMs, timeZone: referenceProgram.timeZone });
    if (broken.length > 0) fail(run, `member ${member.memberId}: ${broken.join('; ')}`);
    // The sum of entries every few steps (and at the end of the run), to keep a step cheap.
    if (!histories) continue;
    const entries = await real.transactions(real.partners.a.key, member.memberId);
    const sum = entries.reduce((total, entry) => total + Number(entry.points), 0);
    const unbooked = bookViolations(account, sum);
    if (unbooked.length > 0) fail(run, `member ${member.memberId}: ${unbooked.join('; ')}`);
    const unrecorded = member.expiredUnrecorded;
    if (sum !== actual.available + actual.pending + unrecorded) {
      fail(
        run,
        `member ${member.memberId}: entries sum to ${sum}, balances ${JSON.stringify(actual)} (+${unrecorded} expired, not yet written)`,
      );
    }
  }
  if (histories) await checkStock(run);
  for (const campaign of model.campaigns) {
    if (campaign.budgetPoints === undefined) continue;
    const spent = await real.budgetSpent(campaign);
    if (spent > campaign.budgetPoints) fail(run, `campaign ${campaign.campaignId} overspent: ${spent}`);
    const expected = model.budgetSpent.get(campaign.campaignId) ?? 0;
    if (spent !== expected)
      fail(run, `campaign ${campaign.campaignId} spent: model ${expected} ≠ real ${spent}`);
  }
}

export async function checkLedger(run: Run): Promise<void> {
  await checkInvariants(run, true);
  const check = await run.real.ledgerCheck();
  if (check.status !== 200 || !check.body.ok) fail(run, `ledger-check: ${JSON.stringify(check.body)}`);
}

/** Reward stock equals the model's (6.1: a reversal gives it back). */
export async function checkStock(run: Run) {
  const catalog = await call<{ items: { rewardId: string; stock: number | null }[] }>('GET', '/v1/rewards', {
    key: run.real.partners.a.key,
  });
  for (const reward of run.model.rewards.values()) {
    const real = catalog.body.items.find((item) => item.rewardId === reward.rewardId);
    if (!real) fail(run, `reward ${reward.rewardId} missing from the catalogue`);
    if (real.stock !== reward.stock)
      fail(run, `reward ${reward.rewardId}: model stock ${reward.stock} ≠ real ${real.stock}`);
  }
}
