/**
 * Rows of the comparison results table: from the stored result when there is one, otherwise computed
 * live from the member runs that have finished.
 */
import type { ComparisonResult } from '../../../src/contract/comparison.js';
import type { RunRecord } from '../../../src/contract/run-record.js';
import { meanStd } from './charts/stats.js';

export interface ResultRow {
  variant: string;
  /** Repeats counted (completed). */
  n: number;
  /** Repeats planned. */
  of: number;
  acc: { mean: number; std: number | null } | null;
  loss: { mean: number; std: number | null } | null;
  featureWidth: number | null;
  headParams: number | null;
  wallMs: number | null;
}

export function rowsFromResult(r: ComparisonResult): ResultRow[] {
  return r.perVariant.map((v) => ({
    variant: v.variant,
    n: v.n,
    of: r.repeats,
    acc: v.accMean === null ? null : { mean: v.accMean, std: v.accStd },
    loss: v.lossMean === null ? null : { mean: v.lossMean, std: v.lossStd },
    featureWidth: v.featureWidth,
    headParams: v.headParams,
    wallMs: v.wallMsMean,
  }));
}

function ms(values: (number | null | undefined)[]): { mean: number; std: number | null } | null {
  const s = meanStd(values.filter((v): v is number => typeof v === 'number'));
  if (s.n === 0) return null;
  return { mean: s.mean, std: s.n >= 2 ? s.std : null };
}

/** Live rows from member run records (completed runs only count in the statistics). */
export function rowsFromRecords(variants: readonly string[], repeats: number, records: readonly (RunRecord | null)[]): ResultRow[] {
  return variants.map((variant) => {
    const mine = records.filter((r): r is RunRecord => !!r && r.comparison?.variant === variant);
    const done = mine.filter((r) => r.status === 'completed' && r.final);
    const withModel = mine.find((r) => r.model);
    return {
      variant,
      n: done.length,
      of: repeats,
      acc: ms(done.map((r) => r.final?.testAcc)),
      loss: ms(done.map((r) => r.final?.testLoss)),
      featureWidth: withModel?.model?.featureWidth ?? null,
      headParams: withModel?.model?.headParams ?? null,
      wallMs: ms(done.map((r) => r.final?.wallMs))?.mean ?? null,
    };
  });
}
