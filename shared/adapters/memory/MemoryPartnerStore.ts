/** Partners, their keys (by hash only) and stores in memory, with DynamoPartnerStore's semantics. */
import { ValidationFailed } from '../../core/errors.js';
import type { AuditEntry } from '../../domain/audit.js';
import type { ApiKeyRecord, Partner, PartnerStore, Store } from '../../ports/PartnerStore.js';
import { byKey, copy, type MemoryDatabase, pageOf } from './MemoryDatabase.js';

export class MemoryPartnerStore implements PartnerStore {
  private readonly partners = new Map<string, Partner>();
  /** Key hash → key. */
  private readonly keys = new Map<string, ApiKeyRecord>();
  /** `<partnerId>#<keyId>` → its hash. */
  private readonly hashes = new Map<string, string>();
  /** `<partnerId>#<storeId>` → store. */
  private readonly stores = new Map<string, Store>();

  constructor(private readonly db: MemoryDatabase) {}

  async createPartner(partner: Partner, audit: readonly AuditEntry[] = []) {
    const existing = this.partners.get(partner.partnerId);
    if (existing) return { created: false, partner: copy(existing) };
    if (this.db.auditTaken(audit)) throw new Error(`Creating ${partner.partnerId}: its audit entry exists`);
    this.partners.set(partner.partnerId, copy(partner));
    this.db.putAudit(audit);
    return { created: true, partner };
  }

  async getPartner(partnerId: string) {
    const partner = this.partners.get(partnerId);
    return partner ? copy(partner) : null;
  }

  async putKey(record: ApiKeyRecord, keyHash: string, audit: readonly AuditEntry[] = []) {
    const held = this.keys.get(keyHash);
    if ((held && held.keyId !== record.keyId) || this.db.auditTaken(audit)) {
      throw new Error('An API key with this hash already belongs to another key id');
    }
    this.keys.set(keyHash, copy(record));
    this.hashes.set(`${record.partnerId}#${record.keyId}`, keyHash);
    this.db.putAudit(audit);
  }

  async findKeyByHash(keyHash: string) {
    const key = this.keys.get(keyHash);
    return key ? copy(key) : null;
  }

  async revokeKey(partnerId: string, keyId: string, revokedAt: string, audit: readonly AuditEntry[] = []) {
    const hash = this.hashes.get(`${partnerId}#${keyId}`);
    const key = hash === undefined ? undefined : this.keys.get(hash);
    if (hash === undefined || !key) return false;
    if (key.revokedAt) return true;
    this.keys.set(hash, { ...key, revokedAt });
    this.db.putAudit(audit);
    return true;
  }

  async listKeys(partnerId: string) {
    return [...this.hashes]
      .filter(([ref]) => ref.startsWith(`${partnerId}#`))
      .map(([, hash]) => copy(this.keys.get(hash)!))
      .filter((key) => key.partnerId === partnerId)
      .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
  }

  async getStore(partnerId: string, storeId: string) {
    const store = this.stores.get(`${partnerId}#${storeId}`);
    return store ? copy(store) : null;
  }

  async putStore(store: Store, audit: (previous: Store | null) => readonly AuditEntry[]) {
    const previous = await this.getStore(store.partnerId, store.storeId);
    const entries = audit(previous);
    if (this.db.auditTaken(entries)) throw new Error(`Saving ${store.storeId}: its audit entry exists`);
    // A replacement keeps when the store was first registered.
    this.stores.set(`${store.partnerId}#${store.storeId}`, {
      ...copy(store),
      createdAt: previous?.createdAt ?? store.createdAt,
    });
    this.db.putAudit(entries);
    return { created: previous === null, previous };
  }

  async listStores(partnerId: string, limit: number, cursor?: Record<string, unknown>) {
    if (cursor && (cursor.partnerId !== partnerId || typeof cursor.after !== 'string')) {
      throw new ValidationFailed([{ path: 'cursor', message: "Not a cursor of this partner's stores." }]);
    }
    const sorted = [...this.stores.values()]
      .filter((store) => store.partnerId === partnerId)
      .map((store) => [store.storeId, copy(store)] as const)
      .sort(byKey);
    const page = pageOf(sorted, limit, cursor);
    return { items: page.items, next: page.next ? { partnerId, ...page.next } : undefined };
  }

  async listPartners() {
    return [...this.partners.values()]
      .map((partner) => [partner.partnerId, partner] as const)
      .sort(byKey)
      .map(([, partner]) => copy(partner));
  }
}
