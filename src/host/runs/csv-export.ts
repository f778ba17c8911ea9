/** Metrics as CSV: one row per record, train and eval points in file order. */
import type { MetricRecord } from '../../contract/run-record.js';

export const CSV_HEADER = ['type', 'step', 'epoch', 't_ms', 'loss', 'test_loss', 'test_acc'] as const;

function cell(v: number | string | undefined): string {
  if (v === undefined) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV text with a header row; empty cells where a column does not apply (e.g. loss on an eval row). */
export function metricsToCsv(records: readonly MetricRecord[]): string {
  const rows = [CSV_HEADER.join(',')];
  for (const r of records) {
    const row =
      r.type === 'train'
        ? [r.type, r.step, r.epoch, r.t, r.loss, undefined, undefined]
        : [r.type, r.step, r.epoch, r.t, undefined, r.testLoss, r.testAcc];
    rows.push(row.map(cell).join(','));
  }
  return `${rows.join('\n')}\n`;
}
