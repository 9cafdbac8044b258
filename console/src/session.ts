/**
 * The signed-in key: kept in sessionStorage only (gone when the tab closes), with what
 * `GET /v1/me` says of it. The console shows only what the key's scopes allow.
 */
import type { ResultOf } from './api/paths';

export type Me = ResultOf<'whoAmI'>;
export type Scope = Me['scopes'][number];

const storageKey = 'jifen.console.key';

export function storedKey(): string | null {
  try {
    return window.sessionStorage.getItem(storageKey);
  } catch {
    return null;
  }
}

export function storeKey(key: string | null): void {
  try {
    if (key) window.sessionStorage.setItem(storageKey, key);
    else window.sessionStorage.removeItem(storageKey);
  } catch {
    // Storage refused (private mode): the key lives as long as the page.
  }
}

/** Whether the key may do what `scope` grants (admin grants everything). */
export function can(me: Me | null, scope: Scope): boolean {
  return !!me && (me.scopes.includes('admin') || me.scopes.includes(scope));
}
