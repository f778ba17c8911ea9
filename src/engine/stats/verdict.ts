/**
 * Plain-language verdicts for paired accuracy comparisons. Accuracy is a fraction in [0, 1]; the text
 * speaks in percentage points (0.0123 → "1.23 points"). The verdict never claims more than the data
 * supports: one repeat gives no interval, and an interval that contains 0 is "no significant difference".
 */
import { CONFIDENCE } from './paired.js';

/** One baseline-vs-variant comparison, as summarized for a comparison result (b − a). */
export interface PairSummary {
  /** Baseline variant. */
  a: string;
  /** Compared variant. */
  b: string;
  /** Number of repeats where both completed. */
  n: number;
  meanDiff: number | null;
  std: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  pValue: number | null;
  significant: boolean;
}

const LEVEL = `${Math.round(CONFIDENCE * 100)} %`;
export const ONE_REPEAT_TEXT = 'one repeat: no confidence interval; run --repeats ≥ 2';

/** An accuracy difference as percentage points with two decimals ("1.23"; signed: "+1.23", "-0.40"). */
export function formatPoints(diff: number, signed = false): string {
  const text = (diff * 100).toFixed(2);
  if (Number(text) === 0) return '0.00';
  return signed && diff > 0 ? `+${text}` : text;
}

function sameEverywhere(pair: PairSummary): string {
  return pair.std === 0 ? ', every repeat gave the same difference' : '';
}

/** The verdict for one pair; `repeats` is how many repeats the comparison asked for. */
export function pairVerdict(pair: PairSummary, repeats: number): string {
  const { a, b, n, meanDiff, ciLow, ciHigh } = pair;
  if (n === 0 || meanDiff === null) return `no repeat completed for both ${a} and ${b}: nothing to compare`;
  const observed = `${b} − ${a} = ${formatPoints(meanDiff, true)} points of accuracy`;
  if (n === 1 || ciLow === null || ciHigh === null) {
    if (repeats <= 1) return `${ONE_REPEAT_TEXT} (observed on that repeat: ${observed})`;
    return `only one of ${repeats} repeats completed for both ${a} and ${b}: no confidence interval (${observed} on that repeat)`;
  }
  if (!pair.significant) {
    return (
      `no significant difference between ${b} and ${a}: ${observed}, ` +
      `${LEVEL} CI [${formatPoints(ciLow)}, ${formatPoints(ciHigh)}] contains 0 (n = ${n}${sameEverywhere(pair)})`
    );
  }
  const bWins = meanDiff > 0;
  const winner = bWins ? b : a;
  const [lo, hi] = bWins ? [ciLow, ciHigh] : [-ciHigh, -ciLow];
  return (
    `${winner} is better by ${formatPoints(Math.abs(meanDiff))} points of accuracy ` +
    `(${LEVEL} CI [${formatPoints(lo)}, ${formatPoints(hi)}], n = ${n}${sameEverywhere(pair)})`
  );
}

/**
 * The verdict for a whole comparison: every variant against the first (the baseline).
 * Two variants give one sentence; more give one clause per pair, each prefixed "B vs A:".
 */
export function comparisonVerdict(variants: readonly string[], pairs: readonly PairSummary[], repeats: number): string {
  if (variants.length < 2) {
    return `one variant (${variants[0] ?? 'none'}): nothing to compare; add a second variant`;
  }
  if (pairs.length === 0) return 'no pairs to compare';
  if (repeats <= 1) {
    const observed = pairs.map((p) =>
      p.n === 0 || p.meanDiff === null
        ? `${p.b} vs ${p.a}: no completed pair`
        : `${p.b} − ${p.a} = ${formatPoints(p.meanDiff, true)} points of accuracy`,
    );
    return `${ONE_REPEAT_TEXT} (observed on that repeat: ${observed.join('; ')})`;
  }
  if (pairs.length === 1) return pairVerdict(pairs[0], repeats);
  return pairs.map((p) => `${p.b} vs ${p.a}: ${pairVerdict(p, repeats)}`).join('; ');
}
