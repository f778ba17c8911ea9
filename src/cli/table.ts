/**
 * Plain-text tables for the terminal (header, dashed separator, aligned columns; numbers right-aligned)
 * and `formatComparison`, the printed form of a comparison result.
 */
import type { ComparisonResult } from '../contract/comparison.js';
import { cellCounts } from '../engine/stats/summarize-comparison.js';
import { formatVerdict, formatWarnings, pairTables } from './comparison-stats-table.js';
import { formatDuration } from './progress-bar.js';

export type Align = 'left' | 'right';

/** A column: its header, and its alignment (default: right when every value looks like a number). */
export interface TableColumn {
  header: string;
  align?: Align;
}

/** A table cell; null / undefined print as "—". */
export type TableCell = string | number | null | undefined;

const EMPTY = '—';
const GAP = '  ';

function cellText(cell: TableCell): string {
  if (cell === null || cell === undefined) return EMPTY;
  return typeof cell === 'number' ? String(cell) : cell;
}

/** Display width in code points (enough for the ASCII, "±", "−" and "—" this studio prints). */
function width(text: string): number {
  return Array.from(text).length;
}

function looksNumeric(cell: TableCell): boolean {
  if (cell === null || cell === undefined) return true;
  if (typeof cell === 'number') return true;
  return /^[+\-−]?(\d|\.\d|\[[+\-−]?\d)/.test(cell.trim()) || cell === EMPTY;
}

function pad(text: string, w: number, align: Align): string {
  const fill = ' '.repeat(Math.max(0, w - width(text)));
  return align === 'right' ? fill + text : text + fill;
}

/**
 * Renders rows under headers. Throws when a row has the wrong number of cells (naming the row).
 * Trailing spaces are trimmed from every line.
 */
export function renderTable(columns: readonly (string | TableColumn)[], rows: readonly (readonly TableCell[])[]): string {
  const cols = columns.map((c) => (typeof c === 'string' ? { header: c } : c));
  rows.forEach((row, i) => {
    if (row.length !== cols.length) {
      throw new RangeError(`table row ${i}: expected ${cols.length} cells, got ${row.length}`);
    }
  });
  const aligns: Align[] = cols.map(
    (c, j) => c.align ?? (rows.length > 0 && rows.every((r) => looksNumeric(r[j])) ? 'right' : 'left'),
  );
  const texts = rows.map((r) => r.map(cellText));
  const widths = cols.map((c, j) => Math.max(width(c.header), ...texts.map((r) => width(r[j]))));
  const line = (cells: readonly string[]): string =>
    cells.map((t, j) => pad(t, widths[j], aligns[j])).join(GAP).trimEnd();
  return [line(cols.map((c) => c.header)), line(widths.map((w) => '-'.repeat(w))), ...texts.map(line)].join('\n');
}

const pct = (fraction: number): string => (fraction * 100).toFixed(2);
function meanStd(m: number | null, s: number | null, fmt: (x: number) => string): string | null {
  if (m === null) return null;
  return s === null ? fmt(m) : `${fmt(m)} ± ${fmt(s)}`;
}

/** Summary of the cells that do not count (not completed), e.g. "2 of 10 runs did not complete (failed: 2)". */
function incompleteNote(result: ComparisonResult): string | null {
  const total = result.variants.length * result.repeats;
  const byStatus = new Map<string, number>();
  let counted = 0;
  for (const c of result.cells) {
    if (cellCounts(c)) counted++;
    else byStatus.set(c.status, (byStatus.get(c.status) ?? 0) + 1);
  }
  const missing = total - result.cells.length;
  if (missing > 0) byStatus.set('not started', (byStatus.get('not started') ?? 0) + missing);
  if (counted === total) return null;
  const detail = [...byStatus].map(([s, k]) => `${s}: ${k}`).join(', ');
  return `note: ${total - counted} of ${total} runs did not complete (${detail}); they are left out of the statistics`;
}

/**
 * The printed comparison: per-variant accuracy (%) and loss as mean ± std, feature width, head parameters
 * and mean time; then every pair's statistics (comparison-stats-table.ts), the warnings and the verdict.
 */
export function formatComparison(result: ComparisonResult): string {
  const out: string[] = [];
  const plural = result.repeats === 1 ? 'repeat' : 'repeats';
  out.push(`comparison ${result.id} · ${result.variants.length} variants × ${result.repeats} ${plural} · test accuracy`);
  out.push('');
  out.push(
    renderTable(
      [
        { header: 'variant', align: 'left' },
        { header: 'n', align: 'right' },
        { header: 'accuracy %', align: 'right' },
        { header: 'test loss', align: 'right' },
        { header: 'feature width', align: 'right' },
        { header: 'head params', align: 'right' },
        { header: 'time', align: 'right' },
      ],
      result.perVariant.map((v) => [
        v.variant,
        `${v.n}/${result.repeats}`,
        meanStd(v.accMean, v.accStd, pct),
        meanStd(v.lossMean, v.lossStd, (x) => x.toFixed(4)),
        v.featureWidth,
        v.headParams === null ? null : v.headParams.toLocaleString('en-US'),
        v.wallMsMean === null ? null : formatDuration(v.wallMsMean),
      ]),
    ),
  );
  for (const t of pairTables(result)) out.push('', renderTable(t.columns, t.rows));
  const warnings = formatWarnings(result);
  if (warnings !== '') out.push('', warnings);
  const note = incompleteNote(result);
  if (note !== null) out.push('', note);
  out.push('', formatVerdict(result));
  return out.join('\n');
}
