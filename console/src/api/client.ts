/**
 * The API client: openapi-fetch typed by the generated schema (plus the contract's pending
 * paths), the key from the session on every request, and every failure turned into a `Problem`
 * (RFC 9457; a network failure or a gateway's own body is made into one too).
 */
import createClient, { type Client } from 'openapi-fetch';
import type { ApiPaths } from './paths';

export interface FieldError {
  path: string;
  message: string;
}

export interface Problem {
  status: number;
  title: string;
  code: string;
  detail?: string;
  errors?: FieldError[];
  instance?: string;
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }
}

let currentKey: () => string | null = () => null;
let onUnauthorized: () => void = () => undefined;
// JSON bodies only: the reports also describe a text/csv answer, asked for with `parseAs: 'text'`.
let client: Client<ApiPaths, 'application/json'> | undefined;

/**
 * Reads where the API is (`config.json` beside index.html, deployed with the console in AWS;
 * locally there is none and the API is on the console's own origin), and makes the client.
 */
export async function loadConfig(): Promise<void> {
  let baseUrl = '';
  try {
    const response = await fetch(`${import.meta.env.BASE_URL}config.json`, { cache: 'no-store' });
    if (response.ok) {
      const config = (await response.json()) as { apiBaseUrl?: unknown };
      if (typeof config.apiBaseUrl === 'string') baseUrl = config.apiBaseUrl.replace(/\/+$/, '');
    }
  } catch {
    // No config: the API is on this origin.
  }
  client = createClient<ApiPaths, 'application/json'>({ baseUrl: baseUrl || window.location.origin });
  client.use({
    onRequest({ request }) {
      const key = currentKey();
      if (key) request.headers.set('authorization', `Bearer ${key}`);
      return request;
    },
  });
}

export function configureAuth(options: { key: () => string | null; unauthorized: () => void }): void {
  currentKey = options.key;
  onUnauthorized = options.unauthorized;
}

/** The typed client (after `loadConfig`). */
export function api(): Client<ApiPaths, 'application/json'> {
  if (!client) throw new Error('loadConfig() first');
  return client;
}

/** A problem from a failed response's body, whatever form the body took. */
export function problemOf(response: Response | undefined, body: unknown): Problem {
  const status = response?.status ?? 0;
  if (body && typeof body === 'object' && 'title' in body && 'code' in body) {
    const p = body as Problem;
    // The local gateway answers a path the API lacks with problem+json "No route for …".
    const noRoute = status === 404 && /^No route for /.test(p.detail ?? '');
    return { ...p, status: p.status ?? status, code: noRoute ? 'no_route' : p.code };
  }
  const message =
    body && typeof body === 'object' && 'message' in body
      ? String((body as { message: unknown }).message)
      : typeof body === 'string' && body.length < 300
        ? body
        : undefined;
  return {
    status,
    title: response?.statusText || (status === 0 ? 'Network error' : `HTTP ${status}`),
    // Not problem+json: the gateway's own answer, e.g. API Gateway's 404 for a route it lacks.
    code: status === 404 ? 'no_route' : status === 405 ? 'method_not_allowed' : `http_${status}`,
    detail: message,
  };
}

type Outcome<T> = { data?: T; error?: unknown; response: Response };

/**
 * Awaits an openapi-fetch call: its data, or an `ApiError`. A 401 signs the console out (the key
 * is unknown or was revoked).
 */
export async function call<T>(request: Promise<Outcome<T>>): Promise<T> {
  let outcome: Outcome<T>;
  try {
    outcome = await request;
  } catch (error) {
    throw new ApiError({
      status: 0,
      title: 'Network error',
      code: 'network',
      detail: error instanceof Error ? error.message : String(error),
    });
  }
  if (outcome.response.ok) return outcome.data as T;
  const problem = problemOf(outcome.response, outcome.error);
  if (problem.status === 401) onUnauthorized();
  throw new ApiError(problem);
}

/** A CSV report (`Accept: text/csv`) saved as a file. */
export async function downloadCsv(request: Promise<Outcome<string>>, filename: string): Promise<void> {
  const text = await call(request);
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A new operation id for a write (adjustments, imports): idempotent if the same request is retried. */
export function newId(prefix: string): string {
  return `${prefix}-${crypto.randomUUID().replace(/-/g, '').slice(0, 20)}`;
}
