/** Building blocks shared by the pages: request states, problems, fields, tables, charts, copying. */
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, type FieldError, type Problem } from '../api/client';
import { t } from '../i18n';

export type AsyncState<T> =
  | { status: 'loading'; data?: undefined; error?: undefined }
  | { status: 'ok'; data: T; error?: undefined }
  | { status: 'error'; data?: undefined; error: Problem };

export function problemFrom(error: unknown): Problem {
  if (error instanceof ApiError) return error.problem;
  return {
    status: 0,
    title: 'Error',
    code: 'client',
    detail: error instanceof Error ? error.message : String(error),
  };
}

/** Runs `load` when `deps` change; `reload` runs it again. The latest call wins. */
export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]) {
  const [state, setState] = useState<AsyncState<T>>({ status: 'loading' });
  const [round, setRound] = useState(0);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  useEffect(() => {
    let live = true;
    setState((previous) => (previous.status === 'ok' && round > 0 ? previous : { status: 'loading' }));
    load().then(
      (data) => live && setState({ status: 'ok', data }),
      (error: unknown) => live && setState({ status: 'error', error: problemFrom(error) }),
    );
    return () => {
      live = false;
    };
  }, [...deps, round]);
  return { ...state, reload };
}

/** An action's state: idle, running, done (with its result) or failed (with its problem). */
export function useAction<A extends unknown[], T>(run: (...args: A) => Promise<T>) {
  const [state, setState] = useState<{ running: boolean; result?: T; error?: Problem }>({ running: false });
  const go = async (...args: A): Promise<T | undefined> => {
    setState({ running: true });
    try {
      const result = await run(...args);
      setState({ running: false, result });
      return result;
    } catch (error) {
      setState({ running: false, error: problemFrom(error) });
      return undefined;
    }
  };
  const reset = () => setState({ running: false });
  return { ...state, go, reset };
}

export function Loading({ label }: { label?: string }) {
  return (
    <p class="loading" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" />
      {label ?? t('common.loading')}
    </p>
  );
}

