/**
 * The CDK app with cdk-nag's AwsSolutions and Serverless checks (infra/nagChecks.ts): every
 * finding that is not suppressed with its reason is printed as the synth's error or warning.
 *   npx cdk synth --app 'npx tsx infra/nag.ts' --quiet
 * The stack test asserts there are none (test/infra/stacks.test.ts).
 */
import { buildApp } from './buildApp.js';
import { addNagChecks } from './nagChecks.js';

// The console's files do not change what the checks see: a missing build only adds the placeholder warning.
const built = buildApp();
addNagChecks(built, { verbose: true });
built.app.synth();
