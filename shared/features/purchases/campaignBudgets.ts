/**
 * Campaign budgets for the accrual and the simulator (the design is in domain/rules/budget.ts).
 *
 * This process keeps, for each budget shard, what it last knew the shard had counted: learnt from
 * the shard's own answer when a condition fails, moved by the takes and give-backs this process
 * committed, and read by the simulator. What it knows may be too low (other processes took since):
 * then the conditional write fails, tells the real count, and the accrual recomputes. It may be
 * too high (a refund elsewhere gave points back): then the engine cuts a campaign by its budget,
 * and the accrual reads the shards before it believes that (`refreshBudgets`). The usual accrual
 * (a budget far from spent) therefore reads nothing.
 */

import type { Campaign, Program } from '../../domain/program.js';
import {
  budgetLeftAtMost,
  budgetShardCount,
  homeShard,
  planTakes,
  shardAllotments,
} from '../../domain/rules/budget.js';
import type { CampaignGrant } from '../../domain/rules/earnPoints.js';
import { UseKind, useKey, usesOfKind } from '../../domain/rules/lineUses.js';
import type { CounterTake, LedgerStore } from '../../ports/LedgerStore.js';

const spentAtLeast = new Map<string, number>();

const counterOf = (campaignId: string, shard: number) => `${campaignId}#${shard}`;

/** What each counter was seen to have counted (a shard's own answer, or a read). */
export function learnCounterCounts(counts: Readonly<Record<string, number>>) {
  for (const [counter, spent] of Object.entries(counts)) spentAtLeast.set(counter, spent);
}

/** The budget uses of the takes, by campaign: what each campaign's line consumed of which shard. */
export function budgetUsesByCampaign(takes: readonly CounterTake[]): Map<string, Record<string, number>> {
  const byCampaign = new Map<string, Record<string, number>>();
  for (const take of takes) {
    const campaignId = take.counter.slice(0, take.counter.lastIndexOf('#'));
    const uses = byCampaign.get(campaignId) ?? {};
    uses[useKey(UseKind.budget, take.counter)] =
      (uses[useKey(UseKind.budget, take.counter)] ?? 0) + take.take;
    byCampaign.set(campaignId, uses);
  }
  return byCampaign;
}

const giveBackLimit = 1_000_000_000_000;

/** The give-backs of a refund's released budget uses: negative takes, never bounded. */
export function budgetGiveBacks(released: Readonly<Record<string, number>>): CounterTake[] {
  return Object.entries(usesOfKind(released, UseKind.budget)).map(([counter, points]) => ({
    counter,
    take: -points,
    // No bound to keep: a give-back only lowers the count (the limit stays a safe integer).
    limit: giveBackLimit,
  }));
}

/** After a commit of give-backs: what this process knows of those shards falls with them. */
export function gaveBack(takes: readonly CounterTake[]) {
  for (const take of takes) {
    const known = spentAtLeast.get(take.counter);
    if (known !== undefined) spentAtLeast.set(take.counter, Math.max(0, known + take.take));
  }
}

/** Reads the shards of the budgets a credit was cut by, so the next attempt knows them exactly. */
export async function refreshBudgets(ledger: LedgerStore, program: Program, campaignIds: readonly string[]) {
  const counters = budgeted(program)
    .filter((campaign) => campaignIds.includes(campaign.campaignId))
    .flatMap((campaign) =>
      Array.from({ length: budgetShardCount(campaign) }, (_, shard) => counterOf(campaign.campaignId, shard)),
    );
  if (counters.length > 0) learnCounterCounts(await ledger.readCounters(counters));
}

function budgeted(program: Program): Campaign[] {
  return program.earning.campaigns.filter((campaign) => campaign.budgetPoints !== undefined);
}

export interface BudgetSnapshot {
  /** At most what remains of each budgeted campaign, for the rule engine. */
  readonly left: Readonly<Record<string, number>>;
  /** The conditional takes that count the grants (they add up to each grant). */
  takes(grants: readonly CampaignGrant[], purchaseId: string): CounterTake[];
  /** After a commit: the takes are counted. */
  committed(takes: readonly CounterTake[]): void;
}

/** What this process knows of the programme's budgets, frozen for one attempt of one accrual. */
export function budgetSnapshot(program: Program): BudgetSnapshot {
  const known = new Map<string, number>();
  const shapes = new Map<string, { allotments: number[] }>();
  const left: Record<string, number> = {};
  for (const campaign of budgeted(program)) {
    const allotments = shardAllotments(campaign.budgetPoints!, budgetShardCount(campaign));
    shapes.set(campaign.campaignId, { allotments });
    for (let shard = 0; shard < allotments.length; shard++) {
      const counter = counterOf(campaign.campaignId, shard);
      known.set(counter, spentAtLeast.get(counter) ?? 0);
    }
    left[campaign.campaignId] = budgetLeftAtMost(
      allotments,
      (shard) => known.get(counterOf(campaign.campaignId, shard)) ?? 0,
    );
  }
  return {
    left,
    takes(grants, purchaseId) {
      const takes: CounterTake[] = [];
      for (const grant of grants) {
        const shape = shapes.get(grant.campaignId);
        if (!shape) continue;
        const home = homeShard(purchaseId, shape.allotments.length);
        const planned = planTakes(
          grant.points,
          home,
          shape.allotments,
          (shard) => known.get(counterOf(grant.campaignId, shard)) ?? 0,
        );
        // The engine never grants more than `left`, which these shards have room for.
        if (planned.reduce((sum, take) => sum + take.take, 0) !== grant.points) {
          throw new Error(`Campaign ${grant.campaignId}: no room for ${grant.points} points`);
        }
        for (const take of planned) {
          takes.push({
            counter: counterOf(grant.campaignId, take.shard),
            take: take.take,
            limit: take.allotment,
          });
        }
      }
      return takes;
    },
    committed(takes) {
      for (const take of takes) {
        const before = known.get(take.counter) ?? 0;
        spentAtLeast.set(take.counter, Math.max(spentAtLeast.get(take.counter) ?? 0, before + take.take));
      }
    },
  };
}

/**
 * Exactly what remains of the budgets of the campaigns in force at `atMs` (the simulator: it
 * reads every shard, consistently), and what it read is learnt.
 */
export async function readBudgetLeft(
  ledger: LedgerStore,
  program: Program,
  atMs: number,
): Promise<Record<string, number>> {
  const campaigns = budgeted(program).filter((campaign) => campaign.fromMs <= atMs && atMs < campaign.toMs);
  const shapes = campaigns.map((campaign) => ({
    campaign,
    allotments: shardAllotments(campaign.budgetPoints!, budgetShardCount(campaign)),
  }));
  const counters = shapes.flatMap(({ campaign, allotments }) =>
    allotments.map((_, shard) => counterOf(campaign.campaignId, shard)),
  );
  const counts = counters.length > 0 ? await ledger.readCounters(counters) : {};
  learnCounterCounts(counts);
  return Object.fromEntries(
    shapes.map(({ campaign, allotments }) => [
      campaign.campaignId,
      budgetLeftAtMost(allotments, (shard) => counts[counterOf(campaign.campaignId, shard)] ?? 0),
    ]),
  );
}

/** What every shard of a campaign's budget has counted: the test and operator view of a budget. */
export async function budgetSpent(ledger: LedgerStore, campaign: Campaign): Promise<number> {
  const shards = budgetShardCount(campaign);
  const counts = await ledger.readCounters(
    Array.from({ length: shards }, (_, shard) => counterOf(campaign.campaignId, shard)),
  );
  return Object.values(counts).reduce((sum, spent) => sum + spent, 0);
}
