import { z } from 'zod';
import type { Route } from '../system.js';
import { enrolMemberBody, memberView, updateMemberBody } from './members.js';
import { createPartnerBody, issuedKeyView, issueKeyBody, partnerView } from './partners.js';

export interface OperationSchemas {
  readonly body?: z.ZodType;
  readonly query?: z.ZodObject;
  /** Success status and body; a missing body means an empty response. */
  readonly status: number;
  readonly response?: z.ZodType;
}

/** Request and response schemas of every operation, for validation and the OpenAPI document. */
export const operationSchemas: Record<Route['operation'], OperationSchemas> = {
  health: { status: 200, response: z.object({ status: z.literal('ok') }) },
  openapi: { status: 200, response: z.object({}).passthrough() },
  createPartner: { body: createPartnerBody, status: 201, response: partnerView },
  issueKey: { body: issueKeyBody, status: 201, response: issuedKeyView },
  revokeKey: { status: 204 },
  enrolMember: { body: enrolMemberBody, status: 201, response: memberView },
  getMember: { status: 200, response: memberView },
  updateMember: { body: updateMemberBody, status: 200, response: memberView },
  eraseMember: { status: 204 },
};
