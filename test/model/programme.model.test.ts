/**
 * The model of the programme against the real handlers (issue 17 item 6): a fixed seed in
 * `npm test`; `npm run fuzz` runs long with a random seed (FUZZ_STEPS, FUZZ_SEED) and prints the
 * seed and the shrunk sequence of a failure. MODEL_TOLERATE=none holds the code to the contract
 * (see knownHoles.ts).
 */
import * as fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { setBusinessClock } from '../../shared/core/clock.js';
import { pollQueues, pollStream, runJob } from '../functions/harness.js';
import { stepTimes } from './commands/step.js';
import { commandArbitraries } from './commands.js';
import { toleranceSummary } from './knownHoles.js';
import { checkLedger, type Jobs, newRun } from './run.js';

const fuzzing = process.env.FUZZ === '1';
const steps = Number(process.env.FUZZ_STEPS ?? (fuzzing ? 3000 : 200));
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : fuzzing ? Date.now() % 2 ** 31 : 17;
const perRun = 60;
const executed = () => [...stepTimes.values()].reduce((total, step) => total + step.count, 0);
let failed = false;

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
  console.info(`model: steps run ${JSON.stringify(Object.fromEntries(stepTimes))}`);
  setBusinessClock(null);
  await queues.stop();
  await stream.stop();
});

describe('the programme model', () => {
  it(
    `agrees with the real system over ${steps} steps (seed ${seed}, tolerating ${toleranceSummary()})`,
    async () => {
      console.info(`model: seed ${seed}, ${steps} steps, tolerating ${toleranceSummary()}`);
      await fc.assert(
        fc.asyncProperty(
          fc.commands(commandArbitraries(), { maxCommands: perRun, size: 'max' }),
          async (commands) => {
            // Runs until `steps` commands have really run (a generated command whose precondition
            // fails is skipped); once one run failed, every run (the shrinking) goes ahead.
            if (!failed && executed() >= steps) return;
            const run = await newRun(jobs);
            try {
              await fc.asyncModelRun(() => ({ model: run, real: run }), commands);
              await checkLedger(run);
            } catch (error) {
              failed = true;
              throw error;
            }
          },
        ),
        {
          seed,
          numRuns: steps,
          endOnFailure: !fuzzing,
          verbose: fc.VerbosityLevel.Verbose,
          reporter: fuzzing
            ? (details) => {
                if (details.failed) {
                  const cause =
                    details.errorInstance instanceof Error
                      ? details.errorInstance.message
                      : String(details.errorInstance);
                  const report = [
                    `model: FAILED with seed ${details.seed} (replay: FUZZ_SEED=${details.seed}), path ${details.counterexamplePath}`,
                    `shrunk sequence: ${String(details.counterexample?.[0] ?? '')}`,
                    `failure: ${cause}`,
                  ].join('\n');
                  console.error(report);
                  throw new Error(report);
                }
              }
            : undefined,
        },
      );
    },
    fuzzing ? 24 * 3_600_000 : 240_000,
  );
});
