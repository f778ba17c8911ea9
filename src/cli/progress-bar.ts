/**
 * A one-line TTY progress bar for training:
 *   [=====>    ] 312/1875 17% loss 0.4321 eta 1m12s
 * Pure formatting functions (tested on their own) plus `ProgressBar`, which redraws the line with `\r`,
 * at most 10 times a second, writes nothing unless the stream is a TTY, and clears the line at the end.
 * The ETA comes from an exponentially smoothed step rate (`EtaEstimator`).
 */

/** The part of a writable stream the bar needs (process.stderr fits). */
export interface ProgressStream {
  write(chunk: string): unknown;
  /** Only a TTY gets a bar; anything else (pipe, file, CI log) gets no output at all. */
  isTTY?: boolean;
  /** Terminal width; the line is kept shorter so it never wraps. */
  columns?: number;
}

/** What one line shows. */
export interface ProgressState {
  step: number;
  total: number;
  /** Latest training loss (omitted when null). */
  loss: number | null;
  /** Estimated time left in ms ("--" when null). */
  etaMs: number | null;
}

/** Durations as "4.2s", "45s", "1m12s", "2h03m"; "--" when unknown. */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return '--';
  if (ms < 9950) return `${(ms / 1000).toFixed(1)}s`;
  const totalSeconds = Math.round(ms / 1000);
  if (totalSeconds < 60) return `${totalSeconds}s`;
  const pad = (n: number): string => String(n).padStart(2, '0');
  if (totalSeconds < 3600) return `${Math.floor(totalSeconds / 60)}m${pad(totalSeconds % 60)}s`;
  const totalMinutes = Math.round(ms / 60_000);
  return `${Math.floor(totalMinutes / 60)}h${pad(totalMinutes % 60)}m`;
}

/** Rounded percentage, never 100% before the last step ("17%"). */
export function formatPercent(step: number, total: number): string {
  if (!(total > 0)) return '--%';
  const fraction = Math.min(Math.max(step / total, 0), 1);
  const pct = Math.round(fraction * 100);
  return `${step >= total ? 100 : Math.min(pct, 99)}%`;
}

/** A loss with four decimals, or in exponent form when that would hide it ("0.4321", "2.500e-5"). */
export function formatLoss(loss: number): string {
  const abs = Math.abs(loss);
  if (!Number.isFinite(loss)) return String(loss);
  if (abs === 0 || (abs >= 1e-3 && abs < 1e5)) return loss.toFixed(4);
  return loss.toExponential(3);
}

/** "[=====>    ]" with `width` cells between the brackets. */
export function renderBar(fraction: number, width: number): string {
  const w = Math.max(1, Math.floor(width));
  const f = Number.isFinite(fraction) ? Math.min(Math.max(fraction, 0), 1) : 0;
  const filled = Math.floor(f * w);
  if (filled >= w) return `[${'='.repeat(w)}]`;
  return `[${'='.repeat(filled)}>${' '.repeat(w - filled - 1)}]`;
}

/** Options for `formatProgressLine`. */
export interface LineOptions {
  /** Cells inside the brackets (default 30). */
  barWidth?: number;
  /** The line stays strictly shorter than this (terminal columns); the bar shrinks first. */
  maxWidth?: number;
}

const MIN_BAR = 5;

/** The whole line, e.g. "[=====>    ] 312/1875 17% loss 0.4321 eta 1m12s". */
export function formatProgressLine(state: ProgressState, options: LineOptions = {}): string {
  const { step, total, loss, etaMs } = state;
  const parts = [total > 0 ? `${step}/${total}` : `${step}`, formatPercent(step, total)];
  if (loss !== null) parts.push(`loss ${formatLoss(loss)}`);
  parts.push(`eta ${formatDuration(etaMs)}`);
  const text = parts.join(' ');
  let barWidth = options.barWidth ?? 30;
  const limit = options.maxWidth !== undefined && options.maxWidth > 0 ? options.maxWidth - 1 : Infinity;
  if (text.length + barWidth + 3 > limit) barWidth = limit - text.length - 3;
  const line = barWidth >= MIN_BAR ? `${renderBar(total > 0 ? step / total : 0, barWidth)} ${text}` : text;
  return line.length > limit ? line.slice(0, limit) : line;
}

