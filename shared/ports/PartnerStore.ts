import type { Scope } from '../core/scopes.js';
import type { AuditEntry } from '../domain/audit.js';

export interface Partner {
  readonly partnerId: string;
  readonly name: string;
  readonly createdAt: string;
}

export interface ApiKeyRecord {
  readonly keyId: string;
  readonly partnerId: string;
  readonly scopes: readonly Scope[];
  /** The stores the key may act for; `null` for all the partner's stores. */
  readonly storeIds: readonly string[] | null;
  readonly name: string | null;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

/** A store of a partner's (the registry): `storeId` is read within `partnerId`. */
export interface Store {
  readonly partnerId: string;
  readonly storeId: string;
  readonly name: string;
  readonly city: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Reads a partner's registered store (what `stores.requireRegistered` checks). */
export interface StoreDirectory {
  getStore(partnerId: string, storeId: string): Promise<Store | null>;
}

/** Partners and their API keys. Keys are stored only as SHA-256 hashes. */
export interface PartnerStore extends StoreDirectory {
  /** Creates the partner (with its audit entry); returns the existing one instead when the id is taken. */
  createPartner(
    partner: Partner,
    audit?: readonly AuditEntry[],
  ): Promise<{ created: boolean; partner: Partner }>;
  getPartner(partnerId: string): Promise<Partner | null>;
  /** Stores a key by its hash; idempotent for the same keyId and hash. */
  putKey(record: ApiKeyRecord, keyHash: string, audit?: readonly AuditEntry[]): Promise<void>;
  findKeyByHash(keyHash: string): Promise<ApiKeyRecord | null>;
  /** Marks the key revoked; returns false when the partner has no such key. */
  revokeKey(
    partnerId: string,
    keyId: string,
    revokedAt: string,
    audit?: readonly AuditEntry[],
  ): Promise<boolean>;
  /** The partner's keys (never the secrets), newest first. */
  listKeys(partnerId: string): Promise<readonly ApiKeyRecord[]>;
  /** Every partner, by id. */
  listPartners(): Promise<readonly Partner[]>;
  /**
   * Registers a store, or replaces the one registered under its id, with the act's audit entries
   * in the same transaction; answers whether it was new and what it replaced.
   */
  putStore(
    store: Store,
    audit: (previous: Store | null) => readonly AuditEntry[],
  ): Promise<{ readonly created: boolean; readonly previous: Store | null }>;
  /** The partner's stores by id, a page at a time. */
  listStores(
    partnerId: string,
    limit: number,
    cursor?: Record<string, unknown>,
  ): Promise<{ readonly items: readonly Store[]; readonly next: Record<string, unknown> | undefined }>;
}
