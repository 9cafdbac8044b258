/**
 * The model of the programme against the real handlers on DynamoDB Local (issue 17 item 6): a
 * fixed seed, 200 steps in `npm test`; `npm run fuzz` with FUZZ_STORE=dynamo runs long with a
 * random seed (FUZZ_STEPS, FUZZ_SEED) and prints the seed and the shrunk sequence of a failure.
 * MODEL_TOLERATE=none holds the code to the contract (see knownHoles.ts). The same model runs
 * fast in memory in programme.memory.test.ts.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { setBusinessClock } from '../../shared/core/clock.js';
import { pollQueues, pollStream, runJob } from '../functions/harness.js';
import { toleranceSummary } from './knownHoles.js';
import { fuzzing, fuzzStore, modelSeed, modelSteps, printStepTimes, runModel } from './property.js';
import type { Jobs } from './run.js';

const steps = modelSteps(200);
const seed = modelSeed(17);

describe.skipIf(fuzzing && fuzzStore !== 'dynamo')('the programme model', () => {
  let queues: ReturnType<typeof pollQueues>;
  let stream: ReturnType<typeof pollStream>;
  const jobs: Jobs = {
    async run(job, body = {}) {
      const run = await runJob(job, body);
      if (run.status !== 'succeeded') throw new Error(`${job}: ${JSON.stringify(run)}`);
    },
    async aggregate() {
      await stream.idle(30_000);
    },
  };

  beforeAll(() => {
    queues = pollQueues(['jobs']);
    stream = pollStream();
  });

  afterAll(async () => {
    printStepTimes('dynamo');
    setBusinessClock(null);
    await queues.stop();
    await stream.stop();
  });

  it(
    `agrees with the real system over ${steps} steps (seed ${seed}, tolerating ${toleranceSummary()})`,
    async () => {
      await runModel({ store: 'dynamo', steps, seed, jobs });
    },
    fuzzing ? 24 * 3_600_000 : 240_000,
  );
});
