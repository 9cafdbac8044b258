/**
 * The local stand-in for API Gateway (HTTP API, payload 2.0): matches a request against the
 * routes of shared/system.ts, builds the same event API Gateway would, invokes the function's
 * real handler and writes its result back. Dev-only endpoints are plugged in as `extraRoutes`.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  APIGatewayRequestAuthorizerEventV2,
  APIGatewaySimpleAuthorizerWithContextResult,
} from 'aws-lambda';
import { ErrorCode } from '../shared/core/errors.js';
import { problemOf, requestIdHeader } from '../shared/http/problem.js';
import {
  type FunctionDescription,
  functions,
  type HttpRoute,
  httpAuthorizer,
  routes as systemRoutes,
} from '../shared/system.js';
import type { Invoker } from './lambda.js';

/** API Gateway's own payload limit; the API's 256 KB limit is enforced by the handlers. */
const gatewayMaxBytes = 10 * 1024 * 1024;

interface CompiledRoute {
  readonly route: HttpRoute;
  readonly pattern: RegExp;
  readonly names: readonly string[];
  /** Literal segments first, so `/v1/purchases/batch` wins over `/v1/purchases/{purchaseId}`. */
  readonly literalCount: number;
}

function compile(route: HttpRoute): CompiledRoute {
  const names: string[] = [];
  const segments = route.path.split('/');
  const pattern = segments
    .map((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment);
      if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(param[1]!);
      return '([^/]+)';
    })
    .join('/');
  return {
    route,
    pattern: new RegExp(`^${pattern}$`),
    names,
    literalCount: segments.filter((segment) => !segment.startsWith('{')).length,
  };
}

export interface RouteMatch {
  readonly route: HttpRoute;
  readonly pathParameters: Record<string, string>;
}

/** Matches a request path against routes (literal segments win), as API Gateway does. */
export function routeMatcher(routes: readonly HttpRoute[] = systemRoutes) {
  const compiled = routes.map(compile).sort((a, b) => b.literalCount - a.literalCount);
  return (method: string, path: string): { match: RouteMatch | null; allowed: string[] } => {
    const candidates = compiled
      .map((candidate) => ({ candidate, found: candidate.pattern.exec(path) }))
      .filter(({ found }) => found !== null);
    const hit = candidates.find(({ candidate }) => candidate.route.method === method);
    const allowed = [...new Set(candidates.map(({ candidate }) => candidate.route.method))];
    if (!hit?.found) return { match: null, allowed };
    const found = hit.found;
    const pathParameters = Object.fromEntries(
      hit.candidate.names.map((name, i) => [name, decodeURIComponent(found[i + 1] ?? '')]),
    );
    return { match: { route: hit.candidate.route, pathParameters }, allowed };
  };
}

export type LocalHandler = (
  request: IncomingMessage,
  body: Buffer,
) => Promise<{ status: number; body?: unknown; headers?: Record<string, string> }>;

export interface GatewayOptions {
  readonly invoke: Invoker;
  readonly routes?: readonly HttpRoute[];
  /** `METHOD /path` → handler, matched before the system's routes. */
  readonly extraRoutes?: Readonly<Record<string, LocalHandler>>;
  /**
   * The Lambda authorizer of the routes that need a scope (default: the system's); `null` for
   * none. Its context reaches the function as `requestContext.authorizer.lambda`, as in AWS.
   */
  readonly authorizer?: FunctionDescription | null;
  readonly onError?: (error: unknown) => void;
}

/** API Gateway's own header with the request id; the functions add `x-request-id`. */
const gatewayRequestIdHeader = 'apigw-requestid';

function sendProblem(
  response: ServerResponse,
  requestId: string,
  code: ErrorCode,
  detail: string,
  headers: Record<string, string> = {},
) {
  const problem = problemOf(code, detail, undefined, requestId);
  response.writeHead(problem.status, {
    'content-type': 'application/problem+json',
    [requestIdHeader]: requestId,
    ...headers,
  });
  response.end(JSON.stringify(problem));
}

function readBody(request: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > gatewayMaxBytes) {
      resolve(null);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > gatewayMaxBytes) {
        resolve(null);
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** A path that is not valid percent-encoding is bad input (400), not a server error. */
function decodable(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

const textual = /^(application\/(json|problem\+json|x-www-form-urlencoded|xml)|text\/)/i;

export function buildEvent(
  request: IncomingMessage,
  body: Buffer,
  route: HttpRoute,
  pathParameters: Record<string, string>,
  url: URL,
  requestId: string = randomUUID(),
): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams)
    query[name] = name in query ? `${query[name]},${value}` : value;
  const contentType = headers['content-type'] ?? 'application/json';
  const isText = textual.test(contentType);
  const now = new Date();
  const routeKey = `${route.method} ${route.path}`;
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    cookies: headers.cookie ? headers.cookie.split(/;\s*/) : undefined,
    headers,
    queryStringParameters: Object.keys(query).length > 0 ? query : undefined,
    pathParameters: Object.keys(pathParameters).length > 0 ? pathParameters : undefined,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? '127.0.0.1',
      domainPrefix: 'local',
      http: {
        method: route.method,
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    body: body.length === 0 ? undefined : isText ? body.toString('utf8') : body.toString('base64'),
    isBase64Encoded: body.length > 0 && !isText,
  };
}

