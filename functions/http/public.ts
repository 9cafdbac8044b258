import { httpFunction } from '../../shared/http/httpFunction.js';
import { openApiDocument } from '../../shared/http/openapi.js';

export const handler = httpFunction(
  'public',
  {
    health: async () => ({ status: 200, body: { status: 'ok' } }),
    openapi: async () => ({ status: 200, body: openApiDocument() }),
  },
  { authenticate: async () => null },
);
