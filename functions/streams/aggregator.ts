import { aggregateShards } from '../../shared/adapters/dynamodb/DynamoAggregateStore.js';
import { BusinessMetric, count } from '../../shared/core/observability.js';
import type { StreamChange } from '../../shared/domain/aggregates.js';
import { EntryType } from '../../shared/domain/ledgerEntry.js';
import { foldChanges } from '../../shared/features/reports/aggregates.js';
import { streamConsumer } from '../../shared/streams/streamConsumer.js';
import { adapters, aggregateStore } from '../../shared/wiring/adapters.js';

/**
 * Folds a batch of the table's changes into the daily aggregates; the business metrics are what it
 * counted. The handler's body, exported for the memory model run, which has no stream to poll.
 */
export async function aggregateChanges(changes: readonly StreamChange[]) {
  const outcome = await foldChanges(
    { aggregates: aggregateStore(), programs: adapters().programs },
    changes,
    aggregateShards,
  );
  const sum = (kinds: readonly string[], sign = 1) =>
    outcome.counted
      .filter((fact) => kinds.includes(fact.kind))
      .reduce((total, fact) => total + sign * fact.points, 0);
  count(BusinessMetric.factsAggregated, outcome.counted.length);
  count(BusinessMetric.accruals, outcome.counted.filter((fact) => fact.kind === EntryType.earn).length);
  count(BusinessMetric.pointsIssued, sum([EntryType.earn, EntryType.bonus, EntryType.activity]));
  count(
    BusinessMetric.redemptions,
    outcome.counted.filter((fact) => fact.kind === EntryType.redeem || fact.kind === EntryType.hold).length,
  );
  count(BusinessMetric.pointsRedeemed, sum([EntryType.redeem, EntryType.hold], -1));
  count(BusinessMetric.pointsExpired, sum([EntryType.expire], -1));
  count(
    BusinessMetric.newMembers,
    outcome.counted.filter((fact) => fact.member.some((effect) => effect.kind === 'enrolled')).length,
  );
  return outcome;
}

export const handler = streamConsumer('ledger', aggregateChanges);
