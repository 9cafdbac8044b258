/**
 * The Lambda bundles of a synthesized cloud assembly (`cdk synth`'s output), and a sandbox that
 * runs one as the Lambda Node.js runtime would: a fresh Node process per invocation, the bundle's
 * directory as its working directory, and nothing resolvable but Node's own modules and the AWS
 * SDK v3 the runtime provides. A bundle that imports anything else (a package esbuild left out, a
 * dynamic require) fails to load here as it would in AWS. test/infra/bundles.test.ts invokes every
 * bundle this way; `npm run bench` measures their sizes and cold starts (bench/bundles.ts).
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { schedules } from '../shared/jobs/list.js';
import { type EnvironmentValues, functionEnvironment } from '../shared/runtimeEnvironment.js';
import {
  type FunctionDescription,
  functions,
  type HttpRoute,
  httpAuthorizer,
  queues,
  routes,
  streams,
} from '../shared/system.js';
import { pascal } from './names.js';

/** What invokes the function, and so the shape of its event and answer. */
export type BundleKind = 'http' | 'authorizer' | 'queue' | 'schedule' | 'stream';

export interface DescribedFunction {
  /** As shared/system.ts names it: `members`, `accrualConsumer`, `expirePointsJob`, `ledgerStreamConsumer`. */
  readonly name: string;
  readonly kind: BundleKind;
  /** The logical id the stateless stack gives its Lambda, less CDK's hash suffix. */
  readonly logicalIdPrefix: string;
  readonly description: FunctionDescription;
  /** The queue it consumes (kind `queue`). */
  readonly queue?: string;
}

/** Every Lambda of the system description, as infra/stateless/StatelessStack.ts names them. */
export function describedFunctions(): DescribedFunction[] {
  return [
    ...Object.entries(functions).map(([name, description]) => ({
      name,
      kind: 'http' as const,
      logicalIdPrefix: `${pascal(name)}Function`,
      description,
    })),
    {
      name: 'authorizer',
      kind: 'authorizer' as const,
      logicalIdPrefix: 'AuthorizerFunction',
      description: httpAuthorizer,
    },
    ...Object.entries(queues).map(([name, queue]) => ({
      name: `${name}Consumer`,
      kind: 'queue' as const,
      logicalIdPrefix: `${pascal(name)}Consumer`,
      description: queue.consumer,
      queue: name,
    })),
    ...schedules.map((schedule) => ({
      name: `${schedule.name}Job`,
      kind: 'schedule' as const,
      logicalIdPrefix: `${pascal(schedule.name)}Job`,
      description: schedule.job,
    })),
    ...Object.entries(streams).map(([name, stream]) => ({
      name: `${name}StreamConsumer`,
      kind: 'stream' as const,
      logicalIdPrefix: `${pascal(name)}StreamConsumer`,
      description: stream.consumer,
    })),
  ];
}

export interface Bundle extends DescribedFunction {
  readonly logicalId: string;
  /** The asset directory in the assembly (`asset.<hash>`), holding `index.mjs` and its source map. */
  readonly assetDir: string;
  /** The size of `index.mjs`, minified, in bytes. */
  readonly bytes: number;
  /** The variables the template sets to plain strings (NODE_OPTIONS, Powertools'); the others are references. */
  readonly staticEnvironment: Readonly<Record<string, string>>;
}

interface LambdaResource {
  readonly Type: string;
  readonly Properties: {
    readonly Code?: { readonly S3Key?: unknown };
    readonly Environment?: { readonly Variables?: Record<string, unknown> };
  };
}

/**
 * Each described function's bundle in the assembly at `assemblyDir`: the stack template's Lambda
 * of that logical id, its code's asset (Code.S3Key `<hash>.zip`, the asset manifest's
 * `asset.<hash>` directory). Throws, naming it, for a function without a bundle.
 */
