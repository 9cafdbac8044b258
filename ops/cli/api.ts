/**
 * A small client of the Jifen API for the operator's commands: bearer key, JSON, and retries of
 * what is safe to retry (429 and 5xx, honouring Retry-After, and network errors) with jittered
 * exponential backoff. Every write the commands send is idempotent, so a retry never doubles it.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export interface ApiAnswer<T = Record<string, unknown>> {
  readonly status: number;
  readonly body: T;
}

export interface ApiClientOptions {
  readonly baseUrl: string;
  readonly key: string;
  /** Attempts per request, the first included. */
  readonly maxAttempts?: number;
  /** Ceiling of one backoff wait. */
  readonly maxDelayMs?: number;
  readonly timeoutMs?: number;
  /** Told of each retry (for a progress line). */
  readonly onRetry?: (reason: string, delayMs: number) => void;
}

/** Retry-After as seconds or an HTTP date, in ms; `null` when absent or unreadable. */
export function retryAfterMs(header: string | null, nowMs = Date.now()): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

/** Full-jitter exponential backoff: up to 250 ms × 2^(attempt − 1), capped. */
export function backoffMs(attempt: number, maxDelayMs: number, random = Math.random): number {
  return Math.round(random() * Math.min(maxDelayMs, 250 * 2 ** Math.min(attempt - 1, 16)));
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    what: string,
  ) {
    const problem = body as { code?: string; detail?: string } | undefined;
    super(
      `${what} answered ${status}${problem?.code ? ` ${problem.code}` : ''}${problem?.detail ? `: ${problem.detail}` : ''}`,
    );
  }
}

export function apiClient(options: ApiClientOptions) {
  const maxAttempts = options.maxAttempts ?? 10;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const base = options.baseUrl.replace(/\/+$/, '');
  return async function request<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<ApiAnswer<T>> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    for (let attempt = 1; ; attempt++) {
      let reason: string;
      let delayMs: number | null = null;
      try {
        const response = await fetch(`${base}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${options.key}`,
            ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body: payload,
          signal: AbortSignal.timeout(options.timeoutMs ?? 120_000),
        });
        const text = await response.text();
        let parsed: unknown = text;
        try {
          parsed = text ? JSON.parse(text) : {};
        } catch {
          // not JSON (a proxy's page): kept as text
        }
        if (response.status !== 429 && response.status < 500)
          return { status: response.status, body: parsed as T };
        reason = `${response.status}`;
        delayMs = retryAfterMs(response.headers.get('retry-after'));
        if (attempt >= maxAttempts) throw new ApiError(response.status, parsed, `${method} ${path}`);
      } catch (error) {
        if (error instanceof ApiError) throw error;
        reason = (error as Error).message;
        if (attempt >= maxAttempts) throw new Error(`${method} ${path} failed ${attempt} times: ${reason}`);
      }
      const waitMs = Math.min(maxDelayMs, delayMs ?? backoffMs(attempt, maxDelayMs));
      options.onRetry?.(reason, waitMs);
      await sleep(waitMs);
    }
  };
}

export type ApiRequest = ReturnType<typeof apiClient>;
