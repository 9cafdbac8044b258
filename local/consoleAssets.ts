/**
 * The operator console in the local runtime: `npm start` builds it (Vite, into console/dist) when
 * the build is missing or older than its sources, then serves it at /console on the API's own
 * origin: files under /console/assets/ with a year's cache (their names carry a hash), index.html
 * (for every path of the single-page app) never cached, and the console's security headers.
 * Set CONSOLE=off to neither build nor serve it.
 */
import { readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { buildConsoleIfStale, consoleDistDir } from '../console/build.js';
import { consoleBasePath, consoleSecurityHeaders } from '../console/csp.js';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

const base = consoleBasePath.replace(/\/$/, '');

/** Answers a request under /console, or returns false for the API. */
export function serveConsole(
  request: IncomingMessage,
  response: ServerResponse,
  state: () => { ok: true } | { ok: false; error: string } | null,
): boolean {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const path = url.pathname;
  if (path !== base && !path.startsWith(`${base}/`)) return false;
  const headers = { ...consoleSecurityHeaders() };
  const method = request.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') {
    response.writeHead(405, { ...headers, allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
    response.end('Method not allowed\n');
    return true;
  }
  const send = (status: number, type: string, cache: string, body: Buffer | string) => {
    response.writeHead(status, {
      ...headers,
      'content-type': type,
      'cache-control': cache,
      'content-length': String(Buffer.byteLength(body)),
    });
    response.end(method === 'HEAD' ? undefined : body);
  };
  if (path === base) {
    response.writeHead(308, { ...headers, location: `${base}/${url.search}`, 'cache-control': 'no-store' });
    response.end();
    return true;
  }
  const built = state();
  if (!built?.ok) {
    const reason = built?.ok === false ? built.error : 'The console is being built; reload in a few seconds.';
    send(
      503,
      'text/plain; charset=utf-8',
      'no-store',
      `The operator console is not available.\n\n${reason}\n`,
    );
    return true;
  }
  const inner = decodeURIComponent(path.slice(base.length + 1));
  // Locally the API is on this origin: no config needed beyond saying so.
  if (inner === 'config.json') {
    send(200, contentTypes['.json']!, 'no-store', JSON.stringify({ apiBaseUrl: '' }));
    return true;
  }
  const file = normalize(join(consoleDistDir, inner));
  const inside = file.startsWith(`${consoleDistDir}${sep}`);
  const isFile = inside && !inner.split('/').some((part) => part.startsWith('.')) && isRegularFile(file);
  if (isFile) {
    const type = contentTypes[extname(file)] ?? 'application/octet-stream';
    const cache = inner.startsWith('assets/')
      ? 'public, max-age=31536000, immutable'
      : file.endsWith('.html')
        ? 'no-store'
        : 'no-cache';
    send(200, type, cache, readFileSync(file));
    return true;
  }
  // A path with an extension that is not there is a missing file, not a page of the app.
  if (extname(inner) !== '' || inner.startsWith('assets/')) {
    send(404, 'text/plain; charset=utf-8', 'no-store', 'Not found\n');
    return true;
  }
  send(200, contentTypes['.html']!, 'no-store', readFileSync(join(consoleDistDir, 'index.html')));
  return true;
}

function isRegularFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export interface LocalConsole {
  /** Resolves when the console is built (or could not be), so `ready` is printed after it. */
  readonly ready: Promise<void>;
  /** Puts /console in front of the API on the gateway's server. */
  mount(server: Server): void;
  stop(): Promise<void>;
}

/** Starts building the console (when stale) at once, alongside the rest of start-up. */
export function startLocalConsole(log: (line: string) => void): LocalConsole {
  if (process.env.CONSOLE === 'off') {
    return { ready: Promise.resolve(), mount: () => undefined, stop: async () => undefined };
  }
  const build = buildConsoleIfStale(log);
  // Ctrl-C or SIGTERM during start-up: stop the build at once rather than after it (start.ts then stops the rest).
  const abort = () => void build.stop();
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);
  let state: { ok: true } | { ok: false; error: string } | null = null;
  const ready = build.done.then((result) => {
    process.off('SIGINT', abort);
    process.off('SIGTERM', abort);
    if (result.ok) {
      state = { ok: true };
      if (result.built) log(`Operator console built in ${(result.ms / 1000).toFixed(1)}s`);
    } else {
      state = result;
      if (result.error !== 'stopped') log(`error: the operator console could not be built: ${result.error}`);
    }
  });
  return {
    ready,
    mount(server) {
      const api = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
      server.removeAllListeners('request');
      server.on('request', (request: IncomingMessage, response: ServerResponse) => {
        try {
          if (serveConsole(request, response, () => state)) return;
        } catch (error) {
          log(`error: console: ${error instanceof Error ? error.message : String(error)}`);
          if (!response.headersSent) response.writeHead(500);
          response.end();
          return;
        }
        for (const listener of api) listener(request, response);
      });
    },
    stop: () => build.stop(),
  };
}
