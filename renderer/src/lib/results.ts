/**
 * Rows of the comparison results panel: per variant from the stored result when there is one, otherwise
 * computed live from the member runs that have finished; per pair (and the verdict) from the stored result.
 */
import type { ComparisonResult } from '../../../src/contract/comparison.js';
import type { PairStats } from '../../../src/contract/comparison-analysis.js';
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

/** One pair of the results panel, ready to show (differences in points, a − b). */
export interface PairRow {
  key: string;
  a: string;
  b: string;
  n: number;
  /** Mean difference a − b in points (null when no repeat has both). */
  diff: number | null;
  /** 95 % t interval and BCa interval in points. */
  ciT: [number, number] | null;
  ciBca: [number, number] | null;
  pHolm: number | null;
  pT: number | null;
  pSignFlip: number | null;
  signFlipExact: boolean | null;
  decidedBy: 't' | 'sign-flip' | null;
  dz: number | null;
  pAGreater: number | null;
  repeatsNeeded: number | null;
  repeatsNeededObserved: number | null;
  pTost: number | null;
  /** What the pair says, in a word or two. */
  outcome: 'better' | 'worse' | 'no clear difference' | 'equivalent' | 'same function' | 'too few repeats';
}

const toPoints = (ci: [number, number] | null): [number, number] | null => (ci === null ? null : [ci[0] * 100, ci[1] * 100]);

function outcome(p: PairStats): PairRow['outcome'] {
  if (p.identical) return 'same function';
  if (p.n < 2 || p.mean_diff === null) return 'too few repeats';
  if (p.significant) return p.mean_diff > 0 ? 'better' : 'worse';
  return p.equivalent ? 'equivalent' : 'no clear difference';
}

/** Every pair of a stored result, in its order (the baseline's pairs first). */
export function pairRows(r: ComparisonResult): PairRow[] {
  return r.pairs.map((p) => ({
    key: `${p.a}|${p.b}`,
    a: p.a,
    b: p.b,
    n: p.n,
    diff: p.mean_diff === null ? null : p.mean_diff * 100,
    ciT: toPoints(p.ci_t),
    ciBca: toPoints(p.ci_bca),
    pHolm: p.p_holm,
    pT: p.p_t,
    pSignFlip: p.p_signflip,
    signFlipExact: p.signflip_exact,
    decidedBy: p.decided_by,
    dz: p.d_z,
    pAGreater: p.p_a_gt_b,
    repeatsNeeded: p.repeats_needed,
    repeatsNeededObserved: p.repeats_needed_observed,
    pTost: p.p_tost_holm,
    outcome: outcome(p),
  }));
}

/** What the panel says about the analysis: the paragraphs of the verdict and what the intervals cover. */
export function verdictParagraphs(r: ComparisonResult): string[] {
  return r.verdict.split('\n').filter((l) => l.trim() !== '');
}