/** The REQUEST authorizer event (payload 2.0) API Gateway sends for `event`'s request. */
export function authorizerEvent(event: APIGatewayProxyEventV2): APIGatewayRequestAuthorizerEventV2 {
  const { body: _body, isBase64Encoded: _isBase64Encoded, ...request } = event;
  const { accountId, apiId, stage, http } = event.requestContext;
  return {
    ...request,
    type: 'REQUEST',
    routeArn: `arn:aws:execute-api:us-east-1:${accountId}:${apiId}/${stage}/${http.method}${http.path}`,
    identitySource: [],
    stageVariables: {},
    pathParameters: event.pathParameters ?? {},
    queryStringParameters: event.queryStringParameters ?? {},
    cookies: event.cookies ?? [],
  } as APIGatewayRequestAuthorizerEventV2;
}

type AuthorizerResult = APIGatewaySimpleAuthorizerWithContextResult<Record<string, unknown> | undefined>;

function writeResult(response: ServerResponse, result: APIGatewayProxyStructuredResultV2 | string) {
  if (typeof result === 'string') {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(result);
    return;
  }
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  if (result.cookies && result.cookies.length > 0) headers['set-cookie'] = result.cookies;
  response.writeHead(result.statusCode ?? 200, headers);
  const body = result.body ?? '';
  response.end(result.isBase64Encoded ? Buffer.from(body, 'base64') : body);
}

export function createGateway(options: GatewayOptions): Server {
  const match = routeMatcher(options.routes ?? systemRoutes);
  const authorizer = options.authorizer === undefined ? httpAuthorizer : options.authorizer;

  return createServer(async (request, response) => {
    const requestId = randomUUID();
    response.setHeader(gatewayRequestIdHeader, requestId);
    try {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const method = request.method ?? 'GET';
      if (!decodable(url.pathname)) {
        return sendProblem(
          response,
          requestId,
          ErrorCode.validationFailed,
          'The path is not valid percent-encoding.',
        );
      }
      const local = options.extraRoutes?.[`${method} ${url.pathname}`];
      const { match: matched, allowed } = match(method, url.pathname);
      const localPath = Object.keys(options.extraRoutes ?? {}).some((key) =>
        key.endsWith(` ${url.pathname}`),
      );
      if (!local && !matched && allowed.length === 0) {
        if (localPath)
          return sendProblem(
            response,
            requestId,
            ErrorCode.methodNotAllowed,
            `${method} is not allowed here.`,
          );
        return sendProblem(
          response,
          requestId,
          ErrorCode.notFound,
          `No route for ${method} ${url.pathname}.`,
        );
      }
      const body = await readBody(request);
      if (body === null) {
        return sendProblem(
          response,
          requestId,
          ErrorCode.payloadTooLarge,
          'The request body exceeds 10 MB.',
          {
            connection: 'close',
          },
        );
      }
      if (local) {
        const result = await local(request, body);
        const isProblem = result.status >= 400;
        const resultBody =
          isProblem && typeof result.body === 'object' && result.body !== null
            ? { instance: requestId, ...result.body }
            : result.body;
        response.writeHead(result.status, {
          'content-type': isProblem ? 'application/problem+json' : 'application/json; charset=utf-8',
          [requestIdHeader]: requestId,
          ...result.headers,
        });
        response.end(resultBody === undefined ? '' : JSON.stringify(resultBody));
        return;
      }
      if (!matched) {
        return sendProblem(
          response,
          requestId,
          ErrorCode.methodNotAllowed,
          `${method} is not allowed here.`,
          {
            allow: allowed.join(', '),
          },
        );
      }
      const event = buildEvent(request, body, matched.route, matched.pathParameters, url, requestId);
      if (authorizer && matched.route.scope !== null) {
        // As API Gateway: the authorizer runs first; its context reaches the function.
        const decision = (await options.invoke(authorizer, authorizerEvent(event))) as AuthorizerResult;
        if (!decision?.isAuthorized) {
          return sendProblem(response, requestId, ErrorCode.forbidden, 'The authorizer refused the request.');
        }
        (event.requestContext as { authorizer?: unknown }).authorizer = { lambda: decision.context ?? {} };
      }
      const result = await options.invoke(functions[matched.route.fn], event);
      writeResult(response, result as APIGatewayProxyStructuredResultV2);
    } catch (error) {
      options.onError?.(error);
      if (!response.headersSent) {
        sendProblem(
          response,
          requestId,
          ErrorCode.internal,
          'Something went wrong on our side; the request may be retried.',
        );
      } else {
        response.end();
      }
    }
  });
}
