import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createConfig, lintFromString, type NormalizedProblem } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { jifenClient } from '../../clients/typescript/client.js';
import { enrolAtTheTill } from '../../clients/typescript/example.js';
import { clientTypesPath, openApiTypes } from '../../ops/generateOpenApiTypes.js';
import { ErrorCode } from '../../shared/core/errors.js';
import { anyKey, Scope } from '../../shared/core/scopes.js';
import { openApiDocument, SchemaComponents } from '../../shared/http/openapi.js';
import { problemOf } from '../../shared/http/problem.js';
import { type HttpRoute, routes } from '../../shared/system.js';
import { admin, call, uniqueId } from '../functions/harness.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

// biome-ignore lint/suspicious/noExplicitAny: the tests walk the document as plain, untyped JSON
type Json = Record<string, any>;

/** Redocly's `recommended` ruleset: the structure of OpenAPI 3.1, resolvable refs, unique operationIds, declared path parameters, … */
async function lint(document: unknown): Promise<NormalizedProblem[]> {
  const config = await createConfig({ extends: ['recommended'] });
  return lintFromString({ source: JSON.stringify(document), absoluteRef: 'openapi.json', config });
}

const summary = (problems: readonly NormalizedProblem[]) =>
  problems.map((problem) => `${problem.severity} ${problem.ruleId} ${problem.location[0]?.pointer ?? ''}`);

/**
 * The warnings of the recommended ruleset that we accept, each for a reason:
 * - operation-4xx-response on /health and /openapi.json: they take no input and no key, so no 4xx
 *   can happen there; inventing one would make the document less true.
 */
const acceptedWarnings = [
  'warn operation-4xx-response #/paths/~1health/get/responses',
  'warn operation-4xx-response #/paths/~1openapi.json/get/responses',
];

const document = () => structuredClone(openApiDocument()) as Json;

function findKeys(value: unknown, key: string, at = '#'): string[] {
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([name, inner]) => [
    ...(name === key ? [`${at}/${name}`] : []),
    ...findKeys(inner, key, `${at}/${name}`),
  ]);
}

/** A response object, following a `$ref` into `components.responses`. */
function resolved(doc: Json, response: Json): Json {
  const ref = response.$ref as string | undefined;
  return ref ? doc.components.responses[ref.replace('#/components/responses/', '')] : response;
}

