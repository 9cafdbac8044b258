/** zh-CN and en: the browser's language by default, switchable, remembered in localStorage. */
import { en, type MessageKey } from './messages/en';
import { zhCN } from './messages/zhCN';

export type Language = 'en' | 'zh-CN';
export const languages: readonly Language[] = ['zh-CN', 'en'];

const storageKey = 'jifen.console.language';
const dictionaries: Record<Language, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

function initialLanguage(): Language {
  try {
    const stored = window.localStorage.getItem(storageKey);
    if (stored === 'en' || stored === 'zh-CN') return stored;
  } catch {
    // No storage: follow the browser.
  }
  const preferred = navigator.languages?.length ? navigator.languages : [navigator.language];
  for (const tag of preferred) {
    const lower = tag.toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

let language: Language = initialLanguage();

export function currentLanguage(): Language {
  return language;
}

export function setLanguage(next: Language): void {
  language = next;
  try {
    window.localStorage.setItem(storageKey, next);
  } catch {
    // Not remembered, still switched.
  }
  document.documentElement.lang = next;
}

/** A message in the current language; `{name}` placeholders are filled from `vars`. */
export function t(key: MessageKey, vars?: Record<string, string | number>): string {
  const text = dictionaries[language][key] ?? en[key];
  return vars ? text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`)) : text;
}

export type { MessageKey };
