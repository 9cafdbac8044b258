/** Loads the real handler modules (the same entry files CDK bundles) and invokes them like Lambda. */
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import {
  type EnvironmentValues,
  functionEnvironment,
  withFunctionEnvironment,
} from '../shared/runtimeEnvironment.js';
import type { FunctionDescription } from '../shared/system.js';

export type Invoker = (fn: FunctionDescription, event: unknown) => Promise<unknown>;

type Handler = (event: unknown, context: Context) => Promise<unknown>;

const repoRoot = resolve(import.meta.dirname, '..');

export function lambdaContext(fn: FunctionDescription): Context {
  const name = fn.entry
    .replace(/^functions\//, '')
    .replace(/\.ts$/, '')
    .replaceAll('/', '-');
  const deadline = Date.now() + fn.timeoutSeconds * 1000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `jifen-local-${name}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:jifen-local-${name}`,
    memoryLimitInMB: String(fn.memoryMb),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/jifen-local-${name}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export interface InvokerOptions {
  /**
   * Where the table, queues and SES are. Each handler then runs inside its own function's
   * environment (`functionEnvironment`, as the CDK stack sets it on the Lambda), so it sees only
   * the queues it declares; without it, handlers read the whole process environment.
   */
  readonly environment?: EnvironmentValues;
}

/** An invoker that imports each entry once, on first use, as a Lambda container would. */
export function createInvoker(options: InvokerOptions = {}): Invoker {
  const handlers = new Map<string, Promise<Handler>>();
  const { environment } = options;
  return async (fn, event) => {
    if (environment) {
      return withFunctionEnvironment(functionEnvironment(fn, environment), () => invoke(fn, event));
    }
    return invoke(fn, event);
  };

  async function invoke(fn: FunctionDescription, event: unknown): Promise<unknown> {
    let handler = handlers.get(fn.entry);
    if (!handler) {
      handler = import(pathToFileURL(resolve(repoRoot, fn.entry)).href).then(
        (module: { handler: Handler }) => module.handler,
      );
      handlers.set(fn.entry, handler);
    }
    return (await handler)(event, lambdaContext(fn));
  }
}
