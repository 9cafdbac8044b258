/**
 * A function's environment, built in one place from what it declares (`FunctionAccess` in
 * shared/system.ts): the CDK stack sets it on each Lambda, and the local invoker runs each
 * handler inside it. Handlers read these settings through `environmentValue`, which answers from
 * the invocation's scoped environment when there is one (the local runtime: one process, one
 * `process.env`, every function) and from `process.env` otherwise (AWS, one function per
 * process). So a function that uses a queue it did not declare fails locally exactly as it would
 * in AWS: the variable is not set.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { Env, type FunctionDescription, type QueueName } from './system.js';

/** Where things are, in one deployment or on one machine; each function gets only its share. */
export interface EnvironmentValues {
  readonly tableName: string;
  readonly emailSender: string;
  /** The SES account's maximum send rate (emails per second). */
  readonly emailSendRate: number;
  /** Base of the links in emails (unsubscribe). */
  readonly publicBaseUrl: string;
  /** Each queue's URL and its dead-letter queue's URL. */
  readonly queueUrls: Readonly<Partial<Record<QueueName, { readonly url: string; readonly dlqUrl: string }>>>;
}

export type FunctionEnvironment = Readonly<Record<string, string>>;

/** The variables one function needs, and no other: the table, its queues, SES and links only if declared. */
export function functionEnvironment(
  description: FunctionDescription,
  values: EnvironmentValues,
): FunctionEnvironment {
  const { access } = description;
  const environment: Record<string, string> = {};
  if (access.table && (access.table.read || access.table.write || access.table.delete)) {
    environment[Env.tableName] = values.tableName;
  }
  const urlsOf = (queue: QueueName) => {
    const urls = values.queueUrls[queue];
    if (!urls) throw new Error(`No URL for the ${queue} queue (${description.entry} declares it)`);
    return urls;
  };
  for (const queue of access.sendsTo ?? []) environment[Env.queueUrl(queue)] = urlsOf(queue).url;
  for (const queue of access.redrives ?? []) {
    environment[Env.queueUrl(queue)] = urlsOf(queue).url;
    environment[Env.deadLetterQueueUrl(queue)] = urlsOf(queue).dlqUrl;
  }
  if (access.sendsEmail) {
    environment[Env.emailSender] = values.emailSender;
    environment[Env.emailSendRate] = String(values.emailSendRate);
  }
  if (access.buildsLinks) environment[Env.publicBaseUrl] = values.publicBaseUrl;
  if (description.startsJob) environment[Env.jobName] = description.startsJob;
  return environment;
}

const scoped = new AsyncLocalStorage<FunctionEnvironment>();

/** Runs `invocation` (and everything it starts) with `environment` as the function's own settings. */
export function withFunctionEnvironment<T>(environment: FunctionEnvironment, invocation: () => T): T {
  return scoped.run(environment, invocation);
}

/** A setting of the running function: its scoped environment when it has one, else `process.env`. */
export function environmentValue(name: string): string | undefined {
  const environment = scoped.getStore();
  return environment ? environment[name] : process.env[name];
}

/** A setting the function cannot work without; throws, naming it, when it is not set. */
export function requiredEnvironmentValue(name: string): string {
  const value = environmentValue(name);
  if (!value) throw new Error(`${name} is not set`);
  return value;
}