/** A problem+json answer, with its detail and field errors; 404/405 say the API lacks the endpoint. */
export function ProblemBox({ problem, what }: { problem: Problem; what?: string }) {
  const unavailable = problem.code === 'no_route' || problem.code === 'method_not_allowed';
  return (
    <div class={`problem${unavailable ? ' unavailable' : ''}`} role="alert">
      <p class="problem-title">
        {unavailable ? t('common.notAvailable') : problem.title}
        {problem.status > 0 ? <span class="problem-status"> (HTTP {problem.status})</span> : null}
      </p>
      {what ? <p class="problem-what">{what}</p> : null}
      {unavailable ? <p>{t('common.notAvailableDetail')}</p> : null}
      {problem.detail ? <p class="problem-detail">{problem.detail}</p> : null}
      {problem.errors && problem.errors.length > 0 ? (
        <ul class="problem-errors">
          {problem.errors.map((error) => (
            <li key={`${error.path}:${error.message}`}>
              <code>{error.path || '(body)'}</code>: {error.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** Renders a request's state: loading, its problem, or its data. */
export function Async<T>({
  state,
  children,
  what,
}: {
  state: AsyncState<T>;
  children: (data: T) => ComponentChildren;
  what?: string;
}) {
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') return <ProblemBox problem={state.error} what={what} />;
  return <>{children(state.data)}</>;
}

export function errorsAt(errors: readonly FieldError[] | undefined, path: string): string[] {
  return (errors ?? []).filter((error) => error.path === path).map((error) => error.message);
}

/** A labelled control with its hint and errors, tied together for assistive technology. */
export function Field({
  id,
  label,
  hint,
  errors,
  children,
  wide,
}: {
  id: string;
  label: ComponentChildren;
  hint?: ComponentChildren;
  errors?: readonly string[];
  children: ComponentChildren;
  wide?: boolean;
}) {
  return (
    <div class={`field${errors && errors.length > 0 ? ' invalid' : ''}${wide ? ' wide' : ''}`}>
      <label for={id}>{label}</label>
      {children}
      {hint ? (
        <small id={`${id}-hint`} class="hint">
          {hint}
        </small>
      ) : null}
      {errors && errors.length > 0 ? (
        <p id={`${id}-error`} class="field-error" role="alert">
          {errors.join(' ')}
        </p>
      ) : null}
    </div>
  );
}

/** aria attributes of a control inside `Field`. */
export function describedBy(id: string, errors?: readonly string[], hint?: boolean) {
  const ids = [hint ? `${id}-hint` : '', errors && errors.length > 0 ? `${id}-error` : ''].filter(Boolean);
  return {
    id,
    'aria-invalid': errors && errors.length > 0 ? true : undefined,
    'aria-describedby': ids.length > 0 ? ids.join(' ') : undefined,
  } as const;
}

export function Section({
  title,
  children,
  actions,
  id,
}: {
  title: ComponentChildren;
  children: ComponentChildren;
  actions?: ComponentChildren;
  id?: string;
}) {
  const headingId = `${id ?? String(title).replace(/\W+/g, '-').toLowerCase()}-title`;
  return (
    <section class="card" id={id} aria-labelledby={headingId}>
      <div class="card-head">
        <h2 id={headingId}>{title}</h2>
        {actions ? <div class="card-actions">{actions}</div> : null}
      </div>
      {children}
    </section>
  );
}

export function Empty({ children }: { children?: ComponentChildren }) {
  return <p class="empty">{children ?? t('common.none')}</p>;
}

/** A table that scrolls sideways on narrow screens instead of widening the page. */
export function Table({ caption, children }: { caption: string; children: ComponentChildren }) {
  return (
    // A scrollable region must be reachable by keyboard, so the wrapper takes focus.
    // biome-ignore lint/a11y/noNoninteractiveTabindex: scrolling a wide table by keyboard
    <section class="table-wrap" aria-label={caption} tabIndex={0}>
      <table>
        <caption class="visually-hidden">{caption}</caption>
        {children}
      </table>
    </section>
  );
}

export function Stat({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div class="stat">
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
}

export function CopyButton({ text, label }: { text: string; label?: string }) {
  const [copied, setCopied] = useState<'no' | 'yes' | 'failed'>('no');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <>
      <button type="button" onClick={copy}>
        {label ?? t('common.copy')}
      </button>
      <span class="copy-state" role="status" aria-live="polite">
        {copied === 'yes' ? t('common.copied') : copied === 'failed' ? t('common.copyFailed') : ''}
      </span>
    </>
  );
}

/** Pages of a `{items, nextCursor}` list: the cursors seen so far, for going back. */
export function usePager() {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  return {
    cursor,
    page: cursors.length,
    next: (nextCursor: string) => setCursors((list) => [...list, nextCursor]),
    previous: () => setCursors((list) => (list.length > 1 ? list.slice(0, -1) : list)),
    reset: () => setCursors([undefined]),
  };
}

export function Pager({
  pager,
  nextCursor,
}: {
  pager: ReturnType<typeof usePager>;
  nextCursor: string | null | undefined;
}) {
  return (
    <nav class="pager" aria-label={t('common.pages')}>
      <button type="button" onClick={pager.previous} disabled={pager.page <= 1}>
        {t('common.previous')}
      </button>
      <span>{t('common.page', { page: pager.page })}</span>
      <button type="button" onClick={() => nextCursor && pager.next(nextCursor)} disabled={!nextCursor}>
        {t('common.next')}
      </button>
    </nav>
  );
}

export interface ChartSpec {
  kind: 'bar' | 'line' | 'pie';
  categories: string[];
  series: { name: string; values: number[] }[];
  /** Horizontal bars (rankings). */
  horizontal?: boolean;
}

/** A chart drawn by ECharts, whose code is loaded only when a chart is first shown. */
export function Chart({ spec, label, height = 260 }: { spec: ChartSpec; label: string; height?: number }) {
  const element = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let dispose: (() => void) | undefined;
    let live = true;
    import('../charts')
      .then(({ drawChart }) => {
        if (live && element.current) dispose = drawChart(element.current, spec);
      })
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
      dispose?.();
    };
  }, [spec]);
  return (
    <figure class="chart">
      <div
        ref={element}
        class="chart-canvas"
        role="img"
        aria-label={label}
        style={{ height: `${height}px` }}
      />
      <figcaption class="visually-hidden">{label}</figcaption>
      {failed ? <p class="problem">{t('common.chartFailed')}</p> : null}
    </figure>
  );
}

/** Two-step confirmation inside the page (no window.confirm). */
export function ConfirmButton({
  label,
  confirmLabel,
  onConfirm,
  disabled,
  danger,
}: {
  label: string;
  confirmLabel: string;
  onConfirm: () => void;
  disabled?: boolean;
  danger?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <button
        type="button"
        class={danger ? 'danger' : undefined}
        onClick={() => setAsking(true)}
        disabled={disabled}
      >
        {label}
      </button>
    );
  return (
    <span class="confirm">
      <button
        type="button"
        class={danger ? 'danger' : 'primary'}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        {t('common.cancel')}
      </button>
    </span>
  );
}

export function PageTitle({ title, children }: { title: string; children?: ComponentChildren }) {
  useEffect(() => {
    document.title = `${title} · Jifen`;
  }, [title]);
  return (
    <div class="page-title">
      <h1 tabIndex={-1} id="page-heading">
        {title}
      </h1>
      {children}
    </div>
  );
}
