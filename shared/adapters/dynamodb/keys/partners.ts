/**
 * A partner's items: one partition `PARTNER#<partnerId>` holding the partner (`PARTNER`), its
 * stores (`STORE#<storeId>`) and references to its API keys (`KEY#<keyId>`); each key itself under
 * its hash (`APIKEY#<hash>`, read by the authorizer). Partners are listed in `gsi1` under `PARTNERS`.
 */
import { isCursorIn, listedIn, listing, withPrefix } from './table.js';

const partnerPartition = (partnerId: string) => `PARTNER#${partnerId}`;
const keyPrefix = 'KEY#';
const storePrefix = 'STORE#';
const partnersListing = 'PARTNERS';

export const partnerKeys = {
  partner: (partnerId: string) => ({ pk: partnerPartition(partnerId), sk: 'PARTNER' }),
  /** A partner's reference to one of its keys (for listing and revoking). */
  keyRef: (partnerId: string, keyId: string) => ({
    pk: partnerPartition(partnerId),
    sk: `${keyPrefix}${keyId}`,
  }),
  /** A key under its hash: what a request's bearer token finds. */
  keyByHash: (keyHash: string) => ({ pk: `APIKEY#${keyHash}`, sk: 'APIKEY' }),
  store: (partnerId: string, storeId: string) => ({
    pk: partnerPartition(partnerId),
    sk: `${storePrefix}${storeId}`,
  }),
  /** A partner's `gsi1` attributes: listed under `PARTNERS` by id. */
  listing: (partnerId: string) => listing(partnersListing, partnerId),
  /** Every partner, by id. */
  listed: () => listedIn(partnersListing),
  /** A partner's key references. */
  keyRefs: (partnerId: string) => withPrefix(partnerPartition(partnerId), keyPrefix),
  /** A partner's stores, by id. */
  stores: (partnerId: string) => withPrefix(partnerPartition(partnerId), storePrefix),
  /** Whether a cursor is one of a partner's stores. */
  isStoresCursor: (partnerId: string, cursor: Readonly<Record<string, unknown>>) =>
    isCursorIn(cursor, partnerPartition(partnerId), storePrefix),
};
