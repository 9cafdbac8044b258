/**
 * The OpenAPI 3.1 document served at GET /openapi.json, generated from the route list of
 * shared/system.ts and each route's contract, beside it in its feature's routes.ts (the zod schemas of
 * its body, query and answer, its statuses and errors). Nothing in it is written by hand per route.
 */
import { STATUS_CODES } from 'node:http';
import { isDeepStrictEqual } from 'node:util';
import * as z from 'zod';
import type { OperationSchemas } from '../core/contract.js';
import { ErrorCode } from '../core/errors.js';
import { pageQuerySchema } from '../core/paging.js';
import { problemSchema } from '../core/schemas.js';
import { anyKey } from '../core/scopes.js';
import { type HttpRoute, routes } from '../system.js';
import { problemOf } from './problem.js';

type Json = Record<string, unknown>;

export type OpenApiDocument = Json & { readonly openapi: string; readonly paths: Record<string, Json> };

const schemaRef = (name: string) => `#/components/schemas/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
const pointerSegment = (segment: string) => segment.replace(/~1/g, '/').replace(/~0/g, '~');

/** `value` with every `$ref` replaced by what `target` makes of it. */
function rewriteRefs(value: unknown, target: (ref: string) => string): unknown {
  if (Array.isArray(value)) return value.map((item) => rewriteRefs(item, target));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      key === '$ref' && typeof inner === 'string' ? target(inner) : rewriteRefs(inner, target),
    ]),
  );
}

/**
 * JSON Schema 2020-12 of the zod schemas, as OpenAPI 3.1 takes them. zod puts a schema with an id
 * (`.meta({ id })`) under `$defs` of each conversion, which an OpenAPI document cannot resolve:
 * here every such schema becomes one entry of `components.schemas`, and the references point there.
 */
export class SchemaComponents {
  readonly schemas: Record<string, Json> = {};

  /**
   * `io: 'input'` describes what a request may send (fields with a default are optional), `output`
   * what a response holds. `hint` names the components of recursive schemas, which have no id.
   */
  convert(schema: z.ZodType, io: 'input' | 'output', hint: string): Json {
    const {
      $schema: _dialect,
      $defs: defs = {},
      ...root
    } = z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any', io }) as Json & {
      $defs?: Record<string, Json>;
    };
    const ids = Object.keys(defs);
    const baseName = (id: string) =>
      id.startsWith('__schema') ? `${hint}${id.slice('__schema'.length)}` : id;
    // An id whose input form differs from its output form (a default, a transform) gets a second
    // component, `<id>Input`; two different schemas under one id are a mistake, refused.
    for (const suffix of io === 'input' ? ['', 'Input'] : ['']) {
      const names = new Map(ids.map((id) => [id, `${baseName(id)}${suffix}`]));
      const rootName = `${hint}${suffix}`;
      let selfReferencing = false;
      const target = (ref: string) => {
        // zod refers to an id-less root from inside itself as "#": the root becomes a component too.
        if (ref === '#') {
          selfReferencing = true;
          return schemaRef(rootName);
        }
        const name = ref.startsWith('#/$defs/') ? names.get(pointerSegment(ref.slice(8))) : undefined;
        if (!name) throw new Error(`${hint} refers to ${ref}, which the document cannot resolve`);
        return schemaRef(name);
      };
      const entries = ids.map((id): [string, Json] => [
        names.get(id)!,
        rewriteRefs(defs[id], target) as Json,
      ]);
      const json = rewriteRefs(root, target) as Json;
      if (selfReferencing) entries.push([rootName, json]);
      const clash = entries.some(
        ([name, def]) => this.schemas[name] !== undefined && !isDeepStrictEqual(this.schemas[name], def),
      );
      if (clash) continue;
      for (const [name, def] of entries) this.schemas[name] = def;
      return selfReferencing ? { $ref: schemaRef(rootName) } : json;
    }
    throw new Error(`Two different schemas of ${hint} share a component name (${ids.join(', ')})`);
  }

  /** `json` as the component `name`, or as it is when it already is a reference. */
  named(name: string, json: Json): Json {
    if (typeof json.$ref === 'string' && Object.keys(json).length === 1) return json;
    if (this.schemas[name] !== undefined && !isDeepStrictEqual(this.schemas[name], json)) {
      throw new Error(`Two different schemas would be the component ${name}`);
    }
    this.schemas[name] = json;
    return { $ref: schemaRef(name) };
  }
}

const pascal = (text: string) =>
  text.replace(/(?:^|[_\-\s])(\w)/g, (_, letter: string) => letter.toUpperCase());

/** What each error status means, before the codes it carries. */
const meaningOfStatus: Record<number, string> = {
  400: 'The request is not valid; `errors` names each bad field',
  401: 'No key, or an unknown or revoked key',
  403: 'The key may not do this: it lacks the scope the operation needs (`x-required-scope`), or acts for a store it is not limited to',
  404: 'Not found, or not visible to this partner',
  409: 'In conflict with what is stored',
  413: 'The body is over 256 KB',
  422: "Understood, but the programme's rules refuse it",
  429: 'Too many requests for now: retry after `Retry-After` seconds, with the same operation id',
  500: 'Something went wrong on our side; the request may be retried with the same operation id',
};

/** Every error code an operation can answer: its own, and those of any route with input, a key or a body. */
function errorCodesOf(route: HttpRoute, schemas: OperationSchemas): ErrorCode[] {
  const codes = new Set<ErrorCode>(schemas.errors);
  if (schemas.body || schemas.query || schemas.paged) codes.add(ErrorCode.validationFailed);
  if (route.scope !== null) codes.add(ErrorCode.unauthorized).add(ErrorCode.rateLimited);
  if (route.scope !== null && route.scope !== anyKey) codes.add(ErrorCode.forbidden);
  if (schemas.body) codes.add(ErrorCode.payloadTooLarge);
  codes.add(ErrorCode.internal);
  return Object.values(ErrorCode).filter((code) => codes.has(code));
}

const problemContent = (codes: readonly ErrorCode[]) => ({
  'application/problem+json': {
    schema:
      codes.length === Object.values(ErrorCode).length
        ? { $ref: schemaRef('Problem') }
        : {
            allOf: [
              { $ref: schemaRef('Problem') },
              {
                required: ['code'],
                properties: { code: codes.length === 1 ? { const: codes[0] } : { enum: codes } },
              },
            ],
          },
  },
});

const retryAfter = {
  'Retry-After': {
    description: 'Seconds to wait before retrying',
    schema: { type: 'integer', minimum: 1 },
  },
};

const htmlPage = { 'text/html': { schema: { type: 'string' } } };

function errorResponse(status: number, codes: readonly ErrorCode[], html: boolean): Json {
  const list = codes.map((code) => `\`${code}\``).join(', ');
  return {
    description: `${meaningOfStatus[status] ?? STATUS_CODES[status]}. Codes: ${list}.${
      html && status === 400 ? ' A link that is not valid answers an HTML page.' : ''
    }`,
    ...(status === 429 ? { headers: retryAfter } : {}),
    content: { ...(html && status === 400 ? htmlPage : {}), ...problemContent(codes) },
  };
}

