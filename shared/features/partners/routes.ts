/** Partners, their API keys and their stores (the operator); each route with its API contract. */
import * as z from 'zod';
import type { RouteDescription } from '../../core/manifest.js';
import { pageOf } from '../../core/schemas.js';
import { anyKey, Scope } from '../../core/scopes.js';
import {
  callerView,
  createPartnerBody,
  issuedKeyView,
  issueKeyBody,
  keyView,
  partnerView,
  saveStoreBody,
  storeView,
} from './schemas.js';

export const partnerRoutes = [
  {
    method: 'GET',
    path: '/v1/me',
    operation: 'whoAmI',
    fn: 'partners',
    scope: anyKey,
    summary:
      "The calling key: its partner, id, scopes and stores (any valid key; the operator console's sign-in)",
    contract: { status: 200, response: callerView },
  },
  {
    method: 'POST',
    path: '/v1/partners',
    operation: 'createPartner',
    fn: 'partners',
    scope: Scope.admin,
    summary: 'Create a partner',
    contract: {
      body: createPartnerBody,
      status: 201,
      otherStatuses: [200],
      response: partnerView,
      errors: ['partner_exists'],
    },
  },
  {
    method: 'GET',
    path: '/v1/partners',
    operation: 'listPartners',
    fn: 'partners',
    scope: Scope.admin,
    summary: 'Every partner',
    contract: { status: 200, response: z.object({ items: z.array(partnerView) }) },
  },
  {
    method: 'GET',
    path: '/v1/partners/{partnerId}/keys',
    operation: 'listKeys',
    fn: 'partners',
    scope: Scope.admin,
    summary: "A partner's API keys (ids, scopes and stores; never the secrets)",
    contract: { status: 200, response: z.object({ items: z.array(keyView) }), errors: ['not_found'] },
  },
  {
    method: 'POST',
    path: '/v1/partners/{partnerId}/keys',
    operation: 'issueKey',
    fn: 'partners',
    scope: Scope.admin,
    summary: 'Issue an API key to a partner (the key is shown only in this response)',
    contract: { body: issueKeyBody, status: 201, response: issuedKeyView, errors: ['not_found'] },
  },
  {
    method: 'PUT',
    path: '/v1/partners/{partnerId}/stores/{storeId}',
    operation: 'saveStore',
    fn: 'partners',
    scope: Scope.admin,
    summary:
      "Register a partner's store, or replace it (201 new, 200 replaced; audited). Store ids are read within their partner",
    contract: {
      body: saveStoreBody,
      status: 201,
      otherStatuses: [200],
      response: storeView,
      errors: ['not_found'],
    },
  },
  {
    method: 'GET',
    path: '/v1/partners/{partnerId}/stores',
    operation: 'listStores',
    fn: 'partners',
    scope: Scope.admin,
    summary: "A partner's registered stores, by id (paged)",
    contract: { status: 200, response: pageOf(storeView), paged: true, errors: ['not_found'] },
  },
  {
    method: 'DELETE',
    path: '/v1/partners/{partnerId}/keys/{keyId}',
    operation: 'revokeKey',
    fn: 'partners',
    scope: Scope.admin,
    summary: 'Revoke an API key',
    contract: { status: 204, errors: ['not_found'] },
  },
] as const satisfies readonly RouteDescription[];
