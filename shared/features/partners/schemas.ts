import * as z from 'zod';
import { idSchema } from '../../core/schemas.js';
import { allScopes, type Scope } from '../../core/scopes.js';

export const createPartnerBody = z.strictObject({
  // `programme` names the programme itself as the issuer of its own coupons (features/redemptions/records.ts).
  partnerId: idSchema.refine((id) => id !== 'programme', 'Reserved for the programme itself.'),
  name: z.string().trim().min(1).max(200),
});

export const partnerView = z.object({
  partnerId: z.string(),
  name: z.string(),
  createdAt: z.string(),
});

export const issueKeyBody = z.strictObject({
  scopes: z
    .array(z.enum(allScopes as [Scope, ...Scope[]]))
    .min(1)
    .refine((scopes) => new Set(scopes).size === scopes.length, 'Scopes must not repeat.')
    .describe('members:codes and admin only for keys of the operator partner (400 for any other partner)'),
  name: z.string().trim().min(1).max(200).optional(),
  storeIds: z
    .array(idSchema)
    .min(1)
    .max(100)
    .optional()
    .describe('Limit the key to these stores; without it the key acts for every store of the partner'),
});

export const keyView = z.object({
  keyId: z.string(),
  partnerId: z.string(),
  scopes: z.array(z.string()),
  storeIds: z.array(z.string()).nullable(),
  name: z.string().nullable(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});

export const issuedKeyView = z.object({
  keyId: z.string(),
  key: z.string().describe('The secret API key. It is shown only in this response; store it safely.'),
  partnerId: z.string(),
  scopes: z.array(z.string()),
  storeIds: z.array(z.string()).nullable(),
  name: z.string().nullable(),
  createdAt: z.string(),
});

/** The calling key (`GET /v1/me`): what the operator console may show. */
export const callerView = z.object({
  partnerId: z.string(),
  keyId: z.string(),
  scopes: z.array(z.enum(allScopes as [Scope, ...Scope[]])),
  storeIds: z.array(z.string()).nullable().describe('The stores the key may act for; null for every store'),
});

/** A store of the partner's registry (`PUT /v1/partners/{partnerId}/stores/{storeId}`). */
export const saveStoreBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  city: z.string().trim().min(1).max(100).nullable().optional(),
});

export const storeView = z.object({
  partnerId: z.string(),
  storeId: z
    .string()
    .describe("Read within the partner: another partner's store of this id is another store"),
  name: z.string(),
  city: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