export function bundlesOf(assemblyDir: string, stackName: string): Bundle[] {
  const template = JSON.parse(readFileSync(join(assemblyDir, `${stackName}.template.json`), 'utf8')) as {
    Resources: Record<string, LambdaResource>;
  };
  const assets = JSON.parse(readFileSync(join(assemblyDir, `${stackName}.assets.json`), 'utf8')) as {
    files: Record<string, { source: { path?: string } }>;
  };
  const lambdas = Object.entries(template.Resources).filter(
    ([, resource]) => resource.Type === 'AWS::Lambda::Function',
  );
  return describedFunctions().map((fn) => {
    const found = lambdas.find(([id]) => new RegExp(`^${fn.logicalIdPrefix}[0-9A-F]{8}$`).test(id));
    if (!found) throw new Error(`${fn.name}: no Lambda ${fn.logicalIdPrefix}… in ${stackName}`);
    const [logicalId, resource] = found;
    const key = resource.Properties.Code?.S3Key;
    const hash = typeof key === 'string' ? key.replace(/\.zip$/, '') : undefined;
    const path = hash ? assets.files[hash]?.source.path : undefined;
    if (!path) throw new Error(`${fn.name}: the code of ${logicalId} is not an asset of ${stackName}`);
    const assetDir = resolve(assemblyDir, path);
    const staticEnvironment = Object.fromEntries(
      Object.entries(resource.Properties.Environment?.Variables ?? {}).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string',
      ),
    );
    return {
      ...fn,
      logicalId,
      assetDir,
      bytes: statSync(join(assetDir, 'index.mjs')).size,
      staticEnvironment,
    };
  });
}

/**
 * A bundle's environment as the stack sets it (its plain variables, and the ones `functionEnvironment`
 * builds, here from `values`), with the endpoints of the emulators it is to talk to and dummy
 * credentials, as a Lambda of the stage would have its role's.
 */
export function lambdaEnvironment(
  bundle: Bundle,
  values: EnvironmentValues,
  endpoints: { readonly dynamodb: string; readonly sqs: string; readonly ses?: string },
): Record<string, string> {
  return {
    ...bundle.staticEnvironment,
    ...functionEnvironment(bundle.description, values),
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_SQS: endpoints.sqs,
    ...(endpoints.ses ? { AWS_ENDPOINT_URL_SES: endpoints.ses } : {}),
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    POWERTOOLS_METRICS_DISABLED: 'true',
    // As Lambda with tracing active passes it, unsampled: nothing is sent to an X-Ray daemon.
    _X_AMZN_TRACE_ID: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0',
  };
}

/** The route an HTTP function is called on to prove its bundle: health for the public one, else a read that needs a key. */
export function routeOf(fn: string): HttpRoute {
  const own: readonly HttpRoute[] = routes.filter((route) => route.fn === fn);
  const chosen =
    own.find((route) => route.scope === null && route.path === '/health') ??
    own.find((route) => route.scope !== null && route.method === 'GET') ??
    own.find((route) => route.scope !== null) ??
    own[0];
  if (!chosen) throw new Error(`No route of ${fn}`);
  return chosen;
}

/** An API Gateway HTTP API (payload 2.0) request for `route`, its path parameters made up. */
export function httpApiEvent(route: HttpRoute, key?: string): APIGatewayProxyEventV2 {
  const pathParameters: Record<string, string> = {};
  const rawPath = route.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    pathParameters[name] = `bundle-${name}`;
    return pathParameters[name];
  });
  return {
    version: '2.0',
    routeKey: `${route.method} ${route.path}`,
    rawPath,
    rawQueryString: '',
    headers: {
      'content-type': 'application/json',
      ...(key ? { authorization: `Bearer ${key}` } : {}),
    },
    pathParameters: Object.keys(pathParameters).length > 0 ? pathParameters : undefined,
    requestContext: {
      accountId: '000000000000',
      apiId: 'bundles',
      domainName: 'bundles.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'bundles',
      requestId: randomUUID(),
      routeKey: `${route.method} ${route.path}`,
      http: {
        method: route.method,
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'bundle-sandbox',
      },
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    body: route.method === 'GET' || route.method === 'DELETE' ? undefined : '{}',
    isBase64Encoded: false,
  } as APIGatewayProxyEventV2;
}

/** What the Lambda Node.js runtime provides beside Node: the AWS SDK v3 and what it is built on. */
const runtimeProvided = ['@aws-sdk', '@smithy', 'tslib'];

/** One invocation in a fresh process: its answer, or why there was none. */
export type Invocation =
  | { readonly ok: true; readonly result: unknown; readonly ms: number; readonly output: string }
  | { readonly ok: false; readonly error: string; readonly ms: number; readonly output: string };

export interface LambdaSandbox {
  readonly root: string;
  /** Copies a bundle directory (or writes `index.mjs` of `source`) into the sandbox; answers its directory there. */
  add(name: string, from: { readonly assetDir: string } | { readonly source: string }): string;
  /**
   * Starts a fresh Node process in `dir`, imports its `index.mjs` and calls `handler(event,
   * context)` once; `ms` runs from the process's start to the answer (a cold start).
   */
  invoke(
    dir: string,
    event: unknown,
    options: {
      readonly environment: Readonly<Record<string, string>>;
      readonly description: FunctionDescription;
      readonly functionName: string;
      readonly timeoutMs?: number;
    },
  ): Promise<Invocation>;
  /** Removes the sandbox's directory. */
  dispose(): void;
}

