/**
 * The model's property, run against whichever stores are under the handlers: DynamoDB Local
 * (programme.model.test.ts) or the memory adapters (programme.memory.test.ts). Runs until `steps`
 * commands have really run; prints the seed, the steps per second and, when fuzzing, the shrunk
 * sequence of a failure.
 */
import * as fc from 'fast-check';
import { stepTimes } from './commands/step.js';
import { commandArbitraries } from './commands.js';
import { toleranceSummary } from './knownHoles.js';
import { checkLedger, type Jobs, newRun } from './run.js';

export const fuzzing = process.env.FUZZ === '1';
/** `npm run fuzz` runs on the memory stores unless FUZZ_STORE=dynamo. */
export const fuzzStore = process.env.FUZZ_STORE === 'dynamo' ? 'dynamo' : 'memory';

export const modelSeed = (fixed: number) =>
  process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : fuzzing ? Date.now() % 2 ** 31 : fixed;
export const modelSteps = (fixed: number) => Number(process.env.FUZZ_STEPS ?? (fuzzing ? 3000 : fixed));

const perRun = 60;
const executed = () => [...stepTimes.values()].reduce((total, step) => total + step.count, 0);

export async function runModel(options: { store: string; steps: number; seed: number; jobs: Jobs }) {
  const { store, steps, seed, jobs } = options;
  let failed = false;
  console.info(`model (${store}): seed ${seed}, ${steps} steps, tolerating ${toleranceSummary()}`);
  const startedMs = performance.now();
  await fc.assert(
    fc.asyncProperty(
      fc.commands(commandArbitraries(), { maxCommands: perRun, size: 'max' }),
      async (commands) => {
        // A generated command whose precondition fails is skipped; once one run failed, every run
        // (the shrinking) goes ahead.
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
                `model (${store}): FAILED with seed ${details.seed} (replay: FUZZ_SEED=${details.seed}${store === 'dynamo' ? ' FUZZ_STORE=dynamo' : ''}), path ${details.counterexamplePath}`,
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
  const seconds = (performance.now() - startedMs) / 1000;
  const done = executed();
  console.log(
    `model (${store}): ${done} steps in ${seconds.toFixed(1)} s, ${(done / seconds).toFixed(1)} steps/s (seed ${seed})`,
  );
}

export function printStepTimes(store: string) {
  console.info(`model (${store}): steps run ${JSON.stringify(Object.fromEntries(stepTimes))}`);
}
