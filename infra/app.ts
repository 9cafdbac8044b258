/** The CDK app (`npx cdk synth`, `npx cdk deploy --all`); see buildApp.ts and the README. */
import { buildConsoleIfStale } from '../console/build.js';
import { buildApp } from './buildApp.js';

// The console's files are deployed from its build: build it first when missing or stale (offline, a few seconds).
const consoleBuild = await buildConsoleIfStale((line) => console.error(line)).done;
if (!consoleBuild.ok)
  console.error(`The console could not be built; a placeholder is deployed: ${consoleBuild.error}`);
buildApp().app.synth();
