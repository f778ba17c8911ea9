/** Mean ± standard deviation over repeats, per x position: the data behind the comparison bands. */

export interface MeanStd {
  mean: number;
  /** Sample standard deviation (n − 1); 0 when there is a single value. */
  std: number;
  n: number;
}

export function meanStd(values: readonly number[]): MeanStd {
  const xs = values.filter((v) => Number.isFinite(v));
  const n = xs.length;
  if (n === 0) return { mean: Number.NaN, std: Number.NaN, n: 0 };
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { mean, std: 0, n };
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  return { mean, std: Math.sqrt(variance), n };
}

/** One point of one repeat: its step, its wall time (ms) and the value. */
export interface RepeatPoint {
  step: number;
  t: number;
  y: number;
}

export interface XY {
  x: number;
  y: number;
}

export interface BandSeries {
  mean: XY[];
  upper: XY[];
  lower: XY[];
  /** Repeats contributing at each point. */
  counts: number[];
}

/**
 * Aggregates several repeats of the same variant step by step. The x value is the step, or the
 * mean wall time of the repeats at that step when `x` is 'time'. Steps reached by only some repeats
 * (a run still in progress) use the repeats that have them.
 */
export function aggregateRepeats(repeats: readonly (readonly RepeatPoint[])[], x: 'step' | 'time'): BandSeries {
  const bySteps = new Map<number, { ys: number[]; ts: number[] }>();
  for (const points of repeats) {
    for (const p of points) {
      let cell = bySteps.get(p.step);
      if (!cell) {
        cell = { ys: [], ts: [] };
        bySteps.set(p.step, cell);
      }
      cell.ys.push(p.y);
      cell.ts.push(p.t);
    }
  }
  const steps = [...bySteps.keys()].sort((a, b) => a - b);
  const out: BandSeries = { mean: [], upper: [], lower: [], counts: [] };
  let lastX = Number.NEGATIVE_INFINITY;
  for (const step of steps) {
    const cell = bySteps.get(step)!;
    const s = meanStd(cell.ys);
    if (s.n === 0) continue;
    let xv = x === 'step' ? step : meanStd(cell.ts).mean;
    // Keep x strictly sorted (the decimation plugin and the band fill need it).
    if (xv <= lastX) xv = lastX + 1e-9;
    lastX = xv;
    out.mean.push({ x: xv, y: s.mean });
    out.upper.push({ x: xv, y: s.mean + s.std });
    out.lower.push({ x: xv, y: s.mean - s.std });
    out.counts.push(s.n);
  }
  return out;
}

/** "0.9123 ± 0.0041" (or just the mean when there is one value; "—" when none). */
export function formatMeanStd(values: readonly number[], digits = 4): string {
  const s = meanStd(values);
  if (s.n === 0) return '—';
  if (s.n === 1) return s.mean.toFixed(digits);
  return `${s.mean.toFixed(digits)} ± ${s.std.toFixed(digits)}`;
}
