/**
 * The statistics part of a printed comparison: every pair in two tables (difference and intervals; then
 * the tests, effect sizes and repeats needed) as columns and rows for table.ts to render, the warnings with
 * their codes, and the verdict paragraphs.
 */
import type { ComparisonResult } from '../contract/comparison.js';
import type { PairStats } from '../contract/comparison-analysis.js';
import { formatP, formatPoints } from '../engine/stats/format-stats.js';

/** A table to render: columns (header, alignment) and rows of cells (null prints as a dash). */
export interface TableSpec {
  columns: { header: string; align: 'left' | 'right' }[];
  rows: (string | number | null)[][];
}

const interval = (ci: [number, number] | null): string | null => (ci === null ? null : `[${formatPoints(ci[0], true)}, ${formatPoints(ci[1], true)}]`);
const p = (x: number | null): string | null => (x === null ? null : formatP(x).replace('< ', '<'));

function verdictWord(q: PairStats): string {
  if (q.identical) return 'same function';
  if (q.n < 2) return 'n/a';
  if (q.significant) return 'yes';
  return q.equivalent ? 'equivalent' : 'no';
}

function needed(q: PairStats): string | null {
  if (q.repeats_needed === null) return q.n >= 2 && !q.identical && q.sd_diff !== null && q.sd_diff > 0 ? '>1,000,000' : null;
  return String(q.repeats_needed);
}

/** The two pair tables (none when there are no pairs). */
export function pairTables(result: ComparisonResult): TableSpec[] {
  if (result.pairs.length === 0) return [];
  const name = (q: PairStats) => `${q.a} − ${q.b}`;
  const a = result.analysis;
  const first: TableSpec = {
    columns: [
      { header: 'pair (a − b)', align: 'left' },
      { header: 'n', align: 'right' },
      { header: 'mean (points)', align: 'right' },
      { header: '95 % CI t', align: 'right' },
      { header: '95 % CI BCa', align: 'right' },
      { header: 'p Holm', align: 'right' },
      { header: 'significant', align: 'left' },
    ],
    rows: result.pairs.map((q) => [name(q), q.n, q.mean_diff === null ? null : formatPoints(q.mean_diff, true), interval(q.ci_t), interval(q.ci_bca), p(q.p_holm), verdictWord(q)]),
  };
  const minEffect = a ? formatPoints(a.minEffect).replace(/\.00$/, '') : '1';
  const tost = a?.equivalenceMargin != null;
  const second: TableSpec = {
    columns: [
      { header: 'pair (a − b)', align: 'left' },
      { header: 'p t-test', align: 'right' },
      { header: 'p sign-flip', align: 'right' },
      { header: 'd_z', align: 'right' },
      { header: 'P(a > b)', align: 'right' },
      { header: `repeats for ${minEffect} pt`, align: 'right' },
      ...(tost ? [{ header: `TOST ±${formatPoints(a.equivalenceMargin as number).replace(/\.00$/, '')} p`, align: 'right' as const }] : []),
    ],
    rows: result.pairs.map((q) => [
      name(q),
      p(q.p_t),
      q.p_signflip === null ? null : `${p(q.p_signflip)}${q.signflip_exact === false ? ' (MC)' : ''}`,
      q.d_z === null ? null : q.d_z.toFixed(2),
      q.p_a_gt_b === null ? null : q.p_a_gt_b.toFixed(2),
      needed(q),
      ...(tost ? [p(q.p_tost_holm)] : []),
    ]),
  };
  return [first, second];
}

/** "warnings:" and one line per warning (empty string when there are none). */
export function formatWarnings(result: ComparisonResult): string {
  if (result.warnings.length === 0) return '';
  return ['warnings:', ...result.warnings.map((w) => `  [${w.code}] ${w.message}`)].join('\n');
}

/** Said under results saved before the every-pair statistics existed. */
export const OLD_RESULT_NOTE =
  'note: saved by an earlier version of the studio — only each variant against the first, with its verdict as then written (run the comparison again for every pair, both intervals, the tests and the warnings)';

/** "verdict:" and its paragraphs, indented (and the note for results saved by an earlier version). */
export function formatVerdict(result: ComparisonResult): string {
  const lines = result.verdict.split('\n');
  const text = lines.length === 1 ? `verdict: ${lines[0]}` : ['verdict:', ...lines.map((l) => `  ${l}`)].join('\n');
  return result.analysis === null ? `${text}\n${OLD_RESULT_NOTE}` : text;
}
