/**
 * A one-line progress bar for the operator's commands: done, rate, and when the total is known or
 * estimated, the share done and the time left. On a terminal it redraws in place (stderr); when
 * the output is not a terminal it prints a plain line every 10 seconds instead.
 */
export interface ProgressState {
  readonly done: number;
  /** Known or estimated total; unknown when absent. */
  readonly total?: number;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

const grouped = (n: number) => Math.round(n).toLocaleString('en-US');

/** The text of the line, e.g. `[██████░░░░] 60.0% 6,000/10,000 rows  1,234 rows/s  ETA 0:03`. */
export function progressLine(label: string, state: ProgressState, elapsedMs: number, width = 24): string {
  const rate = elapsedMs > 0 ? (state.done * 1000) / elapsedMs : 0;
  const rateText = `${grouped(rate)} rows/s`;
  if (state.total === undefined || state.total <= 0) {
    return `${label} ${grouped(state.done)} rows  ${rateText}  ${formatDuration(elapsedMs / 1000)}`;
  }
  const share = Math.min(1, state.done / state.total);
  const filled = Math.round(share * width);
  const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
  const eta = rate > 0 ? formatDuration((state.total - state.done) / rate) : '--:--';
  return `${label} [${bar}] ${(share * 100).toFixed(1)}% ${grouped(state.done)}/${grouped(state.total)} rows  ${rateText}  ETA ${eta}`;
}

export class ProgressBar {
  private readonly startedMs = Date.now();
  private lastDrawMs = 0;
  private lastPlainMs = Date.now();
  private state: ProgressState = { done: 0 };
  private readonly tty: boolean;

  constructor(
    private readonly label: string,
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly enabled = true,
  ) {
    this.tty = Boolean(stream.isTTY);
  }

  update(state: ProgressState): void {
    this.state = state;
    if (!this.enabled) return;
    const now = Date.now();
    if (this.tty && now - this.lastDrawMs >= 100) {
      this.lastDrawMs = now;
      this.stream.write(`\r${progressLine(this.label, state, now - this.startedMs)}\x1b[K`);
    } else if (!this.tty && now - this.lastPlainMs >= 10_000) {
      this.lastPlainMs = now;
      this.stream.write(`${progressLine(this.label, state, now - this.startedMs)}\n`);
    }
  }

  /** A message above the bar (a retry, a warning). */
  note(message: string): void {
    if (!this.enabled) return;
    this.stream.write(this.tty ? `\r\x1b[K${message}\n` : `${message}\n`);
    this.lastDrawMs = 0;
  }

  finish(): void {
    if (!this.enabled) return;
    const line = progressLine(this.label, this.state, Date.now() - this.startedMs);
    this.stream.write(this.tty ? `\r${line}\x1b[K\n` : `${line}\n`);
  }
}
