/** The console's frame: sign-in, the navigation allowed by the key's scopes, the pages. */
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, call } from './api/client';
import { Loading, ProblemBox, problemFrom } from './components/ui';
import { currentLanguage, type Language, languages, type MessageKey, setLanguage, t } from './i18n';
import { AdjustmentsPage } from './pages/Approvals';
import { AuditPage } from './pages/Audit';
import { DashboardPage } from './pages/Dashboard';
import { ImportsPage } from './pages/Imports';
import { JobsPage } from './pages/Jobs';
import { MemberPage, MembersPage } from './pages/Members';
import { PartnerPage, PartnersPage } from './pages/Partners';
import { ProgrammePage } from './pages/Programme';
import { ReportsPage } from './pages/Reports';
import { RewardsPage } from './pages/Rewards';
import { SignIn } from './pages/SignIn';
import { hrefOf, navigate, onLinkClick, usePath } from './router';
import { can, type Me, type Scope, storedKey, storeKey } from './session';

export interface PageProps {
  me: Me;
  params: Record<string, string>;
}

interface PageEntry {
  path: string;
  /** Extra routes of the page, e.g. `/members/:memberId`. */
  detail?: { pattern: RegExp; names: string[]; component: ComponentType<PageProps> };
  label: MessageKey;
  scope: Scope;
  component: ComponentType<PageProps>;
}

export const pages: readonly PageEntry[] = [
  { path: '/dashboard', label: 'nav.dashboard', scope: 'admin', component: DashboardPage },
  {
    path: '/members',
    label: 'nav.members',
    scope: 'members:read',
    component: MembersPage,
    detail: { pattern: /^\/members\/([^/]+)$/, names: ['memberId'], component: MemberPage },
  },
  { path: '/approvals', label: 'nav.approvals', scope: 'points:adjust', component: AdjustmentsPage },
  { path: '/rewards', label: 'nav.rewards', scope: 'points:redeem', component: RewardsPage },
  { path: '/programme', label: 'nav.programme', scope: 'admin', component: ProgrammePage },
  {
    path: '/partners',
    label: 'nav.partners',
    scope: 'admin',
    component: PartnersPage,
    detail: { pattern: /^\/partners\/([^/]+)$/, names: ['partnerId'], component: PartnerPage },
  },
  { path: '/jobs', label: 'nav.jobs', scope: 'admin', component: JobsPage },
  { path: '/imports', label: 'nav.imports', scope: 'admin', component: ImportsPage },
  { path: '/reports', label: 'nav.reports', scope: 'admin', component: ReportsPage },
  { path: '/audit', label: 'nav.audit', scope: 'admin', component: AuditPage },
];

let signOutHandler: () => void = () => undefined;

/** A 401 means the key is unknown or revoked: back to the sign-in form. */
export function signOutOnUnauthorized(): void {
  signOutHandler();
}

function match(
  path: string,
  me: Me,
): { entry: PageEntry; params: Record<string, string>; detail: boolean } | null {
  for (const entry of pages) {
    if (!can(me, entry.scope)) continue;
    if (path === entry.path) return { entry, params: {}, detail: false };
    const found = entry.detail?.pattern.exec(path);
    if (found && entry.detail) {
      const params = Object.fromEntries(
        entry.detail.names.map((name, i) => [name, decodeURIComponent(found[i + 1] ?? '')]),
      );
      return { entry, params, detail: true };
    }
  }
  return null;
}

