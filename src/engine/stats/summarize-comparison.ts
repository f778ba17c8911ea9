/**
 * Turns the cells of a comparison (variant × repeat runs) into its result: per-variant mean ± std, every
 * pair of variants (pair-stats.ts, Holm over the family), warnings, the analysis settings and the verdict.
 * Only cells with status `completed` and a finite test accuracy count; repeats are paired by index.
 */
import type { ComparisonAnalysis, VarianceSource } from '../../contract/comparison-analysis.js';
import type { ComparisonCell, ComparisonResult, VariantSummary } from '../../contract/comparison.js';
import { BOOTSTRAP_RESAMPLES } from './bootstrap-bca.js';
import { mean, sampleStd } from './descriptive.js';
import { identicalGroups, representative } from './identical-variants.js';
import { analyzePairs, type RepeatValues } from './pair-stats.js';
import { ALPHA } from './power.js';
import type { ReadoutContext } from './same-function.js';
import { SIGN_FLIP_RESAMPLES } from './sign-flip.js';
import { CONFIDENCE } from './t-interval.js';
import { comparisonVerdict } from './verdict.js';
import { comparisonWarnings } from './warnings.js';

/** How a comparison is analysed (all optional). */
export interface SummarizeOptions {
  /** The LSTM's shape (for the same-function rule and the explanations); null when unknown. */
  model?: { layers: number; bidirectional: boolean } | null;
  /** Smallest difference worth detecting, as a fraction (default 0.01 = 1 point). */
  minEffect?: number;
  /** TOST margin as a fraction (default: no equivalence test). */
  equivalenceMargin?: number | null;
  /** Whether every repeat re-split train and test. */
  resampleSplit?: boolean;
  bootstrapResamples?: number;
  signFlipResamples?: number;
  /** Offset of the seeded resampling streams. */
  seed?: number;
}

export const DEFAULT_MIN_EFFECT = 0.01;

/** Whether a cell's metrics count in the statistics. */
export function cellCounts(cell: ComparisonCell): boolean {
  return cell.status === 'completed' && cell.testAcc !== null && Number.isFinite(cell.testAcc);
}

function finiteValues(values: readonly (number | null)[]): number[] {
  return values.filter((v): v is number => v !== null && Number.isFinite(v));
}

function meanOrNull(values: readonly number[]): number | null {
  return values.length > 0 ? mean(values) : null;
}

function stdOrNull(values: readonly number[]): number | null {
  return values.length >= 2 ? sampleStd(values) : null;
}

function firstNonNull<T>(values: readonly (T | null)[]): T | null {
  return values.find((v): v is T => v !== null) ?? null;
}

function summarizeVariant(variant: string, cells: readonly ComparisonCell[]): VariantSummary {
  const own = cells.filter((c) => c.variant === variant);
  const counted = own.filter(cellCounts);
  const accs = finiteValues(counted.map((c) => c.testAcc));
  const losses = finiteValues(counted.map((c) => c.testLoss));
  const walls = finiteValues(counted.map((c) => c.wallMs));
  return {
    variant,
    n: accs.length,
    accMean: meanOrNull(accs),
    accStd: stdOrNull(accs),
    lossMean: meanOrNull(losses),
    lossStd: stdOrNull(losses),
    wallMsMean: meanOrNull(walls),
    // Structural facts of the model: known from any cell that got far enough to build it.
    featureWidth: firstNonNull(own.map((c) => c.featureWidth)),
    headParams: firstNonNull(own.map((c) => c.headParams)),
  };
}

function validate(variants: readonly string[], repeats: number, cells: readonly ComparisonCell[]): void {
  if (variants.length === 0) throw new RangeError('comparison variants: expected at least one variant, got none');
  const known = new Set(variants);
  if (known.size !== variants.length) {
    throw new RangeError(`comparison variants: expected each variant at most once, got ${variants.join(', ')}`);
  }
  if (!Number.isInteger(repeats) || repeats < 1) {
    throw new RangeError(`comparison repeats: expected an integer ≥ 1, got ${repeats}`);
  }
  const seen = new Set<string>();
  cells.forEach((c, i) => {
    if (!known.has(c.variant)) {
      throw new RangeError(`comparison cells[${i}].variant: expected one of ${variants.join(', ')}, got "${c.variant}"`);
    }
    if (!Number.isInteger(c.repeat) || c.repeat < 0 || c.repeat >= repeats) {
      throw new RangeError(
        `comparison cells[${i}].repeat: expected a 0-based repeat index from 0 to ${repeats - 1}, got ${c.repeat}`,
      );
    }
    const key = `${c.variant}#${c.repeat}`;
    if (seen.has(key)) {
      throw new RangeError(`comparison cells[${i}]: a second cell for ${c.variant}, repeat ${c.repeat}`);
    }
    seen.add(key);
  });
}

