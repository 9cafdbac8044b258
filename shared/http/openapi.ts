import * as z from 'zod';
import { problemSchema } from '../api/common.js';
import { operationSchemas } from '../api/operations.js';
import { routes } from '../system.js';

const jsonSchema = (schema: z.ZodType) => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    unrepresentable: 'any',
  });
  return rest;
};

let cached: unknown;

/** OpenAPI 3.1, generated from the route list of shared/system.ts and the zod schemas of each operation. */
export function openApiDocument(): unknown {
  cached ??= build();
  return cached;
}

function build() {
  const problem = { $ref: '#/components/schemas/Problem' };
  const problemContent = { 'application/problem+json': { schema: problem } };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const schemas = operationSchemas[route.operation];
    const parameters: Record<string, unknown>[] = [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
      name,
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    if (schemas.paged) {
      parameters.push(
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
        { name: 'cursor', in: 'query', schema: { type: 'string' } },
      );
    }
    for (const [name, field] of Object.entries(schemas.query?.shape ?? {})) {
      const schema = field as z.ZodType;
      parameters.push({
        name,
        in: 'query',
        required: !schema.safeParse(undefined).success,
        schema: jsonSchema(schema),
      });
    }
    const responses: Record<string, unknown> = {
      [schemas.status]: schemas.response
        ? {
            description: 'Success',
            content: { 'application/json': { schema: jsonSchema(schemas.response) } },
          }
        : { description: 'Success' },
      '400': { description: 'Validation failed', content: problemContent },
      '429': {
        description: 'Too busy right now (rate_limited); retry with the same id after Retry-After seconds',
        headers: { 'Retry-After': { schema: { type: 'integer' } } },
        content: problemContent,
      },
    };
    if (schemas.body) {
      responses['413'] = { description: 'The body is over 256 KB', content: problemContent };
    }
    if (route.scope !== null) {
      responses['401'] = { description: 'No key, or an unknown or revoked key', content: problemContent };
      responses['403'] = { description: `The key lacks the "${route.scope}" scope`, content: problemContent };
    }
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = {
      operationId: route.operation,
      summary: route.summary,
      ...(route.scope !== null
        ? { security: [{ apiKey: [] }], 'x-required-scope': route.scope }
        : { security: [] }),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(schemas.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonSchema(schemas.body) } },
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Jifen loyalty API',
      version: '1',
      description:
        'Loyalty points for retail chains and their partner stores. Errors are RFC 9457 problem+json.',
    },
    paths,
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'A partner API key' } },
      schemas: { Problem: jsonSchema(problemSchema) },
    },
  };
}
