/**
 * The model of the programme on the memory stores (issue 18 item 7): the same handlers, through
 * the same harness call() and deliver(), on shared/adapters/memory/ instead of DynamoDB Local, so
 * that thousands of steps run in seconds. A fixed seed, 2,000 steps in `npm test`; `npm run fuzz`
 * runs here by default (FUZZ_STEPS, FUZZ_SEED; FUZZ_STORE=dynamo for programme.model.test.ts).
 * The jobs' queue is delivered to its consumer in process; the aggregator folds the ledger's
 * changes as the memory store kept them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregateChanges } from '../../functions/streams/aggregator.js';
import type { MemoryDatabase } from '../../shared/adapters/memory/MemoryDatabase.js';
import { setBusinessClock } from '../../shared/core/clock.js';
import { useStores } from '../../shared/wiring/adapters.js';
import { useMemoryAdapters } from '../../shared/wiring/memory.js';
import { admin, call } from '../functions/harness.js';
import { memoryQueues } from '../support/memoryQueues.js';
import { toleranceSummary } from './knownHoles.js';
import { fuzzing, fuzzStore, modelSeed, modelSteps, printStepTimes, runModel } from './property.js';
import type { Jobs } from './run.js';

const steps = modelSteps(2000);
const seed = modelSeed(17);

describe.skipIf(fuzzing && fuzzStore !== 'memory')('the programme model in memory', () => {
  const queues = memoryQueues(['jobs']);
  let db: MemoryDatabase;
  const jobs: Jobs = {
    async run(job, body = {}) {
      const key = await admin();
      const started = await call<{ runId: string }>('POST', `/v1/admin/jobs/${job}`, { key, body });
      if (started.status !== 202) throw new Error(`${job} answered ${started.status}`);
      await queues.idle();
      const run = await call<Record<string, unknown>>('GET', `/v1/admin/jobs/runs/${started.body.runId}`, {
        key,
      });
      if (run.body.status !== 'succeeded') throw new Error(`${job}: ${JSON.stringify(run.body)}`);
    },
    async aggregate() {
      const changes = db.takeChanges();
      // In batches, as the stream's event source hands them over.
      for (let i = 0; i < changes.length; i += 100) {
        const outcome = await aggregateChanges(changes.slice(i, i + 100));
        if (outcome.failed.length > 0)
          throw new Error(`The aggregator failed: ${String(outcome.errors[0]?.error)}`);
      }
    },
  };

  beforeAll(() => {
    db = useMemoryAdapters(queues.queue);
  });

  afterAll(async () => {
    printStepTimes('memory');
    setBusinessClock(null);
    await queues.idle();
    useStores(null);
  });

  it(
    `agrees with the real handlers on the memory stores over ${steps} steps (seed ${seed}, tolerating ${toleranceSummary()})`,
    async () => {
      await runModel({ store: 'memory', steps, seed, jobs });
      // The handlers wrote into the memory stores, not into this file's DynamoDB Local table.
      expect(db.accounts.size).toBeGreaterThan(0);
      if (queues.deadLettered.length > 0)
        throw new Error(`Dead-lettered: ${JSON.stringify(queues.deadLettered.slice(0, 3))}`);
    },
    fuzzing ? 24 * 3_600_000 : 240_000,
  );
});
