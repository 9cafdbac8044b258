/**
 * The monthly segments job, in two passes over the members' figures (the `stats` index, kept by
 * the aggregator for every member):
 *
 * 1. `segments`: each work message reads its 25 members' figures and adds their recency,
 *    frequency and spend, bucketed, to the run's histograms, once per message (a marker);
 * 2. `segments-assign`, started when the first pass has finished: each work message scores its
 *    members against the finished histograms, writes each one's segment on their figures and
 *    adds them to the run's counts, in one transaction, once per message. When it finishes, its
 *    counts become the ones `GET /v1/reports/segments` answers.
 *
 * Both runs are "as of" the same instant and keyed by its programme month: the schedule's run on
 * the 1st, or `POST /v1/admin/jobs/segments` (once a month: a second start that month answers
 * the same run). Each pass reads every member once; the histograms are a few hundred numbers.
 */
import { programDay, programMonth } from '../domain/calendar.js';
import { histogramOf, type RfmValues, rfmOf, type Segment, segmentOf } from '../domain/segments.js';
import type { AggregateStore } from '../ports/AggregateStore.js';
import type { JobRun } from '../ports/JobStore.js';
import { type Job, type JobDefinition, type JobsDeps, pageSize } from './types.js';

const scoringName = 'segments';
const assignName = 'segments-assign';

function storeOf(deps: JobsDeps): AggregateStore {
  if (!deps.aggregates) throw new Error('The segments job needs the aggregate store');
  return deps.aggregates;
}

async function asOfDay(deps: JobsDeps, run: JobRun) {
  const asOfMs = Date.parse(run.asOf);
  return programDay(asOfMs, (await deps.programs.at(asOfMs)).timeZone);
}

/** The first pass's run of a second pass. */
const scoringRunOf = (assignRunId: string) => assignRunId.replace(`${assignName}-`, `${scoringName}-`);

const histograms = new Map<string, ReturnType<AggregateStore['readHistogram']>>();

const byMonth = (asOfMs: number, tz: string) => programMonth(asOfMs, tz);
const page: JobDefinition['page'] = async (deps, _run, shard, cursor) => {
  const found = await storeOf(deps).membersPage(shard, pageSize, cursor);
  return { keys: [...found.items], next: found.next };
};
const perKeyRefused = async () => {
  throw new Error('The segments passes work a message at a time');
};

/** RFM segments, first pass: every member's values into the run's histograms. */
export const segments: Job = {
  name: scoringName,
  schedule: {
    // Monthly, after the tier review: scores every member (two passes) and names their segment.
    cron: '0 3 1 * ? *',
    description: 'Scores members on recency, frequency and spend, and names segments',
  },
  runKey: byMonth,
  page,
  work: perKeyRefused,
  async workBatch(deps, run, keys, messageId) {
    const store = storeOf(deps);
    const day = await asOfDay(deps, run);
    const stats = await store.readMemberStats(keys);
    const values: RfmValues[] = [];
    for (const member of stats.values()) {
      const value = rfmOf(member, day);
      if (value) values.push(value);
    }
    await store.addToHistogram(run.runId, messageId, histogramOf(values));
  },
  async finished(_deps, run, next) {
    await next.start(assignName, run.asOf);
  },
};

/** RFM segments, second pass (started when the first ends): each member's segment. */
export const segmentsAssign: Job = {
  name: assignName,
  runKey: byMonth,
  page,
  work: perKeyRefused,
  async workBatch(deps, run, keys, messageId) {
    const store = storeOf(deps);
    const day = await asOfDay(deps, run);
    const scoringRun = scoringRunOf(run.runId);
    let histogram = histograms.get(scoringRun);
    if (!histogram) {
      histogram = store.readHistogram(scoringRun);
      histograms.set(scoringRun, histogram);
      histogram.catch(() => histograms.delete(scoringRun));
    }
    const stats = await store.readMemberStats(keys);
    const segments = new Map<string, Segment>();
    for (const member of stats.values()) {
      if (!member.erased) segments.set(member.memberId, segmentOf(member, day, await histogram));
    }
    await store.assignSegments(run.runId, run.asOf, messageId, segments);
  },
  async finished(deps, run) {
    await storeOf(deps).publishSegments(run.runId, run.asOf);
  },
};
