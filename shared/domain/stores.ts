/**
 * Stores belong to partners (CONTRACT 6.1): store `s1` of partner A and store `s1` of partner B
 * are different stores. A request names a store by its own id, read within the caller's partner;
 * the programme, which speaks for every partner, names a store `"<partnerId>/<storeId>"` (its
 * store reference), and so do the rules that match stores (campaigns, gray release).
 */

/** The programme's name of a partner's store. */
export const storeRef = (partnerId: string, storeId: string) => `${partnerId}/${storeId}`;

/** A store reference: a partner id and a store id (each as the API's ids), joined by `/`. */
export const storeRefPattern = /^[A-Za-z0-9_-]{1,64}\/[A-Za-z0-9_-]{1,64}$/;

/**
 * Whether `refs` (a campaign's or a gray release's stores) name the store `ref`. Versions
 * published before stores belonged to partners may hold plain store ids: such an id names that
 * store id at every partner, as it did when the version was published, until the next publish
 * (which refuses plain ids) replaces it.
 */
export function namesStore(refs: readonly string[], ref: string): boolean {
  if (refs.includes(ref)) return true;
  const slash = ref.indexOf('/');
  const storeId = slash < 0 ? ref : ref.slice(slash + 1);
  return refs.some((candidate) => !candidate.includes('/') && candidate === storeId);
}
