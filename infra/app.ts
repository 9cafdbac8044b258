/** The CDK app (`npx cdk synth`, `npx cdk deploy --all`); see buildApp.ts and the README. */
import { buildApp } from './buildApp.js';

buildApp().app.synth();