/**
 * Summarizes a comparison. `variants[0]` is the baseline; accuracy stays a fraction in [0, 1]
 * (the verdict speaks in percentage points). Throws a RangeError naming the field on inconsistent input.
 * The bootstrap and Monte Carlo draws are seeded, so the same cells always give the same result.
 */
export function summarizeComparison(
  id: string,
  variants: readonly string[],
  repeats: number,
  cells: readonly ComparisonCell[],
  opts: SummarizeOptions = {},
): ComparisonResult {
  validate(variants, repeats, cells);
  const minEffect = opts.minEffect ?? DEFAULT_MIN_EFFECT;
  const equivalenceMargin = opts.equivalenceMargin ?? null;
  checkFraction(minEffect, 'minEffect');
  if (equivalenceMargin !== null) checkFraction(equivalenceMargin, 'equivalenceMargin');
  const order = new Map(variants.map((v, i) => [v, i]));
  const sortedCells = [...cells]
    .sort((x, y) => (order.get(x.variant) as number) - (order.get(y.variant) as number) || x.repeat - y.repeat)
    .map((c) => ({ ...c }));
  const perVariant = variants.map((v) => summarizeVariant(v, cells));
  const analysis = analysisOf(cells, opts, minEffect, equivalenceMargin);
  const ctx: ReadoutContext | null =
    analysis.model && analysis.padded !== null ? { ...analysis.model, padded: analysis.padded } : null;
  const groups = identicalGroups(variants, cells, ctx, cellCounts);
  const values = new Map<string, RepeatValues>(
    variants.map((v) => [v, new Map(cells.filter((c) => c.variant === v && cellCounts(c)).map((c) => [c.repeat, c.testAcc as number]))]),
  );
  const pairs = analyzePairs(variants, values, (v) => representative(groups, v), {
    minEffect,
    equivalenceMargin,
    bootstrapResamples: analysis.bootstrapResamples,
    signFlipResamples: analysis.signFlipResamples,
    seed: opts.seed,
  });
  const warnings = comparisonWarnings({ variants, repeats, cells, counts: cellCounts, pairs, groups, ctx, minEffect });
  return {
    id,
    variants: [...variants],
    repeats,
    metric: 'testAcc',
    cells: sortedCells,
    perVariant,
    pairs,
    warnings,
    analysis,
    verdict: comparisonVerdict({ variants, repeats, pairs, groups, analysis }),
  };
}

function checkFraction(value: number, field: string): void {
  if (!(value > 0 && value <= 1)) throw new RangeError(`comparison ${field}: expected a fraction in (0, 1], got ${value}`);
}

/** The analysis settings, with the task facts (classes, chance, padding) gathered from the cells. */
function analysisOf(cells: readonly ComparisonCell[], opts: SummarizeOptions, minEffect: number, equivalenceMargin: number | null): ComparisonAnalysis {
  const paddings = cells.map((c) => c.padded).filter((p): p is boolean => typeof p === 'boolean');
  const chances = cells.map((c) => c.chance).filter((c): c is number => typeof c === 'number');
  const sources: VarianceSource[] = ['initial-weights', 'data-order', ...(opts.resampleSplit ? (['train-test-split'] as const) : [])];
  return {
    confidence: CONFIDENCE,
    alpha: ALPHA,
    minEffect,
    equivalenceMargin,
    varianceSources: sources,
    numClasses: firstNonNull(cells.map((c) => c.numClasses ?? null)),
    chance: chances.length > 0 ? Math.max(...chances) : null,
    padded: paddings.length === 0 ? null : paddings.some(Boolean),
    model: opts.model ? { layers: opts.model.layers, bidirectional: opts.model.bidirectional } : null,
    bootstrapResamples: opts.bootstrapResamples ?? BOOTSTRAP_RESAMPLES,
    signFlipResamples: opts.signFlipResamples ?? SIGN_FLIP_RESAMPLES,
  };
}
