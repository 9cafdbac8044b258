/** Adjustments waiting for a second key: approve or reject (the requesting key cannot). */
import { api, call } from '../api/client';
import type { Adjustment } from '../api/named';
import type { PageProps } from '../app';
import {
  Async,
  Empty,
  Pager,
  PageTitle,
  ProblemBox,
  Section,
  Table,
  useAction,
  useAsync,
  usePager,
} from '../components/ui';
import { fmtDateTime, fmtSigned } from '../format';
import { t } from '../i18n';
import { hrefOf } from '../router';

function actorText(actor: Adjustment['requestedBy'] | null | undefined): string {
  if (!actor) return '—';
  return typeof actor === 'string' ? actor : `${actor.partnerId} · ${actor.keyId}`;
}

export function AdjustmentsPage({ me }: PageProps) {
  const pager = usePager();
  const pending = useAsync(
    () =>
      call(
        api().GET('/v1/adjustments', {
          params: {
            query: {
              status: 'pending_approval',
              limit: 50,
              ...(pager.cursor ? { cursor: pager.cursor } : {}),
            },
          },
        }),
      ),
    [pager.cursor],
  );
  const decide = useAction(async (adjustmentId: string, approve: boolean) => {
    const path = approve ? '/v1/adjustments/{adjustmentId}/approve' : '/v1/adjustments/{adjustmentId}/reject';
    const result = await call(api().POST(path, { params: { path: { adjustmentId } } }));
    pending.reload();
    return result;
  });

  return (
    <>
      <PageTitle title={t('nav.approvals')} />
      <Section
        title={t('approvals.pending')}
        id="pending"
        actions={
          <button type="button" onClick={pending.reload}>
            {t('common.refresh')}
          </button>
        }
      >
        <p class="muted">{t('approvals.intro', { keyId: me.keyId })}</p>
        {decide.error ? <ProblemBox problem={decide.error} /> : null}
        {decide.result ? (
          <p class="success" role="status" data-testid="decision">
            {t(decide.result.status === 'applied' ? 'approvals.approved' : 'approvals.rejected', {
              id: decide.result.adjustmentId,
            })}
          </p>
        ) : null}
        <Async state={pending}>
          {(page) =>
            page.items.length === 0 ? (
              <Empty>{t('approvals.none')}</Empty>
            ) : (
              <>
                <Table caption={t('approvals.pending')}>
                  <thead>
                    <tr>
                      <th scope="col">{t('approvals.adjustment')}</th>
                      <th scope="col">{t('approvals.member')}</th>
                      <th scope="col" class="num">
                        {t('common.points')}
                      </th>
                      <th scope="col">{t('members.reason')}</th>
                      <th scope="col">{t('approvals.requestedBy')}</th>
                      <th scope="col">{t('common.actions')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.items.map((adjustment) => (
                      <tr key={adjustment.adjustmentId} data-adjustment={adjustment.adjustmentId}>
                        <td>
                          <code>{adjustment.adjustmentId}</code>
                          {adjustment.createdAt ? (
                            <>
                              <br />
                              <small class="muted">{fmtDateTime(adjustment.createdAt)}</small>
                            </>
                          ) : null}
                        </td>
                        <td>
                          <a href={hrefOf(`/members/${encodeURIComponent(adjustment.memberId)}`)}>
                            {adjustment.memberId}
                          </a>
                        </td>
                        <td class="num">{fmtSigned(adjustment.points)}</td>
                        <td>
                          {t(`reason.${adjustment.reason}`)}
                          {adjustment.note ? (
                            <>
                              <br />
                              <small class="muted">{adjustment.note}</small>
                            </>
                          ) : null}
                        </td>
                        <td>{actorText(adjustment.requestedBy)}</td>
                        <td class="actions">
                          <button
                            type="button"
                            class="primary"
                            disabled={decide.running}
                            onClick={() => void decide.go(adjustment.adjustmentId, true)}
                          >
                            {t('approvals.approve')}
                            <span class="visually-hidden"> {adjustment.adjustmentId}</span>
                          </button>
                          <button
                            type="button"
                            class="danger"
                            disabled={decide.running}
                            onClick={() => void decide.go(adjustment.adjustmentId, false)}
                          >
                            {t('approvals.reject')}
                            <span class="visually-hidden"> {adjustment.adjustmentId}</span>
                          </button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </Table>
                <Pager pager={pager} nextCursor={page.nextCursor} />
              </>
            )
          }
        </Async>
      </Section>
    </>
  );
}
