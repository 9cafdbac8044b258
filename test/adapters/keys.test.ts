import { describe, expect, it } from 'vitest';
import {
  auditItem,
  boundedCounterKey,
  boundedCounterOfItem,
  clearingFactKey,
  counterKey,
  counterQueries,
  entryKeys,
  factMarkerKey,
  importKeys,
  jobIndexQuery,
  jobRunKeys,
  memberIdOfItem,
  memberKeys,
  partnerKeys,
  periodText,
  purchaseRefOfAccepted,
  recordItem,
  recordKey,
  scopeText,
  segmentKeys,
  statsShard,
  storedItemOf,
} from '../../shared/adapters/dynamodb/keys.js';
import { OperationKind, type OperationRecord } from '../../shared/core/records.js';
import {
  dayPeriod,
  monthPeriod,
  partnerMonthScope,
  partnerPeriod,
  partnerScope,
  programmeScope,
  storeScope,
  totalsPeriod,
  totalsScope,
} from '../../shared/domain/aggregates.js';
import type { JobRun } from '../../shared/ports/JobStore.js';

/**
 * The stored layout, byte for byte: the keys data already in a table was written under. A change
 * here is a migration, not a refactoring.
 */
describe('the keys of the single table', () => {
  it('keeps the members’ items where they have always been', () => {
    expect(memberKeys.profile('m-1')).toEqual({ pk: 'MEMBER#m-1', sk: 'PROFILE' });
    expect(memberKeys.account('m-1')).toEqual({ pk: 'MEMBER#m-1', sk: 'ACCOUNT' });
    expect(memberKeys.metrics('m-1')).toEqual({ pk: 'MEMBER#m-1', sk: 'METRICS' });
    expect(memberKeys.entry('m-1', '2032-01-04T17:30:00.000Z', 'earn-1')).toEqual({
      pk: 'MEMBER#m-1',
      sk: 'TX#2032-01-04T17:30:00.000Z#earn-1',
    });
    expect(entryKeys.all('m-1').ExpressionAttributeValues).toEqual({ ':pk': 'MEMBER#m-1', ':prefix': 'TX#' });
    expect(memberIdOfItem({ pk: 'MEMBER#m-1', sk: 'ACCOUNT' })).toBe('m-1');
    expect(storedItemOf({ pk: 'MEMBER#m-1', sk: 'ACCOUNT' })).toEqual({
      kind: 'account',
      id: 'MEMBER#m-1|ACCOUNT',
      memberId: 'm-1',
    });
  });

  it('keeps the records, counters, facts and audit entries where they have always been', () => {
    expect(recordKey(OperationKind.purchase, 'pa', 'p-1')).toEqual({ pk: 'PURCHASE#pa#p-1', sk: 'RECORD' });
    const adjustment = {
      kind: OperationKind.adjustment,
      scope: 'desk',
      id: 'a-1',
      data: { status: 'pending', createdAt: '2032-01-01T00:00:00.000Z' },
    } as unknown as OperationRecord;
    expect(recordItem(adjustment)).toMatchObject({
      pk: 'ADJUSTMENT#desk#a-1',
      sk: 'RECORD',
      gsi1pk: 'ADJUSTMENT#pending',
      gsi1sk: '2032-01-01T00:00:00.000Z#a-1',
    });
    expect(boundedCounterKey('c-1#3')).toEqual({ pk: 'COUNTER#c-1#3', sk: 'COUNTER' });
    expect(boundedCounterOfItem({ pk: 'COUNTER#c-1#3' })).toBe('c-1#3');
    expect(clearingFactKey({ factId: 'f-1', kind: 'programme_coupon.used' })).toEqual({
      pk: 'FACT#f-1',
      sk: 'CF#programme_coupon.used',
    });
    const entry = { at: '2032-01-04T17:30:00.000Z', auditId: 'au-1' } as Parameters<typeof auditItem>[0];
    expect(auditItem(entry)).toMatchObject({ pk: 'AUDIT#2032-01', sk: '2032-01-04T17:30:00.000Z#au-1' });
  });

  it('keeps the partners’ and the imports’ items where they have always been', () => {
    expect(partnerKeys.partner('pa')).toEqual({ pk: 'PARTNER#pa', sk: 'PARTNER' });
    expect(partnerKeys.keyRef('pa', 'k-1')).toEqual({ pk: 'PARTNER#pa', sk: 'KEY#k-1' });
    expect(partnerKeys.keyByHash('h')).toEqual({ pk: 'APIKEY#h', sk: 'APIKEY' });
    expect(partnerKeys.store('pa', 's-1')).toEqual({ pk: 'PARTNER#pa', sk: 'STORE#s-1' });
    expect(partnerKeys.listing('pa')).toEqual({ gsi1pk: 'PARTNERS', gsi1sk: 'pa' });
    expect(importKeys.job('i-1')).toEqual({ pk: 'IMPORT#i-1', sk: 'IMPORT' });
    expect(importKeys.row('i-1', 17)).toEqual({ pk: 'IMPORT#i-1#R1', sk: 'ROW#000000017' });
    expect(importKeys.failure('i-1', 17)).toEqual({ pk: 'IMPORT#i-1#ERRORS', sk: 'ROW#000000017' });
  });

  it('keeps the jobs’ items and index partitions where they have always been', () => {
    const run = { runId: 'r-1', attempt: 2, startedAt: '2032-01-01T00:00:00.000Z' } as JobRun;
    expect(jobRunKeys.runKey('r-1')).toEqual({ pk: 'JOBRUN#r-1', sk: 'RUN' });
    expect(jobRunKeys.markerKey(run, 'msg')).toEqual({ pk: 'JOBRUN#r-1', sk: 'MSG#2#msg' });
    expect(jobRunKeys.bucketKey(run, 'msg').sk).toMatch(/^RUN#COUNT#2#\d{2}$/);
    expect(jobRunKeys.isCurrentBucket(run, { sk: 'RUN#COUNT#2#07' })).toBe(true);
    expect(jobRunKeys.isCurrentBucket(run, { sk: 'RUN#COUNT#07' })).toBe(false);
    expect(jobRunKeys.isCurrentBucket({ attempt: 1 }, { sk: 'RUN#COUNT#07' })).toBe(true);
    expect(jobRunKeys.listing(run)).toEqual({ gsi1pk: 'JOBRUNS', gsi1sk: '2032-01-01T00:00:00.000Z#r-1' });
    expect(jobIndexQuery.dueForExpiry(3, '2032-01-01').ExpressionAttributeValues).toEqual({
      ':shard': 'EXP#3',
      ':due': '2032-01-01#\uffff',
    });
    expect(jobIndexQuery.expiredHolds(3, 'now').ExpressionAttributeValues[':pk']).toBe('HOLDS#3');
    expect(jobIndexQuery.pendingNotifications(3).ExpressionAttributeValues[':pk']).toBe('OUTBOX#3');
    expect(purchaseRefOfAccepted({ acceptedKey: '2032-01-01T00:00:00.000Z#pa#p-1' })).toBe('pa/p-1');
  });

  it('keeps the counters of the aggregates where they have always been', () => {
    expect(
      [
        programmeScope,
        totalsScope,
        partnerScope('pa'),
        storeScope('pa', 's-1'),
        storeScope(undefined, 's-1'),
        partnerMonthScope('2032-01'),
      ].map(scopeText),
    ).toEqual(['P', 'T', 'PA#pa', 'ST#pa/s-1', 'ST#s-1', 'PM#2032-01']);
    expect(
      [dayPeriod('2032-01-05'), monthPeriod('2032-01'), partnerPeriod('pa'), totalsPeriod].map(periodText),
    ).toEqual(['D#2032-01-05', 'M#2032-01', 'PA#pa', 'TOTALS']);
    expect(counterKey({ scope: partnerScope('pa'), period: dayPeriod('2032-01-05') }, 3)).toEqual({
      pk: 'AGG#PA#pa#3',
      sk: 'D#2032-01-05',
    });
    expect(counterQueries.totals()[7]).toEqual({ pk: 'AGG#T#7', sk: 'TOTALS' });
    expect(
      counterQueries.days(programmeScope, '2032-01-01', '2032-01-31')[0]?.ExpressionAttributeValues,
    ).toEqual({
      ':pk': 'AGG#P#0',
      ':from': 'D#2032-01-01',
      ':to': 'D#2032-01-31',
    });
    expect(['D#2032-01-05', 'M#2032-01', 'PA#pa'].map((sk) => counterQueries.periodOf({ sk }))).toEqual([
      '2032-01-05',
      '2032-01',
      'pa',
    ]);
    expect(factMarkerKey('MEMBER#m-1|TX#a')).toEqual({ pk: 'AGGFACT#MEMBER#m-1|TX#a', sk: 'FACT' });
    expect(statsShard(4)).toBe('STATS#4');
    expect(segmentKeys.histogram('r', 1)).toEqual({ pk: 'RFM#r#1', sk: 'HIST' });
    expect(segmentKeys.histogramMarker('r', 'm')).toEqual({ pk: 'RFM#r#MSG#m', sk: 'MSG' });
    expect(segmentKeys.counts('r', 1)).toEqual({ pk: 'SEGMENTS#r#1', sk: 'COUNTS' });
    expect(segmentKeys.countsMarker('r', 'm')).toEqual({ pk: 'SEGMENTS#r#MSG#m', sk: 'MSG' });
    expect(segmentKeys.latest).toEqual({ pk: 'SEGMENTS#LATEST', sk: 'LATEST' });
  });
});