export function App() {
  const [me, setMe] = useState<Me | null>(null);
  const [checking, setChecking] = useState(() => storedKey() !== null);
  const [signInProblem, setSignInProblem] = useState<string | null>(null);
  const [language, setLanguageState] = useState<Language>(currentLanguage());
  const path = usePath();

  signOutHandler = () => {
    storeKey(null);
    setMe(null);
    setSignInProblem(t('signIn.refused'));
  };

  useEffect(() => {
    if (!checking) return;
    call(api().GET('/v1/me'))
      .then((found) => setMe(found))
      .catch((error: unknown) => {
        storeKey(null);
        setSignInProblem(problemFrom(error).detail ?? t('signIn.refused'));
      })
      .finally(() => setChecking(false));
  }, [checking]);

  // The console's root goes to the first page the key may see.
  useEffect(() => {
    const first = me ? pages.find((entry) => can(me, entry.scope)) : undefined;
    if (first && path === '/') navigate(first.path, { replace: true });
  }, [me, path]);

  // After moving to another page, focus its heading, so that a screen reader announces it.
  const [lastPath, setLastPath] = useState(path);
  useEffect(() => {
    if (path === lastPath) return;
    setLastPath(path);
    document.getElementById('page-heading')?.focus();
  }, [path, lastPath]);

  const changeLanguage = (next: Language) => {
    setLanguage(next);
    setLanguageState(next);
  };

  const signOut = () => {
    storeKey(null);
    setMe(null);
    setSignInProblem(null);
    navigate('/', { replace: true });
  };

  const languagePicker = (
    <div class="language">
      <label for="language">{t('app.language')}</label>
      <select
        id="language"
        value={language}
        onChange={(e) => changeLanguage(e.currentTarget.value as Language)}
      >
        {languages.map((code) => (
          <option key={code} value={code}>
            {code === 'zh-CN' ? '中文' : 'English'}
          </option>
        ))}
      </select>
    </div>
  );

  if (checking) {
    return (
      <main id="main" class="signin-main">
        <Loading label={t('signIn.checking')} />
      </main>
    );
  }

  if (!me) {
    return (
      <SignIn
        key={language}
        languagePicker={languagePicker}
        problem={signInProblem}
        onSignedIn={(found) => {
          setSignInProblem(null);
          setMe(found);
        }}
      />
    );
  }

  const allowed = pages.filter((entry) => can(me, entry.scope));
  const found = match(path, me);
  const Page = found ? (found.detail ? found.entry.detail!.component : found.entry.component) : null;

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: delegated link handling; the links themselves are focusable
    // biome-ignore lint/a11y/useKeyWithClickEvents: Enter on a link fires click
    <div class="shell" onClick={(event) => onLinkClick(event as unknown as MouseEvent)} key={language}>
      <a class="skip" href="#main">
        {t('app.skip')}
      </a>
      <header class="topbar">
        <a class="brand" href={hrefOf(allowed[0]?.path ?? '/')}>
          <span class="brand-mark" aria-hidden="true">
            积
          </span>
          <span>{t('app.title')}</span>
        </a>
        <div class="topbar-right">
          {languagePicker}
          <p class="who" data-testid="who">
            <span class="visually-hidden">{t('app.signedInAs')} </span>
            {me.partnerId} · <code>{me.keyId}</code>
          </p>
          <button type="button" onClick={signOut}>
            {t('app.signOut')}
          </button>
        </div>
      </header>
      <nav class="sidenav" aria-label={t('app.navigation')}>
        <ul>
          {allowed.map((entry) => {
            const current = path === entry.path || path.startsWith(`${entry.path}/`);
            return (
              <li key={entry.path}>
                <a href={hrefOf(entry.path)} aria-current={current ? 'page' : undefined}>
                  {t(entry.label)}
                </a>
              </li>
            );
          })}
        </ul>
        <p class="scopes">
          {t('app.scopes')}: {me.scopes.join(', ')}
        </p>
      </nav>
      <main id="main" tabIndex={-1}>
        {Page && found ? (
          <Page key={path} me={me} params={found.params} />
        ) : allowed.length === 0 ? (
          <ProblemBox
            problem={{
              status: 403,
              title: t('app.noPages'),
              code: 'forbidden',
              detail: t('app.noPagesDetail'),
            }}
          />
        ) : path === '/' ? null : (
          <ProblemBox problem={{ status: 404, title: t('app.notFound'), code: 'not_found', detail: path }} />
        )}
      </main>
    </div>
  );
}
