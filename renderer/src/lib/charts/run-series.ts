/**
 * Chart series of one run and of a comparison, as pure functions of the metric points
 * (colours passed in, so this stays free of DOM and theme state).
 */
import type { EvalPoint, TrainPoint } from '../../../../src/contract/run-record.js';
import { ema } from './ema.js';
import { aggregateRepeats, type RepeatPoint } from './stats.js';
import type { ChartSeries, XMode } from './series.js';

const xOf = (p: { step: number; t: number }, x: XMode) => (x === 'step' ? p.step : p.t);

/** Raw train loss (faint) behind its EMA-smoothed curve. */
export function runTrainLoss(train: readonly TrainPoint[], smoothing: number, x: XMode, color: string): ChartSeries[] {
  const raw = train.map((p) => ({ x: xOf(p, x), y: p.loss }));
  const smooth = ema(
    train.map((p) => p.loss),
    smoothing,
  ).map((y, i) => ({ x: raw[i].x, y }));
  const out: ChartSeries[] = [];
  if (smoothing > 0) out.push({ key: 'train-raw', label: 'train loss (raw)', color, role: 'faint', points: raw });
  out.push({ key: 'train', label: smoothing > 0 ? `train loss (EMA ${smoothing.toFixed(2)})` : 'train loss', color, role: 'line', points: smooth });
  return out;
}

export function runEvalSeries(evals: readonly EvalPoint[], metric: 'testLoss' | 'testAcc', x: XMode, color: string): ChartSeries[] {
  return [
    {
      key: metric,
      label: metric === 'testLoss' ? 'test loss' : 'test accuracy',
      color,
      role: 'markers',
      points: evals.map((p) => ({ x: xOf(p, x), y: p[metric] })),
    },
  ];
}

/** One variant of a comparison: its repeats' series. */
export interface VariantRepeats {
  variant: string;
  color: string;
  repeats: { train: readonly TrainPoint[]; evals: readonly EvalPoint[] }[];
}

function bandSeries(variant: string, color: string, repeats: RepeatPoint[][], x: XMode, role: 'line' | 'markers'): ChartSeries[] {
  const band = aggregateRepeats(repeats, x);
  const out: ChartSeries[] = [];
  const n = Math.max(0, ...band.counts);
  if (n >= 2) {
    out.push({ key: `${variant}-upper`, label: `${variant} +1 std`, color, role: 'band-upper', points: band.upper });
    out.push({ key: `${variant}-lower`, label: `${variant} −1 std`, color, role: 'band-lower', points: band.lower });
  }
  out.push({ key: variant, label: n >= 2 ? `${variant} (mean of ${n})` : variant, color, role, points: band.mean });
  return out;
}

/** Train loss of every variant: each repeat smoothed, then mean ± std over repeats. */
export function compareTrainLoss(variants: readonly VariantRepeats[], smoothing: number, x: XMode): ChartSeries[] {
  return variants.flatMap((v) =>
    bandSeries(
      v.variant,
      v.color,
      v.repeats.map((r) => {
        const ys = ema(
          r.train.map((p) => p.loss),
          smoothing,
        );
        return r.train.map((p, i) => ({ step: p.step, t: p.t, y: ys[i] }));
      }),
      x,
      'line',
    ),
  );
}

/** Test loss / accuracy of every variant: mean ± std over repeats at each evaluation step. */
export function compareEval(variants: readonly VariantRepeats[], metric: 'testLoss' | 'testAcc', x: XMode): ChartSeries[] {
  return variants.flatMap((v) =>
    bandSeries(
      v.variant,
      v.color,
      v.repeats.map((r) => r.evals.map((p) => ({ step: p.step, t: p.t, y: p[metric] }))),
      x,
      'markers',
    ),
  );
}
