/**
 * The plain-language verdict of a comparison, for someone new to statistics: one sentence per pair (what
 * differs, by how much, how sure), one per group of heads that are the same computation, the mechanism the
 * model implies (mechanism.ts), and what the intervals cover. Accuracy is a fraction; the text speaks in
 * percentage points. It never claims more than the data supports: one repeat gives no interval, an interval
 * that contains 0 is "no clear difference", and identical differences are judged by the sign-flip test.
 * It names no command-line flags (the same text appears in the UI).
 */
import type { ComparisonAnalysis, PairStats, VarianceSource } from '../../contract/comparison-analysis.js';
import { formatP, formatPoints, listNames, pIs, shortPoints } from './format-stats.js';
import { duplicatePairs, type IdenticalGroup } from './identical-variants.js';
import { mechanismNotes } from './mechanism.js';
import { minSignFlipP } from './sign-flip.js';

export interface VerdictInput {
  variants: readonly string[];
  repeats: number;
  pairs: readonly PairStats[];
  groups: readonly IdenticalGroup[];
  analysis: ComparisonAnalysis;
}

const pts = (x: number): string => `${formatPoints(Math.abs(x))} point${formatPoints(Math.abs(x)) === '1.00' ? '' : 's'}`;
const range = (ci: readonly [number, number]): string => `${formatPoints(ci[0], true)} to ${formatPoints(ci[1], true)} points`;

function corrected(family: number): string {
  return family > 1 ? `, corrected for ${family} comparisons` : '';
}

function wins(p: PairStats, winnerIsA: boolean): string {
  if (p.p_a_gt_b === null) return '';
  const share = winnerIsA ? p.p_a_gt_b : 1 - p.p_a_gt_b;
  const k = share * p.n;
  return `; it came out ahead in ${Number.isInteger(k) ? k : `about ${Math.round(k)}`} of ${p.n} repeats`;
}

/** One pair's sentence; `family` is the number of tests in the Holm family. */
export function pairSentence(p: PairStats, family: number, analysis: ComparisonAnalysis): string {
  const { a, b, n } = p;
  if (n === 0 || p.mean_diff === null) return `${a} vs ${b}: no repeat finished for both, so there is nothing to compare.`;
  const d = p.mean_diff;
  if (n === 1) {
    return `${a} vs ${b}: only one repeat (${a} − ${b} = ${formatPoints(d, true)} points); one repeat cannot tell a real difference from the luck of the seed.`;
  }
  const aWins = d > 0;
  const [winner, loser] = aWins ? [a, b] : [b, a];
  const pHolm = p.p_holm ?? 1;
  if (p.decided_by === 'sign-flip') {
    if (d === 0) return `${a} and ${b} scored exactly the same in all ${n} repeats.`;
    const base = `${winner} beat ${loser} by exactly ${pts(d)} in each of the ${n} repeats`;
    if (p.significant) {
      return `${base}. The sign-flip test gives ${pIs(pHolm)}${corrected(family)}, so the difference is real; with no spread between repeats there is no interval for its size.`;
    }
    return `${base}, but ${n} repeats are too few to call it: even this perfectly consistent result has ${pIs(pHolm)}${corrected(family)} (the smallest p-value ${n} repeats can give is ${formatP(minSignFlipP(n))}).`;
  }
  const ci = p.ci_t as [number, number];
  const oriented: [number, number] = aWins ? ci : [-ci[1], -ci[0]];
  if (p.significant) {
    return `${winner} is better than ${loser} by ${pts(d)} on average (95 % CI ${range(oriented)}; ${pIs(pHolm)}${corrected(family)})${wins(p, aWins)}.`;
  }
  if (p.equivalent && analysis.equivalenceMargin !== null) {
    return `${a} and ${b} are equivalent within ±${pts(analysis.equivalenceMargin)}: ${a} − ${b} = ${formatPoints(d, true)} points (95 % CI ${range(ci)}), and differences of ${pts(analysis.equivalenceMargin)} or more are ruled out (equivalence test: ${pIs(p.p_tost_holm ?? 1)}).`;
  }
  const need =
    p.repeats_needed !== null && p.repeats_needed > n
      ? ` About ${p.repeats_needed} repeats would be needed to detect a ${shortPoints(analysis.minEffect)}-point difference reliably.`
      : '';
  return `No clear difference between ${a} and ${b}: ${a} − ${b} = ${formatPoints(d, true)} points on average, and the 95 % CI from ${range(ci)} includes zero.${need}`;
}

function groupSentence(g: IdenticalGroup, others: boolean): string {
  const names = listNames(g.variants);
  const below = others ? ` What is said below about ${g.variants[0]} holds for ${g.variants.length === 2 ? g.variants[1] : 'the others'} too.` : '';
  if (g.check === 'confirmed') {
    const what = g.predicted ? 'are the same computation for this model and gave' : 'gave';
    return `${names} ${what} identical results in every repeat, so there is no difference between them to test.${below}`;
  }
  if (g.check === 'unchecked') return `${names} are the same computation for this model, so there is no difference between them to test.${below}`;
  return `${names} are the same computation for this model; their results still differ slightly, which is training noise, not a difference between heads.${below}`;
}

const SOURCE_TEXT: Record<VarianceSource, string> = {
  'initial-weights': 'the initial weights',
  'data-order': 'the order of the training data',
  'train-test-split': 'which samples land in the training and test sets',
};

/** What the intervals cover, in words. */
export function coverageSentence(sources: readonly VarianceSource[]): string {
  const covered = listNames(sources.map((s) => SOURCE_TEXT[s]));
  const text = `Each repeat uses another seed, so the intervals cover the randomness of ${covered}`;
  if (sources.includes('train-test-split')) return `${text}.`;
  return `${text}; every repeat is tested on the same test set, so they do not cover how much a different test sample would change the result.`;
}

/** The verdict, one paragraph per line. */
export function comparisonVerdict(input: VerdictInput): string {
  const { variants, repeats, pairs, groups, analysis } = input;
  if (variants.length < 2) return `Only one head (${variants[0] ?? 'none'}): there is nothing to compare; add a second head.`;
  if (repeats <= 1) {
    const observed = pairs.map((p) =>
      p.mean_diff === null ? `${p.a} vs ${p.b}: no result for both` : `${p.a} − ${p.b} = ${formatPoints(p.mean_diff, true)} points`,
    );
    return [
      `One repeat per head (${observed.join('; ')}): one repeat cannot tell a real difference from the luck of the seed, so there is no interval and no test. Run several repeats to get them.`,
      ...mechanismNotes(variants, analysis, pairs),
    ].join('\n');
  }
  const dup = duplicatePairs(groups, pairs);
  const own = pairs.filter((p, i) => !dup[i] && !p.identical);
  const family = own.filter((p) => p.p_holm !== null).length;
  const lines = [
    ...groups.map((g) => groupSentence(g, own.length > 0)),
    ...own.map((p) => pairSentence(p, family, analysis)),
    ...mechanismNotes(variants, analysis, pairs),
    coverageSentence(analysis.varianceSources),
  ];
  return lines.join('\n');
}
