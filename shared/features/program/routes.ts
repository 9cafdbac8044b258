/** The programme: its rules in force and new versions (the operator); each route with its API contract. */
import * as z from 'zod';
import type { RouteDescription } from '../../core/manifest.js';
import { Scope } from '../../core/scopes.js';

/** A programme document; its rules are checked by parseProgramVersion (versions.ts), not by the schema. */
const anyProgram = z.object({}).loose();

export const programRoutes = [
  {
    method: 'GET',
    path: '/v1/program',
    operation: 'getProgram',
    fn: 'admin',
    scope: Scope.admin,
    summary: "The programme's rules in force, with its version",
    contract: { status: 200, response: anyProgram },
  },
  {
    method: 'PUT',
    path: '/v1/program',
    operation: 'putProgram',
    fn: 'admin',
    scope: Scope.admin,
    summary: 'Publish a new programme version, applying to events from its effective time',
    contract: { body: anyProgram, status: 200, response: anyProgram },
  },
] as const satisfies readonly RouteDescription[];