/**
 * The error responses of an operation, by status. A status that carries only its usual code
 * (`not_found` for 404, …) refers to a shared response of `components.responses`, named after it.
 */
function errorResponses(codes: readonly ErrorCode[], html: boolean, shared: Record<string, Json>) {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    const { status } = problemOf(code);
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const responses: Record<string, Json> = {};
  for (const [status, carried] of [...byStatus].sort(([a], [b]) => a - b)) {
    const [only] = carried;
    if (carried.length === 1 && only !== undefined && !(html && status === 400)) {
      const name = pascal(only);
      shared[name] ??= errorResponse(status, carried, html);
      responses[status] = { $ref: `#/components/responses/${name}` };
    } else {
      responses[status] = errorResponse(status, carried, html);
    }
  }
  return responses;
}

function parametersOf(route: HttpRoute, schemas: OperationSchemas, components: SchemaComponents) {
  const parameters: Json[] = [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const query = { ...(schemas.paged ? pageQuerySchema.shape : {}), ...schemas.query?.shape };
  for (const [name, field] of Object.entries(query)) {
    const schema = field as z.ZodType;
    const { description, ...json } = components.convert(
      schema,
      'input',
      pascal(`${route.operation}-${name}`),
    );
    parameters.push({
      name,
      in: 'query',
      required: !schema.safeParse(undefined).success,
      ...(typeof description === 'string' ? { description } : {}),
      schema: json,
    });
  }
  return parameters;
}

/** The success responses; a body answered with more than one status is the component `<Operation>Response`. */
function successResponses(schemas: OperationSchemas, components: SchemaComponents, operation: string) {
  const statuses = [schemas.status, ...(schemas.otherStatuses ?? [])].sort((a, b) => a - b);
  const name = pascal(`${operation}-response`);
  const schema = schemas.response && components.convert(schemas.response, 'output', name);
  const content = schemas.html
    ? htmlPage
    : schema
      ? {
          'application/json': { schema: statuses.length > 1 ? components.named(name, schema) : schema },
          // Reports answer CSV (a header row, then a row per day, partner, month or segment) for `Accept: text/csv`.
          ...(schemas.csv ? { 'text/csv': { schema: { type: 'string' } } } : {}),
        }
      : undefined;
  const responses: Record<string, Json> = {};
  for (const status of statuses) {
    responses[status] = {
      description: STATUS_CODES[status] ?? 'Success',
      ...(content && status !== 204 ? { content } : {}),
    };
  }
  return responses;
}

function build(): OpenApiDocument {
  const components = new SchemaComponents();
  components.convert(problemSchema, 'output', 'Problem');
  const sharedResponses: Record<string, Json> = {};
  const paths: Record<string, Json> = {};
  for (const route of routes as readonly HttpRoute[]) {
    const schemas: OperationSchemas = route.contract;
    const parameters = parametersOf(route, schemas, components);
    const codes = errorCodesOf(route, schemas);
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = {
      operationId: route.operation,
      summary: route.summary,
      security: route.scope === null ? [] : [{ apiKey: [] }],
      ...(route.scope !== null && route.scope !== anyKey ? { 'x-required-scope': route.scope } : {}),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(schemas.body
        ? {
            requestBody: {
              required: true,
              content: {
                'application/json': {
                  schema: components.convert(schemas.body, 'input', pascal(`${route.operation}-body`)),
                },
              },
            },
          }
        : {}),
      responses: {
        ...successResponses(schemas, components, route.operation),
        ...errorResponses(codes, schemas.html === true, sharedResponses),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Jifen loyalty API',
      version: '1',
      description:
        'Loyalty points for retail chains and their partner stores. JSON in and out; errors are ' +
        'RFC 9457 `application/problem+json` with a stable `code` (the `Problem` schema). Every write ' +
        'names its own operation id: repeating it with the same body answers the first result.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: '/', description: 'The server that serves this document' }],
    paths,
    components: {
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'A partner API key: `Authorization: Bearer jf_…`',
        },
      },
      schemas: components.schemas,
      responses: sharedResponses,
    },
  };
}

let cached: OpenApiDocument | undefined;

/** OpenAPI 3.1, generated from the route list of shared/system.ts and the zod schemas of each operation. */
export function openApiDocument(): OpenApiDocument {
  cached ??= build();
  return cached;
}
