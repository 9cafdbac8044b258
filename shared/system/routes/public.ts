/** Routes that need no key: health and the API description. */
import type { HttpRoute } from '../../system.js';

export const publicRoutes = [
  { method: 'GET', path: '/health', operation: 'health', fn: 'public', scope: null, summary: 'Liveness' },
  {
    method: 'GET',
    path: '/openapi.json',
    operation: 'openapi',
    fn: 'public',
    scope: null,
    summary: 'This API described in OpenAPI 3.1',
  },
] as const satisfies readonly HttpRoute[];
