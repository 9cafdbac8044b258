/** The audit trail: who did which administrative act, filtered by time, action and partner, page by page. */
import { useState } from 'preact/hooks';
import { api, call } from '../api/client';
import type { ResultOf } from '../api/paths';
import type { PageProps } from '../app';
import {
  Async,
  describedBy,
  Empty,
  Field,
  Pager,
  PageTitle,
  Section,
  Table,
  useAsync,
  usePager,
} from '../components/ui';
import { fmtDateTime, instantOf } from '../format';
import { t } from '../i18n';

type Action = ResultOf<'listAudit'>['items'][number]['action'];
/** Every action of the trail; the type check fails when the API adds one. */
const actions = [
  'partner.created',
  'key.issued',
  'key.revoked',
  'program.published',
  'reward.saved',
  'job.started',
  'queue.redriven',
  'member.erased',
  'member.birthday_changed',
  'member.contact_changed',
  'redemption.without_code',
  'member_codes.locked',
  'adjustment.requested',
  'adjustment.approved',
  'adjustment.applied',
  'adjustment.rejected',
  'import.created',
  'import.completed',
  'store.saved',
] as const satisfies readonly Action[];
type Missing = Exclude<Action, (typeof actions)[number]>;
const everyActionListed: Missing extends never ? true : Missing = true;
void everyActionListed;

interface Filters {
  from: string;
  to: string;
  action: Action | '';
  partnerId: string;
}

export function AuditPage(_: PageProps) {
  const [draft, setDraft] = useState<Filters>({ from: '', to: '', action: '', partnerId: '' });
  const [filters, setFilters] = useState<Filters>(draft);
  const pager = usePager();
  const entries = useAsync(
    () =>
      call(
        api().GET('/v1/admin/audit', {
          params: {
            query: {
              limit: 25,
              ...(pager.cursor ? { cursor: pager.cursor } : {}),
              ...(filters.from ? { from: instantOf(filters.from) } : {}),
              ...(filters.to ? { to: instantOf(filters.to) } : {}),
              ...(filters.action ? { action: filters.action } : {}),
              ...(filters.partnerId ? { partnerId: filters.partnerId } : {}),
            },
          },
        }),
      ),
    [JSON.stringify(filters), pager.cursor],
  );
  const set = (field: keyof Filters) => (event: { currentTarget: { value: string } }) =>
    setDraft((previous) => ({ ...previous, [field]: event.currentTarget.value }));
  return (
    <>
      <PageTitle title={t('nav.audit')} />
      <Section title={t('audit.filters')} id="filters">
        <form
          class="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            pager.reset();
            setFilters({ ...draft, partnerId: draft.partnerId.trim() });
          }}
        >
          <Field id="audit-from" label={t('reports.from')}>
            <input
              {...describedBy('audit-from')}
              type="datetime-local"
              value={draft.from}
              onChange={set('from')}
            />
          </Field>
          <Field id="audit-to" label={t('reports.to')}>
            <input {...describedBy('audit-to')} type="datetime-local" value={draft.to} onChange={set('to')} />
          </Field>
          <Field id="audit-action" label={t('audit.action')}>
            <select {...describedBy('audit-action')} value={draft.action} onChange={set('action')}>
              <option value="">{t('audit.anyAction')}</option>
              {actions.map((action) => (
                <option key={action} value={action}>
                  {action}
                </option>
              ))}
            </select>
          </Field>
          <Field id="audit-partner" label={t('partners.id')}>
            <input {...describedBy('audit-partner')} value={draft.partnerId} onInput={set('partnerId')} />
          </Field>
          <button type="submit" class="primary">
            {t('reports.show')}
          </button>
        </form>
      </Section>
      <Section title={t('audit.entries')} id="entries">
        <Async state={entries}>
          {(page) => (
            <>
              {page.items.length === 0 ? (
                <Empty />
              ) : (
                <Table caption={t('audit.entries')}>
                  <thead>
                    <tr>
                      <th scope="col">{t('audit.at')}</th>
                      <th scope="col">{t('audit.actor')}</th>
                      <th scope="col">{t('audit.action')}</th>
                      <th scope="col">{t('audit.target')}</th>
                      <th scope="col">{t('audit.detail')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.items.map((entry) => (
                      <tr key={entry.auditId}>
                        <td>{fmtDateTime(entry.at)}</td>
                        <td>
                          {entry.actor.partnerId}
                          <br />
                          <small class="muted">{entry.actor.keyId}</small>
                        </td>
                        <td>
                          <code>{entry.action}</code>
                        </td>
                        <td>{entry.target}</td>
                        <td>
                          <code class="detail">{JSON.stringify(entry.detail)}</code>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </Table>
              )}
              <Pager pager={pager} nextCursor={page.nextCursor} />
            </>
          )}
        </Async>
      </Section>
    </>
  );
}
