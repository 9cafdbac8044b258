/** Partners and their API keys: create a partner, issue a key (shown once, with a copy button), revoke one. */
import { useState } from 'preact/hooks';
import { api, call } from '../api/client';
import type { BodyOf, ResultOf } from '../api/paths';
import type { PageProps } from '../app';
import {
  Async,
  ConfirmButton,
  CopyButton,
  describedBy,
  Empty,
  errorsAt,
  Field,
  PageTitle,
  ProblemBox,
  Section,
  Table,
  useAction,
  useAsync,
} from '../components/ui';
import { fmtDateTime } from '../format';
import { t } from '../i18n';
import { hrefOf } from '../router';

type Scope = BodyOf<'issueKey'>['scopes'][number];
/** Every scope a key may be given; the type check fails when the API adds one. */
const allScopes = [
  'members:read',
  'members:write',
  'members:erase',
  'members:codes',
  'members:identity',
  'pii:read',
  'points:earn',
  'points:redeem',
  'points:adjust',
  'admin',
] as const satisfies readonly Scope[];
type Missing = Exclude<Scope, (typeof allScopes)[number]>;
const everyScopeListed: Missing extends never ? true : Missing = true;
void everyScopeListed;

export function PartnersPage(_: PageProps) {
  const partners = useAsync(() => call(api().GET('/v1/partners')), []);
  const [partnerId, setPartnerId] = useState('');
  const [name, setName] = useState('');
  const create = useAction(async () => {
    const created = await call(
      api().POST('/v1/partners', { body: { partnerId: partnerId.trim(), name: name.trim() } }),
    );
    setPartnerId('');
    setName('');
    partners.reload();
    return created;
  });
  const errors = create.error?.errors;
  return (
    <>
      <PageTitle title={t('nav.partners')} />
      <Section title={t('partners.create')} id="create-partner">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void create.go();
          }}
        >
          <div class="form-grid">
            <Field id="partner-id" label={t('partners.id')} errors={errorsAt(errors, 'partnerId')}>
              <input
                {...describedBy('partner-id', errorsAt(errors, 'partnerId'))}
                value={partnerId}
                required
                onInput={(e) => setPartnerId(e.currentTarget.value)}
              />
            </Field>
            <Field id="partner-name" label={t('partners.name')} errors={errorsAt(errors, 'name')}>
              <input
                {...describedBy('partner-name', errorsAt(errors, 'name'))}
                value={name}
                required
                onInput={(e) => setName(e.currentTarget.value)}
              />
            </Field>
          </div>
          <button type="submit" class="primary" disabled={create.running}>
            {t('partners.createSubmit')}
          </button>
        </form>
        {create.error ? <ProblemBox problem={create.error} /> : null}
        {create.result ? (
          <p class="success" role="status">
            {t('partners.created', { id: create.result.partnerId })}
          </p>
        ) : null}
      </Section>
      <Section title={t('partners.list')} id="partners">
        <Async state={partners}>
          {(list) =>
            list.items.length === 0 ? (
              <Empty />
            ) : (
              <Table caption={t('partners.list')}>
                <thead>
                  <tr>
                    <th scope="col">{t('partners.id')}</th>
                    <th scope="col">{t('partners.name')}</th>
                    <th scope="col">{t('common.created')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.items.map((partner) => (
                    <tr key={partner.partnerId}>
                      <td>
                        <a href={hrefOf(`/partners/${encodeURIComponent(partner.partnerId)}`)}>
                          {partner.partnerId}
                        </a>
                      </td>
                      <td>{partner.name}</td>
                      <td>{fmtDateTime(partner.createdAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            )
          }
        </Async>
      </Section>
    </>
  );
}

type IssuedKey = ResultOf<'issueKey'>;

export function PartnerPage({ me, params }: PageProps) {
  const partnerId = params.partnerId ?? '';
  const keys = useAsync(
    () => call(api().GET('/v1/partners/{partnerId}/keys', { params: { path: { partnerId } } })),
    [partnerId],
  );
  const [scopes, setScopes] = useState<Scope[]>(['members:read']);
  const [name, setName] = useState('');
  const [storeIds, setStoreIds] = useState('');
  const [issued, setIssued] = useState<IssuedKey | null>(null);
  const issue = useAction(async () => {
    const stores = storeIds
      .split(/[\s,]+/)
      .map((id) => id.trim())
      .filter(Boolean);
    const key = await call(
      api().POST('/v1/partners/{partnerId}/keys', {
        params: { path: { partnerId } },
        body: {
          scopes,
          ...(name.trim() ? { name: name.trim() } : {}),
          ...(stores.length > 0 ? { storeIds: stores } : {}),
        },
      }),
    );
    setIssued(key);
    setName('');
    setStoreIds('');
    keys.reload();
    return key;
  });
  const revoke = useAction(async (keyId: string) => {
    await call(
      api().DELETE('/v1/partners/{partnerId}/keys/{keyId}', { params: { path: { partnerId, keyId } } }),
    );
    keys.reload();
    return keyId;
  });
  const errors = issue.error?.errors;
  const toggle = (scope: Scope, on: boolean) =>
    setScopes((list) => (on ? [...list.filter((s) => s !== scope), scope] : list.filter((s) => s !== scope)));

  return (
    <>
      <PageTitle title={t('partners.partner', { partnerId })}>
        <a href={hrefOf('/partners')}>{t('partners.back')}</a>
      </PageTitle>
      {issued ? (
        <section class="card key-once" aria-labelledby="issued-title" data-testid="issued-key">
          <h2 id="issued-title">{t('partners.issuedTitle')}</h2>
          <p>{t('partners.issuedOnce')}</p>
          <p class="secret">
            <code data-testid="issued-key-value">{issued.key}</code>
          </p>
          <p>
            <CopyButton text={issued.key} label={t('partners.copyKey')} />{' '}
            <button type="button" onClick={() => setIssued(null)}>
              {t('partners.issuedDone')}
            </button>
          </p>
          <p class="muted">
            {issued.keyId} · {issued.scopes.join(', ')}
          </p>
        </section>
      ) : null}
      <Section title={t('partners.issue')} id="issue-key">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void issue.go();
          }}
        >
          <fieldset class={`scopes-picker${errorsAt(errors, 'scopes').length > 0 ? ' invalid' : ''}`}>
            <legend>{t('partners.scopes')}</legend>
            {allScopes.map((scope) => (
              <label key={scope} class="check">
                <input
                  type="checkbox"
                  checked={scopes.includes(scope)}
                  onChange={(e) => toggle(scope, e.currentTarget.checked)}
                />
                <code>{scope}</code> <span class="muted">{t(`scope.${scope}`)}</span>
              </label>
            ))}
            {errorsAt(errors, 'scopes').length > 0 ? (
              <p class="field-error" role="alert">
                {errorsAt(errors, 'scopes').join(' ')}
              </p>
            ) : null}
          </fieldset>
          <div class="form-grid">
            <Field id="key-name" label={t('partners.keyName')} errors={errorsAt(errors, 'name')}>
              <input
                {...describedBy('key-name', errorsAt(errors, 'name'))}
                value={name}
                onInput={(e) => setName(e.currentTarget.value)}
              />
            </Field>
            <Field
              id="key-stores"
              label={t('partners.storeIds')}
              hint={t('partners.storeIdsHint')}
              errors={errorsAt(errors, 'storeIds')}
            >
              <input
                {...describedBy('key-stores', errorsAt(errors, 'storeIds'), true)}
                value={storeIds}
                onInput={(e) => setStoreIds(e.currentTarget.value)}
              />
            </Field>
          </div>
          <button type="submit" class="primary" disabled={issue.running || scopes.length === 0}>
            {t('partners.issueSubmit')}
          </button>
        </form>
        {issue.error ? <ProblemBox problem={issue.error} /> : null}
      </Section>
      <Section title={t('partners.keys')} id="keys">
        {revoke.error ? <ProblemBox problem={revoke.error} /> : null}
        {revoke.result ? (
          <p class="success" role="status">
            {t('partners.revoked', { id: revoke.result })}
          </p>
        ) : null}
        <Async state={keys}>
          {(list) =>
            list.items.length === 0 ? (
              <Empty />
            ) : (
              <Table caption={t('partners.keys')}>
                <thead>
                  <tr>
                    <th scope="col">{t('partners.keyId')}</th>
                    <th scope="col">{t('partners.keyName')}</th>
                    <th scope="col">{t('partners.scopes')}</th>
                    <th scope="col">{t('partners.storeIds')}</th>
                    <th scope="col">{t('common.created')}</th>
                    <th scope="col">{t('partners.state')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.items.map((key) => (
                    <tr key={key.keyId} data-key={key.keyId}>
                      <td>
                        <code>{key.keyId}</code>
                      </td>
                      <td>{key.name ?? '—'}</td>
                      <td>{key.scopes.join(', ')}</td>
                      <td>{key.storeIds ? key.storeIds.join(', ') : t('partners.allStores')}</td>
                      <td>{fmtDateTime(key.createdAt)}</td>
                      <td>
                        {key.revokedAt ? (
                          <span class="tag tag-revoked">
                            {t('partners.revokedAt', { at: fmtDateTime(key.revokedAt) })}
                          </span>
                        ) : key.keyId === me.keyId ? (
                          <span class="muted">{t('partners.thisKey')}</span>
                        ) : (
                          <ConfirmButton
                            label={`${t('partners.revoke')} ${key.keyId}`}
                            confirmLabel={t('partners.revokeConfirm', { id: key.keyId })}
                            danger
                            disabled={revoke.running}
                            onConfirm={() => void revoke.go(key.keyId)}
                          />
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            )
          }
        </Async>
      </Section>
    </>
  );
}