/** The runner each process starts with: imports the handler from its working directory and calls it once. */
const runnerSource = `import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
const [eventFile, timeoutMs, memoryMb, functionName] = process.argv.slice(2);
const event = JSON.parse(readFileSync(eventFile, 'utf8'));
const deadline = Date.now() + Number(timeoutMs);
const context = {
  callbackWaitsForEmptyEventLoop: false,
  functionName,
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:' + functionName,
  memoryLimitInMB: memoryMb,
  awsRequestId: randomUUID(),
  logGroupName: '/aws/lambda/' + functionName,
  logStreamName: 'bundle-sandbox',
  getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  done() {}, fail() {}, succeed() {},
};
const answer = (message, code) => process.send(message, () => process.exit(code));
try {
  const { handler } = await import(pathToFileURL(process.cwd() + '/index.mjs').href);
  if (typeof handler !== 'function') throw new Error('index.mjs exports no function named handler');
  const result = await handler(event, context);
  answer({ ok: true, result: result ?? null }, 0);
} catch (error) {
  answer({ ok: false, error: String(error && error.stack ? error.stack : error) }, 1);
}
`;

/**
 * A temporary directory with a `node_modules` of symbolic links to the repository's copies of
 * only what the Lambda runtime provides (`@aws-sdk/*`, `@smithy/*`, `tslib`), and a runner; the
 * bundles copied into it resolve nothing else (Node follows the links to the SDK's real place, so
 * the SDK finds its own dependencies, but a bundle's own imports start from the sandbox).
 */
export function lambdaSandbox(repoRoot: string): LambdaSandbox {
  const root = mkdtempSync(join(tmpdir(), 'jifen-bundles-'));
  const modules = join(root, 'node_modules');
  mkdirSync(modules);
  for (const name of runtimeProvided) {
    const source = join(repoRoot, 'node_modules', name);
    if (!existsSync(source)) continue;
    if (!name.startsWith('@')) {
      symlinkSync(source, join(modules, name), 'dir');
      continue;
    }
    mkdirSync(join(modules, name));
    for (const entry of readdirSync(source))
      symlinkSync(join(source, entry), join(modules, name, entry), 'dir');
  }
  const runner = join(root, 'runner.mjs');
  writeFileSync(runner, runnerSource);

  return {
    root,
    add(name, from) {
      const dir = join(root, name);
      if ('assetDir' in from) cpSync(from.assetDir, dir, { recursive: true });
      else {
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, 'index.mjs'), from.source);
      }
      return dir;
    },
    invoke(dir, event, options) {
      const timeoutMs = options.timeoutMs ?? options.description.timeoutSeconds * 1000;
      // The event goes by file: a stream batch is larger than one command-line argument may be.
      const eventFile = join(root, `event-${randomUUID()}.json`);
      writeFileSync(eventFile, JSON.stringify(event));
      const started = performance.now();
      return new Promise<Invocation>((done) => {
        // Not the test's environment: no NODE_OPTIONS of its loaders, no NODE_PATH, only the function's.
        const child = spawn(
          process.execPath,
          [runner, eventFile, String(timeoutMs), String(options.description.memoryMb), options.functionName],
          {
            cwd: dir,
            env: {
              PATH: process.env.PATH ?? '/usr/bin:/bin',
              TZ: ':UTC',
              LANG: 'en_US.UTF-8',
              LAMBDA_TASK_ROOT: dir,
              AWS_LAMBDA_FUNCTION_NAME: options.functionName,
              AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(options.description.memoryMb),
              AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
              AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
              ...options.environment,
            },
            stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
          },
        );
        let output = '';
        const keep = (chunk: Buffer) => {
          if (output.length < 20_000) output += chunk.toString();
        };
        child.stdout?.on('data', keep);
        child.stderr?.on('data', keep);
        let answered: Invocation | undefined;
        child.on('message', (message: { ok: boolean; result?: unknown; error?: string }) => {
          const ms = performance.now() - started;
          answered = message.ok
            ? { ok: true, result: message.result, ms, output }
            : { ok: false, error: message.error ?? 'unknown error', ms, output };
        });
        // A process that neither answers nor exits is ended (by its own handle), past the function's timeout.
        const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs + 10_000);
        child.on('exit', (code, signal) => {
          clearTimeout(timer);
          rmSync(eventFile, { force: true });
          const ms = performance.now() - started;
          done(
            answered
              ? { ...answered, output }
              : { ok: false, error: `exited without an answer (code ${code}, signal ${signal})`, ms, output },
          );
        });
      });
    },
    dispose() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}
