/** Jobs and queues: start a job, follow its runs, see what waits in each dead-letter queue and redrive it. */
import { useEffect, useState } from 'preact/hooks';
import { api, call } from '../api/client';
import type { ResultOf } from '../api/paths';
import type { PageProps } from '../app';
import {
  Async,
  ConfirmButton,
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
import { fmtDateTime, fmtInt, instantOf } from '../format';
import { t } from '../i18n';

const knownJobs = [
  'expire-points',
  'tier-review',
  'expiry-reminders',
  'statements',
  'release-holds',
  'send-notifications',
];

type Run = ResultOf<'getJobRun'>;

export function JobsPage(_: PageProps) {
  const runs = useAsync(() => call(api().GET('/v1/admin/jobs/runs')), []);
  const queues = useAsync(() => call(api().GET('/v1/admin/queues')), []);
  const anyRunning = runs.status === 'ok' && runs.data.items.some((run) => run.status === 'running');
  const redriving =
    queues.status === 'ok' && queues.data.items.some((queue) => queue.lastRedrive?.status === 'RUNNING');
  useEffect(() => {
    if (!anyRunning && !redriving) return;
    const timer = setInterval(() => {
      if (anyRunning) runs.reload();
      if (redriving) queues.reload();
    }, 1500);
    return () => clearInterval(timer);
  }, [anyRunning, redriving, runs.reload, queues.reload]);

  return (
    <>
      <PageTitle title={t('nav.jobs')} />
      <StartJob onStarted={runs.reload} />
      <Section
        title={t('jobs.runs')}
        id="runs"
        actions={
          <button type="button" onClick={runs.reload}>
            {t('common.refresh')}
          </button>
        }
      >
        <Async state={runs}>
          {(list) => (list.items.length === 0 ? <Empty /> : <RunsTable runs={list.items} />)}
        </Async>
      </Section>
      <Section
        title={t('jobs.queues')}
        id="queues"
        actions={
          <button type="button" onClick={queues.reload}>
            {t('common.refresh')}
          </button>
        }
      >
        <Queues state={queues} />
      </Section>
    </>
  );
}

function StartJob({ onStarted }: { onStarted: () => void }) {
  const [job, setJob] = useState('expire-points');
  const [asOf, setAsOf] = useState('');
  const [period, setPeriod] = useState('');
  const start = useAction(async () => {
    const result = await call(
      api().POST('/v1/admin/jobs/{job}', {
        params: { path: { job } },
        body: { ...(asOf ? { asOf: instantOf(asOf) } : {}), ...(period ? { period } : {}) },
      }),
    );
    onStarted();
    return result;
  });
  const errors = start.error?.errors;
  return (
    <Section title={t('jobs.start')} id="start-job">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void start.go();
        }}
      >
        <div class="form-grid">
          <Field id="job-name" label={t('jobs.job')}>
            <input
              id="job-name"
              list="job-names"
              value={job}
              required
              onInput={(e) => setJob(e.currentTarget.value)}
            />
            <datalist id="job-names">
              {knownJobs.map((name) => (
                <option key={name} value={name} />
              ))}
            </datalist>
          </Field>
          <Field
            id="job-asof"
            label={t('jobs.asOf')}
            hint={t('jobs.asOfHint')}
            errors={errorsAt(errors, 'asOf')}
          >
            <input
              {...describedBy('job-asof', errorsAt(errors, 'asOf'), true)}
              type="datetime-local"
              value={asOf}
              onChange={(e) => setAsOf(e.currentTarget.value)}
            />
          </Field>
          <Field
            id="job-period"
            label={t('jobs.period')}
            hint={t('jobs.periodHint')}
            errors={errorsAt(errors, 'period')}
          >
            <input
              {...describedBy('job-period', errorsAt(errors, 'period'), true)}
              placeholder="YYYY-MM"
              value={period}
              onInput={(e) => setPeriod(e.currentTarget.value)}
            />
          </Field>
        </div>
        <button type="submit" class="primary" disabled={start.running || !job}>
          {t('jobs.startSubmit')}
        </button>
      </form>
      {start.error ? <ProblemBox problem={start.error} /> : null}
      {start.result ? (
        <p class="success" role="status">
          {t('jobs.started', { id: start.result.runId })}
        </p>
      ) : null}
    </Section>
  );
}

function RunsTable({ runs }: { runs: Run[] }) {
  return (
    <Table caption={t('jobs.runs')}>
      <thead>
        <tr>
          <th scope="col">{t('jobs.job')}</th>
          <th scope="col">{t('jobs.status')}</th>
          <th scope="col">{t('jobs.progress')}</th>
          <th scope="col">{t('jobs.asOf')}</th>
          <th scope="col">{t('jobs.startedAt')}</th>
          <th scope="col">{t('jobs.finishedAt')}</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => (
          <tr key={run.runId} data-run={run.runId}>
            <td>
              {run.job}
              {run.period ? <small class="muted"> {run.period}</small> : null}
              <br />
              <small class="muted">{run.runId}</small>
            </td>
            <td>
              <span class={`tag tag-${run.status}`}>{t(`jobs.status.${run.status}`)}</span>
            </td>
            <td>
              <span>
                {t('jobs.processed', { processed: fmtInt(run.processed), failed: fmtInt(run.failed) })}
              </span>
              {run.status === 'running' ? <progress aria-label={t('jobs.progress')} /> : null}
            </td>
            <td>{fmtDateTime(run.asOf)}</td>
            <td>{fmtDateTime(run.startedAt)}</td>
            <td>{fmtDateTime(run.finishedAt)}</td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

function Queues({ state }: { state: ReturnType<typeof useAsync<ResultOf<'listDeadLetters'>>> }) {
  const redrive = useAction(async (queue: string) => {
    const result = await call(
      api().POST('/v1/admin/queues/{queue}/redrive', { params: { path: { queue } } }),
    );
    state.reload();
    return result;
  });
  return (
    <>
      {redrive.error ? <ProblemBox problem={redrive.error} /> : null}
      {redrive.result ? (
        <p class="success" role="status">
          {t('jobs.redriven', { queue: redrive.result.queue, messages: fmtInt(redrive.result.messages) })}
        </p>
      ) : null}
      <Async state={state}>
        {(list) => (
          <Table caption={t('jobs.queues')}>
            <thead>
              <tr>
                <th scope="col">{t('jobs.queue')}</th>
                <th scope="col" class="num">
                  {t('jobs.waiting')}
                </th>
                <th scope="col">{t('jobs.lastRedrive')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((queue) => (
                <tr key={queue.queue}>
                  <td>{queue.queue}</td>
                  <td class="num" data-testid={`dlq-${queue.queue}`}>
                    {fmtInt(queue.waiting)}
                  </td>
                  <td>
                    {queue.lastRedrive
                      ? t('jobs.redrive', {
                          status: queue.lastRedrive.status,
                          moved: fmtInt(queue.lastRedrive.moved),
                          toMove: fmtInt(queue.lastRedrive.toMove),
                          at: fmtDateTime(queue.lastRedrive.startedAt),
                        })
                      : '—'}
                    {queue.lastRedrive?.failureReason ? (
                      <p class="field-error">{queue.lastRedrive.failureReason}</p>
                    ) : null}
                  </td>
                  <td>
                    <ConfirmButton
                      label={`${t('jobs.redriveAction')} ${queue.queue}`}
                      confirmLabel={t('jobs.redriveConfirm', { queue: queue.queue })}
                      disabled={queue.waiting === 0 || redrive.running}
                      onConfirm={() => void redrive.go(queue.queue)}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Async>
    </>
  );
}
