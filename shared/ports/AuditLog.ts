import type { AuditAction, AuditEntry } from '../domain/audit.js';

export interface AuditQuery {
  /** [fromMs, toMs) */
  readonly fromMs: number;
  readonly toMs: number;
  readonly action?: AuditAction;
  readonly partnerId?: string;
  readonly limit: number;
  readonly cursor?: Record<string, unknown>;
}

/**
 * The audit trail. Acts that are DynamoDB writes put their entry in the same transaction (each
 * store takes an `audit` argument); `append` is for acts that are not (a dead-letter redrive).
 */
export interface AuditLog {
  append(entry: AuditEntry): Promise<void>;
  /** Newest first. */
  list(
    query: AuditQuery,
  ): Promise<{ items: readonly AuditEntry[]; next: Record<string, unknown> | undefined }>;
}
