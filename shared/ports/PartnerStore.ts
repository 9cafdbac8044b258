import type { Scope } from '../auth/scopes.js';

export interface Partner {
  readonly partnerId: string;
  readonly name: string;
  readonly createdAt: string;
}

export interface ApiKeyRecord {
  readonly keyId: string;
  readonly partnerId: string;
  readonly scopes: readonly Scope[];
  readonly name: string | null;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

/** Partners and their API keys. Keys are stored only as SHA-256 hashes. */
export interface PartnerStore {
  /** Creates the partner; returns the existing one instead when the id is taken. */
  createPartner(partner: Partner): Promise<{ created: boolean; partner: Partner }>;
  getPartner(partnerId: string): Promise<Partner | null>;
  /** Stores a key by its hash; idempotent for the same keyId and hash. */
  putKey(record: ApiKeyRecord, keyHash: string): Promise<void>;
  findKeyByHash(keyHash: string): Promise<ApiKeyRecord | null>;
  /** Marks the key revoked; returns false when the partner has no such key. */
  revokeKey(partnerId: string, keyId: string, revokedAt: string): Promise<boolean>;
}
