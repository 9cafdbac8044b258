/** Imports: a CSV of members and opening balances, sent in chunks, with progress and the failed rows. */
import { useState } from 'preact/hooks';
import type { Problem } from '../api/client';
import { api, call, newId } from '../api/client';
import type { ImportView } from '../api/named';
import type { PageProps } from '../app';
import {
  Async,
  describedBy,
  Empty,
  Field,
  Pager,
  PageTitle,
  ProblemBox,
  problemFrom,
  Section,
  Table,
  useAsync,
  usePager,
} from '../components/ui';
import { chunksOf, importRowsOf } from '../csv';
import { fmtDateTime, fmtInt } from '../format';
import { t } from '../i18n';

interface Progress {
  importId: string;
  total: number;
  sent: number;
  imported: number;
  failed: number;
  done: boolean;
}

export function ImportsPage(_: PageProps) {
  const [file, setFile] = useState<File | null>(null);
  const [importId, setImportId] = useState(() => newId('import'));
  const [enrolmentBonus, setEnrolmentBonus] = useState(false);
  const [welcomeEmail, setWelcomeEmail] = useState(false);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [running, setRunning] = useState(false);
  const [lookup, setLookup] = useState('');
  const [shown, setShown] = useState<string | null>(null);

  const run = async () => {
    if (!file) return;
    setRunning(true);
    setProblem(null);
    try {
      const rows = importRowsOf(await file.text());
      if (rows.length === 0) throw new Error(t('imports.emptyFile'));
      const id = importId.trim();
      const state: Progress = {
        importId: id,
        total: rows.length,
        sent: 0,
        imported: 0,
        failed: 0,
        done: false,
      };
      setProgress({ ...state });
      await call(
        api().POST('/v1/admin/imports', {
          body: { importId: id, options: { enrolmentBonus, welcomeEmail } },
        }),
      );
      for (const chunk of chunksOf(rows)) {
        const result = await call(
          api().POST('/v1/admin/imports/{importId}/rows', {
            params: { path: { importId: id } },
            body: { rows: chunk },
          }),
        );
        state.sent += chunk.length;
        state.imported += result.imported;
        state.failed += result.failed;
        setProgress({ ...state });
      }
      await call(api().POST('/v1/admin/imports/{importId}/complete', { params: { path: { importId: id } } }));
      setProgress({ ...state, done: true });
      setShown(id);
      setImportId(newId('import'));
    } catch (error) {
      setProblem(problemFrom(error));
    } finally {
      setRunning(false);
    }
  };

  return (
    <>
      <PageTitle title={t('nav.imports')} />
      <Section title={t('imports.upload')} id="upload">
        <p class="muted">{t('imports.intro')}</p>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void run();
          }}
        >
          <div class="form-grid">
            <Field id="import-file" label={t('imports.file')} hint={t('imports.fileHint')}>
              <input
                {...describedBy('import-file', undefined, true)}
                type="file"
                accept=".csv,text/csv"
                required
                onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
              />
            </Field>
            <Field id="import-id" label={t('imports.id')} hint={t('imports.idHint')}>
              <input
                {...describedBy('import-id', undefined, true)}
                value={importId}
                required
                onInput={(e) => setImportId(e.currentTarget.value)}
              />
            </Field>
          </div>
          <label class="check">
            <input
              type="checkbox"
              checked={enrolmentBonus}
              onChange={(e) => setEnrolmentBonus(e.currentTarget.checked)}
            />
            {t('imports.enrolmentBonus')}
          </label>
          <label class="check">
            <input
              type="checkbox"
              checked={welcomeEmail}
              onChange={(e) => setWelcomeEmail(e.currentTarget.checked)}
            />
            {t('imports.welcomeEmail')}
          </label>
          <div class="buttons">
            <button type="submit" class="primary" disabled={running || !file}>
              {t('imports.start')}
            </button>
          </div>
        </form>
        {progress ? (
          <div class="result" role="status" aria-live="polite">
            <label for="import-progress">
              {t('imports.progress', {
                sent: fmtInt(progress.sent),
                total: fmtInt(progress.total),
                imported: fmtInt(progress.imported),
                failed: fmtInt(progress.failed),
              })}
            </label>
            <progress id="import-progress" max={progress.total} value={progress.sent} />
            {progress.done ? <p class="success">{t('imports.done', { id: progress.importId })}</p> : null}
          </div>
        ) : null}
        {problem ? <ProblemBox problem={problem} /> : null}
      </Section>
      <Section title={t('imports.lookup')} id="lookup">
        <form
          class="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (lookup.trim()) setShown(lookup.trim());
          }}
        >
          <Field id="import-lookup" label={t('imports.id')}>
            <input id="import-lookup" value={lookup} onInput={(e) => setLookup(e.currentTarget.value)} />
          </Field>
          <button type="submit">{t('imports.show')}</button>
        </form>
      </Section>
      {shown ? <ImportStatus key={shown} importId={shown} /> : null}
    </>
  );
}

function ImportStatus({ importId }: { importId: string }) {
  const status = useAsync(
    () =>
      call(
        api().GET('/v1/admin/imports/{importId}', { params: { path: { importId } } }),
      ) as Promise<ImportView>,
    [importId],
  );
  const pager = usePager();
  const errors = useAsync(
    () =>
      call(
        api().GET('/v1/admin/imports/{importId}/errors', {
          params: {
            path: { importId },
            query: { limit: 50, ...(pager.cursor ? { cursor: pager.cursor } : {}) },
          },
        }),
      ),
    [importId, pager.cursor],
  );
  return (
    <Section title={t('imports.status', { id: importId })} id="import-status">
      <Async state={status}>
        {(found) => (
          <dl class="details">
            <dt>{t('jobs.status')}</dt>
            <dd>{found.status}</dd>
            <dt>{t('imports.received')}</dt>
            <dd>{fmtInt(found.rows.received)}</dd>
            <dt>{t('imports.imported')}</dt>
            <dd>{fmtInt(found.rows.imported)}</dd>
            <dt>{t('imports.failed')}</dt>
            <dd>{fmtInt(found.rows.failed)}</dd>
            {'createdAt' in found ? (
              <>
                <dt>{t('common.created')}</dt>
                <dd>{fmtDateTime(String((found as { createdAt: string }).createdAt))}</dd>
              </>
            ) : null}
          </dl>
        )}
      </Async>
      <h3>{t('imports.errors')}</h3>
      <Async state={errors}>
        {(page) =>
          page.items.length === 0 ? (
            <Empty />
          ) : (
            <>
              <Table caption={t('imports.errors')}>
                <thead>
                  <tr>
                    <th scope="col" class="num">
                      {t('imports.row')}
                    </th>
                    <th scope="col">{t('members.id')}</th>
                    <th scope="col">{t('imports.code')}</th>
                    <th scope="col">{t('imports.detail')}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((error) => (
                    <tr key={error.row}>
                      <td class="num">{error.row}</td>
                      <td>{error.memberId ?? '—'}</td>
                      <td>
                        <code>{error.code}</code>
                      </td>
                      <td>{error.detail}</td>
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
  );
}