/** Options for `EtaEstimator`. */
export interface EtaOptions {
  /** Weight of the newest rate sample in the moving average (default 0.3). */
  alpha?: number;
  /** A rate sample spans at least this many ms (default 500), so bursts of calls do not add noise. */
  windowMs?: number;
}

/** Step rate smoothed by an exponential moving average over windows of time; gives the time left. */
export class EtaEstimator {
  private readonly alpha: number;
  private readonly windowMs: number;
  private start: { step: number; t: number } | null = null;
  private anchor: { step: number; t: number } | null = null;
  private last: { step: number; t: number } | null = null;
  private smoothed: number | null = null;

  constructor(options: EtaOptions = {}) {
    this.alpha = options.alpha ?? 0.3;
    this.windowMs = options.windowMs ?? 500;
  }

  /** Records that `step` was reached at time `t` (ms). A step that goes backwards restarts the estimate. */
  observe(step: number, t: number): void {
    if (this.last === null || step < this.last.step || t < this.last.t) {
      this.start = { step, t };
      this.anchor = { step, t };
      this.smoothed = null;
    } else if (this.anchor !== null && t - this.anchor.t >= this.windowMs) {
      const rate = (step - this.anchor.step) / (t - this.anchor.t);
      this.smoothed = this.smoothed === null ? rate : this.alpha * rate + (1 - this.alpha) * this.smoothed;
      this.anchor = { step, t };
    }
    this.last = { step, t };
  }

  /** Steps per ms: the smoothed rate, or the average so far before the first full window; null if unknown. */
  rate(): number | null {
    if (this.smoothed !== null) return this.smoothed;
    if (this.start === null || this.last === null) return null;
    const dt = this.last.t - this.start.t;
    const ds = this.last.step - this.start.step;
    return dt > 0 && ds > 0 ? ds / dt : null;
  }

  /** Milliseconds left until `total` steps; 0 once there; null while the rate is unknown. */
  etaMs(total: number): number | null {
    if (this.last === null) return null;
    const left = total - this.last.step;
    if (left <= 0) return 0;
    const rate = this.rate();
    return rate !== null && rate > 0 ? left / rate : null;
  }
}

/** Options for `ProgressBar`. */
export interface ProgressBarOptions extends EtaOptions {
  /** Clock in ms (default Date.now); injectable for tests. */
  now?: () => number;
  /** Least time between two redraws (default 100 ms: at most 10 a second). */
  minIntervalMs?: number;
  /** Cells inside the brackets (default 30). */
  barWidth?: number;
}

/** The bar on a stream. Writes nothing at all when `stream.isTTY` is not true. */
export class ProgressBar {
  /** Whether this bar draws anything (the stream is a TTY). */
  readonly enabled: boolean;
  private readonly now: () => number;
  private readonly minIntervalMs: number;
  private readonly barWidth: number;
  private readonly eta: EtaEstimator;
  private lastDraw: number | null = null;
  private shown = 0;
  private finished = false;

  constructor(
    private readonly stream: ProgressStream,
    options: ProgressBarOptions = {},
  ) {
    this.enabled = stream.isTTY === true;
    this.now = options.now ?? Date.now;
    this.minIntervalMs = options.minIntervalMs ?? 100;
    this.barWidth = options.barWidth ?? 30;
    this.eta = new EtaEstimator(options);
  }

  /** Reports progress; redraws when the last redraw is at least `minIntervalMs` old. Returns whether it drew. */
  update(step: number, total: number, loss: number | null = null): boolean {
    if (!this.enabled || this.finished) return false;
    const t = this.now();
    this.eta.observe(step, t);
    if (this.lastDraw !== null && t - this.lastDraw < this.minIntervalMs) return false;
    const line = formatProgressLine(
      { step, total, loss, etaMs: this.eta.etaMs(total) },
      { barWidth: this.barWidth, maxWidth: this.stream.columns },
    );
    // Pad with spaces so a shorter line fully covers the previous one.
    this.stream.write(`\r${line}${' '.repeat(Math.max(0, this.shown - line.length))}`);
    this.shown = line.length;
    this.lastDraw = t;
    return true;
  }

  /** Erases the line (e.g. before printing a message); the next update draws it again. */
  clear(): void {
    if (!this.enabled || this.shown === 0) return;
    this.stream.write(`\r${' '.repeat(this.shown)}\r`);
    this.shown = 0;
  }

  /** Erases the line for good; later updates are ignored. */
  finish(): void {
    this.clear();
    this.finished = true;
  }
}
