/**
 * The Lambda bundles as `cdk synth` builds them: each one's minified size, and its cold start
 * (a fresh Node process with only the AWS SDK resolvable, infra/bundles.ts: process start → the
 * handler's first answer, median of BENCH_COLD_STARTS = 10) beside an empty handler's; and what
 * the largest bundle is made of (rebuilt with the stack's esbuild options and a metafile).
 * The starts invoke with the cheapest real event of each kind (a request without a key, an empty
 * batch) against the runtime's emulators; a job starter starts release-holds (nothing to release).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { App } from 'aws-cdk-lib';
import { build } from 'esbuild';
import { buildApp } from '../infra/buildApp.js';
import {
  type Bundle,
  bundlesOf,
  httpApiEvent,
  lambdaEnvironment,
  lambdaSandbox,
  routeOf,
} from '../infra/bundles.js';
import { authorizerEvent } from '../local/apiGateway.js';
import { defaultEmailSendRate, type QueueName, queues } from '../shared/system.js';
import { tableDefinition } from '../shared/tableDefinition.js';
import { credentials, ms, percentile, type Runtime } from './harness.js';

const repoRoot = resolve(import.meta.dirname, '..');
const starts = Number(process.env.BENCH_COLD_STARTS ?? 10);
/** The size each bundle should stay under (issue 22). */
const goalBytes = 150 * 1024;

/** The cheapest real event of the bundle's kind. */
function coldStartEvent(bundle: Bundle): unknown {
  switch (bundle.kind) {
    case 'http':
      return httpApiEvent(routeOf(bundle.name));
    case 'authorizer':
      return authorizerEvent(httpApiEvent(routeOf('members')));
    case 'schedule':
      return { time: new Date().toISOString() };
    default:
      return { Records: [] };
  }
}

/** What the largest bundle is made of: its bytes by package (ours: the repository's own files). */
async function contributors(bundle: Bundle): Promise<[string, number][]> {
  const result = await build({
    entryPoints: [join(repoRoot, bundle.description.entry)],
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    mainFields: ['module', 'main'],
    banner: { js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);" },
    external: ['@aws-sdk/*'],
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  const byPackage = new Map<string, number>();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const [path, input] of Object.entries(output.inputs)) {
      const parts = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
      const name = parts ? parts[1]! : 'ours (shared/, functions/)';
      byPackage.set(name, (byPackage.get(name) ?? 0) + input.bytesInOutput);
    }
  }
  return [...byPackage].sort((a, b) => b[1] - a[1]);
}

export async function benchBundles(runtime: Runtime): Promise<string[]> {
  const outdir = mkdtempSync(join(tmpdir(), 'jifen-bench-cdk-out-'));
  const sandbox = lambdaSandbox(repoRoot);
  try {
    const built = buildApp(
      new App({ outdir, context: { stage: 'bench', emailSender: 'no-reply@bench.example' } }),
    );
    const bundles = bundlesOf(built.app.synth().directory, built.stateless.stackName);

    const sqs = new SQSClient({ endpoint: runtime.endpoints.sqs, region: 'us-east-1', credentials });
    const queueUrls: Record<string, { url: string; dlqUrl: string }> = {};
    for (const name of Object.keys(queues) as QueueName[]) {
      const url = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
      const dlqUrl = await sqs.send(new GetQueueUrlCommand({ QueueName: `${name}-dlq` }));
      queueUrls[name] = { url: url.QueueUrl!, dlqUrl: dlqUrl.QueueUrl! };
    }
    sqs.destroy();
    const values = {
      tableName: tableDefinition.localTableName,
      emailSender: 'no-reply@bench.example',
      emailSendRate: defaultEmailSendRate,
      publicBaseUrl: runtime.baseUrl,
      queueUrls,
    };

    /** Median of `starts` cold starts, one after another (one process at a time: nothing else on the cores). */
    const coldStart = async (bundle: Bundle | null) => {
      const dir = bundle
        ? sandbox.add(bundle.name, bundle)
        : sandbox.add('empty', { source: 'export const handler = async () => ({ statusCode: 200 });' });
      const description = bundle?.description ?? {
        entry: 'empty',
        description: 'An empty handler',
        access: {},
        timeoutSeconds: 10,
        memoryMb: 128,
      };
      const times: number[] = [];
      for (let i = 0; i < starts; i++) {
        const invocation = await sandbox.invoke(dir, bundle ? coldStartEvent(bundle) : {}, {
          environment: bundle ? lambdaEnvironment(bundle, values, runtime.endpoints) : {},
          description,
          functionName: `jifen-bench-${bundle?.name ?? 'empty'}`,
          timeoutMs: 30_000,
        });
        if (!invocation.ok)
          throw new Error(`${bundle?.name ?? 'empty'}: ${invocation.error}\n${invocation.output}`);
        times.push(invocation.ms);
      }
      return percentile(times, 50);
    };

    const empty = await coldStart(null);
    // The job starters share one bundle (their environment names the job): measured once.
    const distinct = new Map<string, Bundle[]>();
    for (const bundle of bundles)
      distinct.set(bundle.assetDir, [...(distinct.get(bundle.assetDir) ?? []), bundle]);
    const rows: string[] = [];
    for (const group of distinct.values()) {
      const representative = group.find((bundle) => bundle.name === 'release-holdsJob') ?? group[0]!;
      const median = await coldStart(representative);
      const label = group.length > 1 ? `${group.length} job starters (one bundle)` : representative.name;
      rows.push(
        `  ${label.padEnd(30)} ${`${(representative.bytes / 1024).toFixed(1)} KB`.padStart(10)}   cold start ${ms(median).padStart(9)}   (+${ms(median - empty)})${representative.bytes > goalBytes ? '   over 150 KB' : ''}`,
      );
    }
    const largest = bundles.reduce((a, b) => (b.bytes > a.bytes ? b : a));
    const made = await contributors(largest);
    const total = made.reduce((sum, [, bytes]) => sum + bytes, 0);
    return [
      '',
      `Lambda bundles, as cdk synth builds them (minified ESM, the AWS SDK from the runtime); cold start = process start → first answer, median of ${starts}`,
      `  ${'empty handler'.padEnd(30)} ${'0.1 KB'.padStart(10)}   cold start ${ms(empty).padStart(9)}`,
      ...rows,
      `What ${largest.name} (${(largest.bytes / 1024).toFixed(1)} KB) is made of (esbuild metafile, same options):`,
      ...made
        .slice(0, 8)
        .map(
          ([name, bytes]) =>
            `  ${name.padEnd(40)} ${`${(bytes / 1024).toFixed(1)} KB`.padStart(10)}   ${((100 * bytes) / total).toFixed(0)}%`,
        ),
    ];
  } finally {
    sandbox.dispose();
    rmSync(outdir, { recursive: true, force: true });
  }
}
