import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { api, call } from '../api/client';
import { describedBy, Field, problemFrom } from '../components/ui';
import { t } from '../i18n';
import { type Me, storeKey } from '../session';

/** Sign-in with an API key; the key is kept in sessionStorage only (this tab, until it closes). */
export function SignIn({
  onSignedIn,
  problem,
  languagePicker,
}: {
  onSignedIn: (me: Me) => void;
  problem: string | null;
  languagePicker: ComponentChildren;
}) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(problem);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const trimmed = key.trim();
    if (!trimmed) {
      setError(t('signIn.empty'));
      return;
    }
    setBusy(true);
    setError(null);
    storeKey(trimmed);
    try {
      const me = await call(api().GET('/v1/me'));
      onSignedIn(me);
    } catch (failure) {
      storeKey(null);
      const found = problemFrom(failure);
      setError(found.status === 401 ? t('signIn.refused') : (found.detail ?? found.title));
    } finally {
      setBusy(false);
    }
  };

  const errors = error ? [error] : undefined;
  return (
    <main id="main" class="signin-main">
      <div class="signin">
        <div class="signin-head">
          <span class="brand-mark" aria-hidden="true">
            积
          </span>
          <h1>{t('signIn.title')}</h1>
        </div>
        <p>{t('signIn.intro')}</p>
        <form onSubmit={submit} noValidate>
          <Field id="api-key" label={t('signIn.key')} hint={t('signIn.keyHint')} errors={errors}>
            <input
              {...describedBy('api-key', errors, true)}
              type="password"
              autoComplete="off"
              spellcheck={false}
              value={key}
              onInput={(e) => setKey(e.currentTarget.value)}
            />
          </Field>
          <button type="submit" class="primary" disabled={busy}>
            {busy ? t('signIn.checking') : t('signIn.submit')}
          </button>
        </form>
        {languagePicker}
      </div>
    </main>
  );
}
