/**
 * The aggregator's use case: folds a batch of the table's changes into the daily counters.
 *
 * The batch's facts are taken in order, in groups of at most `factsPerTransaction`; each group is
 * one transaction (markers, merged counters, members' figures, see DynamoAggregateStore), so a
 * fact counts exactly once: a replayed fact's marker cancels the transaction, and the group is
 * planned again without it. A member whose figures changed since they were read, or a busy
 * counter, retries the group (on another counter shard) with jittered backoff. Groups run a few at
 * a time, each on its own shard. A group that still fails fails its changes and every later one
 * of the batch: the stream delivers them again from the first failed record (counted ones are
 * skipped by their markers).
 */
import {
  type FoldPlan,
  factsOf,
  type LedgerFact,
  planFold,
  planSize,
  type StreamChange,
} from '../../domain/aggregates.js';
import { type AggregateStore, FactsCounted, FoldConflict } from '../../ports/AggregateStore.js';
import type { ProgramSource } from '../../ports/ProgramSource.js';

export interface AggregatesDeps {
  readonly aggregates: AggregateStore;
  readonly programs: ProgramSource;
}

/** Facts per transaction; a group whose plan is over 100 items is halved. */
export const factsPerTransaction = 24;
/** Groups in flight at once, each on its own counter shard. */
const groupsAtOnce = 4;
const maxAttempts = 8;
const maxItems = 100;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface FoldOutcome {
  /** Changes that must be delivered again: the first that failed and every one after it. */
  readonly failed: readonly StreamChange[];
  /** The facts counted by this call (replays not included), for metrics. */
  readonly counted: readonly LedgerFact[];
  readonly errors: readonly { readonly change: StreamChange; readonly error: unknown }[];
}

async function commitGroup(
  deps: AggregatesDeps,
  facts: readonly LedgerFact[],
  shardOf: (attempt: number) => number,
): Promise<LedgerFact[]> {
  let pending = [...facts];
  for (let attempt = 0; pending.length > 0; attempt++) {
    const stats = await deps.aggregates.readMemberStats(pending.map((fact) => fact.memberId));
    const plan: FoldPlan = planFold(pending, stats);
    if (planSize(plan) > maxItems && pending.length > 1) {
      const half = Math.ceil(pending.length / 2);
      const first = await commitGroup(deps, pending.slice(0, half), shardOf);
      return [...first, ...(await commitGroup(deps, pending.slice(half), shardOf))];
    }
    try {
      await deps.aggregates.commitFold(plan, shardOf(attempt));
      return pending;
    } catch (error) {
      if (error instanceof FactsCounted) {
        const counted = new Set(error.factIds);
        pending = pending.filter((fact) => !counted.has(fact.id));
        continue;
      }
      if (!(error instanceof FoldConflict) || attempt + 1 >= maxAttempts) throw error;
      await sleep(Math.random() * 20 * 2 ** attempt);
    }
  }
  return [];
}

/** Folds the changes of one stream batch; answers what must be delivered again. */
export async function foldChanges(
  deps: AggregatesDeps,
  changes: readonly StreamChange[],
  counterShards: number,
): Promise<FoldOutcome> {
  const tz = (await deps.programs.current()).timeZone;
  const errors: { change: StreamChange; error: unknown }[] = [];
  let firstFailed = changes.length;
  const facts: { fact: LedgerFact; index: number }[] = [];
  for (const [index, change] of changes.entries()) {
    try {
      for (const fact of factsOf(change, tz)) facts.push({ fact, index });
    } catch (error) {
      errors.push({ change, error });
      firstFailed = Math.min(firstFailed, index);
      break;
    }
  }
  const usable = facts.filter(({ index }) => index < firstFailed);
  const groups: { fact: LedgerFact; index: number }[][] = [];
  for (let i = 0; i < usable.length; i += factsPerTransaction)
    groups.push(usable.slice(i, i + factsPerTransaction));

  const base = Math.floor(Math.random() * counterShards);
  const counted: LedgerFact[] = [];
  let next = 0;
  const worker = async (slot: number) => {
    for (let g = next++; g < groups.length; g = next++) {
      const group = groups[g]!;
      const groupStart = group[0]!.index;
      if (groupStart >= firstFailed) return;
      try {
        const done = await commitGroup(
          deps,
          group.map(({ fact }) => fact),
          // Each worker has its own shard; a retry moves on to another.
          (attempt) => (base + slot + attempt * groupsAtOnce) % counterShards,
        );
        counted.push(...done);
      } catch (error) {
        errors.push({ change: changes[groupStart]!, error });
        firstFailed = Math.min(firstFailed, groupStart);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(groupsAtOnce, groups.length) }, (_, slot) => worker(slot)));
  return { failed: changes.slice(firstFailed), counted, errors };
}
