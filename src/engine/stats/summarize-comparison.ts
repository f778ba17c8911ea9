/**
 * Turns the cells of a comparison (variant × repeat runs) into its result: per-variant mean ± std,
 * paired differences of every variant against the first (the baseline), and the verdict.
 * Only cells with status `completed` and a finite test accuracy count; repeats are paired by index.
 */
import type {
  ComparisonCell,
  ComparisonResult,
  PairedSummary,
  VariantSummary,
} from '../../contract/comparison.js';
import { mean, sampleStd } from './descriptive.js';
import { pairedComparison } from './paired.js';
import { comparisonVerdict } from './verdict.js';

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

function pairWithBaseline(baseline: string, variant: string, cells: readonly ComparisonCell[]): PairedSummary {
  const accByRepeat = (v: string): Map<number, number> =>
    new Map(cells.filter((c) => c.variant === v && cellCounts(c)).map((c) => [c.repeat, c.testAcc as number]));
  const base = accByRepeat(baseline);
  const other = accByRepeat(variant);
  const repeats = [...base.keys()].filter((r) => other.has(r)).sort((x, y) => x - y);
  const stats = pairedComparison(
    repeats.map((r) => base.get(r) as number),
    repeats.map((r) => other.get(r) as number),
  );
  return {
    a: baseline,
    b: variant,
    n: stats.n,
    meanDiff: stats.meanDiff,
    std: stats.std,
    ciLow: stats.ciLow,
    ciHigh: stats.ciHigh,
    pValue: stats.pValue,
    significant: stats.significant,
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
 */
export function summarizeComparison(
  id: string,
  variants: readonly string[],
  repeats: number,
  cells: readonly ComparisonCell[],
): ComparisonResult {
  validate(variants, repeats, cells);
  const order = new Map(variants.map((v, i) => [v, i]));
  const sortedCells = [...cells]
    .sort((x, y) => (order.get(x.variant) as number) - (order.get(y.variant) as number) || x.repeat - y.repeat)
    .map((c) => ({ ...c }));
  const perVariant = variants.map((v) => summarizeVariant(v, cells));
  const paired = variants.slice(1).map((v) => pairWithBaseline(variants[0], v, cells));
  return {
    id,
    variants: [...variants],
    repeats,
    metric: 'testAcc',
    cells: sortedCells,
    perVariant,
    paired,
    verdict: comparisonVerdict(variants, paired, repeats),
  };
}
