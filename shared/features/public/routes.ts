/** Routes that need no key: health and the API description. */
import * as z from 'zod';
import type { RouteDescription } from '../../core/manifest.js';

export const publicRoutes = [
  {
    method: 'GET',
    path: '/health',
    operation: 'health',
    fn: 'public',
    scope: null,
    summary: 'Liveness',
    contract: { status: 200, response: z.object({ status: z.literal('ok') }) },
  },
  {
    method: 'GET',
    path: '/openapi.json',
    operation: 'openapi',
    fn: 'public',
    scope: null,
    summary: 'This API described in OpenAPI 3.1',
    contract: { status: 200, response: z.object({}).loose() },
  },
] as const satisfies readonly RouteDescription[];
