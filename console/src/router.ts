/** A small history router for the console under its base path (/console/). */
import { useEffect, useState } from 'preact/hooks';

const base = import.meta.env.BASE_URL.replace(/\/$/, '');
const listeners = new Set<() => void>();

/** The path inside the console: `/`, `/members/m-1`, … */
export function currentPath(): string {
  const path = window.location.pathname;
  const inner = path.startsWith(base) ? path.slice(base.length) : path;
  return inner === '' ? '/' : inner;
}

export function hrefOf(path: string): string {
  return `${base}${path}`;
}

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  const url = hrefOf(path);
  if (options.replace) window.history.replaceState(null, '', url);
  else window.history.pushState(null, '', url);
  for (const listener of listeners) listener();
}

window.addEventListener('popstate', () => {
  for (const listener of listeners) listener();
});

export function usePath(): string {
  const [path, setPath] = useState(currentPath);
  useEffect(() => {
    const listener = () => setPath(currentPath());
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }, []);
  return path;
}

/** Follows a link inside the console without reloading the page (plain clicks only). */
export function onLinkClick(event: MouseEvent): void {
  const anchor = (event.target as Element | null)?.closest?.('a');
  if (
    !anchor ||
    event.defaultPrevented ||
    event.button !== 0 ||
    event.metaKey ||
    event.ctrlKey ||
    event.shiftKey ||
    event.altKey ||
    anchor.target ||
    anchor.hasAttribute('download')
  )
    return;
  const url = new URL(anchor.href, window.location.href);
  if (url.origin !== window.location.origin || !url.pathname.startsWith(base)) return;
  // An anchor in this page (the skip link): the browser's own jump.
  if (url.hash && url.pathname === window.location.pathname) return;
  event.preventDefault();
  navigate(url.pathname.slice(base.length) + url.search);
}