/** The codes an error response says it carries (its schema narrows Problem's `code`). */
function codesOf(response: Json): string[] {
  const schema = response.content['application/problem+json'].schema;
  if (schema.$ref) return Object.values(ErrorCode);
  const code = schema.allOf[1].properties.code;
  return code.const !== undefined ? [code.const] : code.enum;
}

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1 with no error, and only the warnings we accept', async () => {
    const problems = await lint(document());
    expect(summary(problems.filter((problem) => problem.severity === 'error'))).toEqual([]);
    expect(summary(problems).sort()).toEqual([...acceptedWarnings].sort());
  });

  it('makes the validator fail on a broken copy', async () => {
    const broken = document();
    // What the document held before: zod's own `$defs` reference, which resolves nowhere.
    broken.components.schemas.Problem = { $ref: '#/$defs/Problem' };
    // Two operations with one id, and a path parameter no operation declares.
    broken.paths['/v1/members'].post.operationId = 'getMember';
    broken.paths['/v1/members/{memberId}'].get.parameters = [];
    // A response without its description.
    delete broken.paths['/v1/members'].post.responses['201'].description;
    const rules = new Set(
      (await lint(broken)).filter((problem) => problem.severity === 'error').map((problem) => problem.ruleId),
    );
    expect([...rules]).toEqual(
      expect.arrayContaining([
        'no-unresolved-refs',
        'operation-operationId-unique',
        'path-parameters-defined',
        'struct',
      ]),
    );
  });

  it('keeps shared schemas under components, with no $defs and no $schema inside', () => {
    const doc = document();
    expect(findKeys(doc, '$defs')).toEqual([]);
    expect(findKeys(doc, '$schema')).toEqual([]);
    const refs = new Set(JSON.stringify(doc).match(/"\$ref":"[^"]+"/g));
    for (const ref of refs) expect(ref).toMatch(/^"\$ref":"#\/components\/(schemas|responses)\//);
  });

  it('turns zod ids and recursive schemas into components that every $ref finds', () => {
    interface Category {
      name: string;
      children: Category[];
    }
    const category: z.ZodType<Category> = z.object({
      name: z.string(),
      children: z.array(z.lazy(() => category)),
    });
    const price = z
      .object({ amount: z.int(), currency: z.string().default('CNY') })
      .meta({ id: 'OpenApiTestPrice' });
    const item = z.object({ category, price });
    const components = new SchemaComponents();
    const response: Json = components.convert(item, 'output', 'ItemResponse');
    const body: Json = components.convert(item, 'input', 'ItemBody');
    expect(response.properties.price).toEqual({ $ref: '#/components/schemas/OpenApiTestPrice' });
    // With a default, what a request may send differs from what an answer holds.
    expect(body.properties.price).toEqual({ $ref: '#/components/schemas/OpenApiTestPriceInput' });
    expect(components.schemas.OpenApiTestPrice!.required).toEqual(['amount', 'currency']);
    expect(components.schemas.OpenApiTestPriceInput!.required).toEqual(['amount']);
    const refs = JSON.stringify([response, body, components.schemas]).match(/"\$ref":"[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(4);
    for (const ref of refs) {
      const name = ref.replace(/^"\$ref":"#\/components\/schemas\//, '').replace(/"$/, '');
      expect(components.schemas, ref).toHaveProperty([name]);
    }
    // A different schema under an id already taken is refused rather than silently merged.
    expect(() =>
      components.convert(z.object({ other: z.string() }).meta({ id: 'OpenApiTestPrice' }), 'output', 'X'),
    ).toThrow(/share a component name/);
  });

  it('describes Problem with every stable code, the request id and the bad fields', () => {
    const problem = document().components.schemas.Problem;
    expect(problem.properties.code.enum).toEqual(Object.values(ErrorCode));
    expect(problem.properties.instance).toMatchObject({ type: 'string' });
    expect(problem.properties.errors.items.properties).toMatchObject({
      path: { type: 'string' },
      message: { type: 'string' },
    });
    expect(problem.required).toEqual(['type', 'title', 'status', 'code']);
  });

  it('describes every route once, with its errors as problem+json naming their codes', () => {
    const doc = document();
    const operationIds = new Set<string>();
    for (const route of routes as readonly HttpRoute[]) {
      const operation = doc.paths[route.path]?.[route.method.toLowerCase()];
      expect(operation, `${route.method} ${route.path}`).toBeDefined();
      expect(operationIds.has(operation.operationId)).toBe(false);
      operationIds.add(operation.operationId);
      const schemas = route.contract;
      const expected = new Set<string>(schemas.errors);
      if (route.scope !== null) expected.add('unauthorized').add('rate_limited');
      if (route.scope !== null && route.scope !== anyKey) expected.add('forbidden');
      if (schemas.body) expected.add('payload_too_large').add('validation_failed');
      if (schemas.query || schemas.paged) expected.add('validation_failed');

      const carried = new Set<string>();
      for (const [status, raw] of Object.entries(operation.responses as Record<string, Json>)) {
        if (Number(status) < 400) continue;
        const response = resolved(doc, raw);
        expect(response.content['application/problem+json'], `${route.operation} ${status}`).toBeDefined();
        for (const code of codesOf(response)) {
          expect(problemOf(code as ErrorCode).status, `${route.operation}: ${code}`).toBe(Number(status));
          expect(response.description).toContain(`\`${code}\``);
          carried.add(code);
        }
        if (status === '429') expect(response.headers['Retry-After'].schema.type).toBe('integer');
      }
      for (const code of expected) expect(carried, `${route.operation} answers ${code}`).toContain(code);
      // 401/403 only where a key is needed, 413 only where there is a body.
      if (route.scope === null) expect(carried).not.toContain('unauthorized');
      if (route.scope === null || route.scope === anyKey) expect(carried).not.toContain('forbidden');
      if (!schemas.body) expect(carried).not.toContain('payload_too_large');
    }
  });
});

describe('the generated TypeScript client', () => {
  it(`keeps ${clientTypesPath} as openapi-typescript writes it (npm run openapi:types)`, async () => {
    const committed = readFileSync(resolve(root, clientTypesPath), 'utf8');
    expect(await openApiTypes(), 'run `npm run openapi:types` and commit the result').toBe(committed);
  });

  it('type-checks, and the compiler refuses what the API refuses', async () => {
    // clients/typescript/tsconfig.json: the client, its example and typeChecks.ts (@ts-expect-error lines).
    const tsc = resolve(root, 'node_modules/typescript/bin/tsc');
    await expect(
      promisify(execFile)(process.execPath, [tsc, '-p', 'clients/typescript', '--noEmit'], { cwd: root }),
    ).resolves.toBeDefined();
  });

  it('enrols a member through the real handlers', async () => {
    /** A fetch that hands each request to the Lambda handler of its route, as API Gateway would. */
    const viaHandlers = async (request: Request): Promise<Response> => {
      const url = new URL(request.url);
      const text = await request.text();
      const answer = await call(request.method, url.pathname, {
        key: request.headers.get('authorization')?.replace(/^Bearer\s+/i, '') ?? null,
        ...(text ? { rawBody: text } : {}),
        ...(url.search ? { query: Object.fromEntries(url.searchParams) } : {}),
      });
      const body = answer.status === 204 ? null : (JSON.stringify(answer.body) ?? null);
      return new Response(body, { status: answer.status, headers: answer.headers });
    };
    const baseUrl = 'https://jifen.test';
    const operator = jifenClient({ baseUrl, key: await admin(), fetch: viaHandlers });
    const partnerId = uniqueId('store');
    const partner = await operator.POST('/v1/partners', { body: { partnerId, name: 'Store' } });
    expect(partner.response.status).toBe(201);
    const issued = await operator.POST('/v1/partners/{partnerId}/keys', {
      params: { path: { partnerId } },
      body: { scopes: [Scope.membersWrite], name: 'till' },
    });
    expect(issued.error).toBeUndefined();
    const till = jifenClient({ baseUrl, key: issued.data!.key, fetch: viaHandlers });

    const memberId = uniqueId('m');
    const enrolled = await enrolAtTheTill(till, { memberId, email: 'li.lei@example.com', locale: 'en' });
    expect(enrolled.status).toBe(201);
    expect(enrolled.member).toMatchObject({
      memberId,
      status: 'active',
      locale: 'en',
      tier: { code: 'base' },
    });
    expect(enrolled.available).toBe(100);
    // The answer holds what the document says, and nothing it does not.
    const view = document().components.schemas.EnrolMemberResponse;
    expect(Object.keys(view.properties)).toEqual(expect.arrayContaining(Object.keys(enrolled.member)));
    expect(Object.keys(enrolled.member)).toEqual(expect.arrayContaining(view.required));

    const again = await enrolAtTheTill(till, { memberId, email: 'li.lei@example.com', locale: 'en' });
    expect(again.status).toBe(200);
    const refused = await till.GET('/v1/members/{memberId}', { params: { path: { memberId } } });
    expect(refused.response.status).toBe(403);
    expect(refused.error).toMatchObject({ status: 403, code: 'forbidden' });
  });
});
