/** Data the views derive: chart series of a run / comparison, result rows, display formats. */
import { describe, expect, it } from 'vitest';
import { compareEval, compareTrainLoss, runEvalSeries, runTrainLoss } from '../../renderer/src/lib/charts/run-series.js';
import { pairRows, rowsFromRecords, rowsFromResult, verdictParagraphs } from '../../renderer/src/lib/results.js';
import { summarizeComparison } from '../../src/engine/stats/summarize-comparison.js';
import { cellsOf } from '../helpers/comparison-cells.js';
import { formatClock, formatDuration, formatNumber, formatPercent } from '../../renderer/src/lib/format.js';
import { runConfigSchema } from '../../src/contract/config.js';
import type { RunRecord, TrainPoint, EvalPoint } from '../../src/contract/run-record.js';
import type { ComparisonResult } from '../../src/contract/comparison.js';

const train = (n: number, off = 0): TrainPoint[] =>
  Array.from({ length: n }, (_, i) => ({ type: 'train', step: i + 1, epoch: 0, loss: 2 - i * 0.1 + off, t: (i + 1) * 100 }));
const evals = (steps: number[], acc: number): EvalPoint[] =>
  steps.map((s) => ({ type: 'eval', step: s, epoch: 0, testLoss: 1, testAcc: acc, t: s * 100 }));

function record(variant: string, repeat: number, acc: number | null, status: RunRecord['status'] = 'completed'): RunRecord {
  return {
    id: `r-${variant.replace('_', '-')}-${repeat}`,
    name: variant,
    status,
    config: runConfigSchema.parse({}),
    versions: {},
    seed: repeat,
    plannedSteps: 10,
    step: 10,
    checkpointStep: 10,
    createdAt: '2025-01-01T00:00:00Z',
    updatedAt: '2025-01-01T00:00:00Z',
    comparison: { id: 'cmp-1', variant, repeat },
    final: acc === null ? undefined : { testAcc: acc, testLoss: 1 - acc, trainLoss: 0.5, steps: 10, wallMs: 1000 },
    model: { featureWidth: variant === 'hidden_concat' ? 200 : 100, headParams: 1010, params: 5000 },
  };
}

describe('run chart series', () => {
  it('draws the raw loss faint behind the EMA line, on steps or wall time', () => {
    const s = runTrainLoss(train(5), 0.5, 'step', '#112233');
    expect(s.map((x) => x.role)).toEqual(['faint', 'line']);
    expect(s[0].points.map((p) => p.x)).toEqual([1, 2, 3, 4, 5]);
    expect(runTrainLoss(train(5), 0, 'time', '#112233').map((x) => x.role)).toEqual(['line']);
    expect(runTrainLoss(train(3), 0, 'time', '#112233')[0].points.map((p) => p.x)).toEqual([100, 200, 300]);
  });

  it('plots evaluations as markers', () => {
    const s = runEvalSeries(evals([2, 4], 0.5), 'testAcc', 'step', '#000000');
    expect(s[0].role).toBe('markers');
    expect(s[0].points).toEqual([
      { x: 2, y: 0.5 },
      { x: 4, y: 0.5 },
    ]);
  });
});

describe('comparison chart series', () => {
  const variants = [
    { variant: 'output_step', color: '#111111', repeats: [{ train: train(4), evals: evals([2, 4], 0.4) }, { train: train(4, 0.2), evals: evals([2, 4], 0.6) }] },
    { variant: 'hidden_concat', color: '#222222', repeats: [{ train: train(4), evals: evals([2, 4], 0.9) }] },
  ];

  it('gives each variant one coloured line, with a band only when it has 2+ repeats', () => {
    const s = compareTrainLoss(variants, 0, 'step');
    const lines = s.filter((x) => x.role === 'line');
    expect(lines.map((l) => l.color)).toEqual(['#111111', '#222222']);
    expect(s.filter((x) => x.role === 'band-upper').map((b) => b.key)).toEqual(['output_step-upper']);
    expect(lines[0].points[0].y).toBeCloseTo(2.1, 9);
  });

  it('averages evaluations over repeats', () => {
    const acc = compareEval(variants, 'testAcc', 'step').filter((x) => x.role === 'markers');
    expect(acc[0].points[0].y).toBeCloseTo(0.5, 9);
    expect(acc[1].points[1].y).toBeCloseTo(0.9, 9);
  });
});

describe('results rows', () => {
  it('computes live rows from completed member runs only', () => {
    const rows = rowsFromRecords(['output_step', 'hidden_concat'], 2, [
      record('output_step', 0, 0.8),
      record('output_step', 1, 0.9),
      record('hidden_concat', 0, 0.95),
      record('hidden_concat', 1, null, 'running'),
    ]);
    expect(rows[0].n).toBe(2);
    expect(rows[0].acc!.mean).toBeCloseTo(0.85, 9);
    expect(rows[0].acc!.std).toBeCloseTo(Math.sqrt(0.005), 9);
    expect(rows[1].n).toBe(1);
    expect(rows[1].acc!.std).toBeNull();
    expect(rows[1].featureWidth).toBe(200);
  });

  it('maps a stored result', () => {
    const result = {
      perVariant: [{ variant: 'output_step', n: 2, accMean: 0.8, accStd: 0.01, lossMean: 0.5, lossStd: 0.02, wallMsMean: 1500, featureWidth: 100, headParams: 1010 }],
      repeats: 2,
    } as unknown as ComparisonResult;
    expect(rowsFromResult(result)[0]).toMatchObject({ variant: 'output_step', n: 2, of: 2, acc: { mean: 0.8, std: 0.01 }, wallMs: 1500 });
  });

  it('every pair of a stored result in points, with what it means in a word or two; the verdict as paragraphs', () => {
    const acc = [0.9, 0.91, 0.92, 0.93, 0.94];
    const result = summarizeComparison('cmp-p', ['output_step', 'hidden_concat', 'hidden_last'], 5, cellsOf({
      output_step: acc, hidden_concat: acc.map((x, i) => x + 0.02 + (i % 2) * 0.002), hidden_last: acc,
    }), { model: { layers: 2, bidirectional: false } });
    const rows = pairRows(result);
    expect(rows.map((r) => [r.key, r.outcome])).toEqual([
      ['hidden_concat|output_step', 'better'],
      ['hidden_last|output_step', 'same function'],
      ['hidden_last|hidden_concat', 'worse'],
    ]);
    expect(rows[0].diff).toBeCloseTo(2.08, 9);
    expect(rows[0].ciT?.[0]).toBeCloseTo((result.pairs[0].ci_t as number[])[0] * 100, 9);
    expect(rows[0].decidedBy).toBe('t');
    const paragraphs = verdictParagraphs(result);
    expect(paragraphs.length).toBeGreaterThan(2);
    expect(paragraphs.join(' ')).not.toMatch(/--[a-z]/);
  });
});

describe('formats', () => {
  it('formats durations, clocks, numbers and percentages', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(12_340)).toBe('12.3 s');
    expect(formatDuration(245_000)).toBe('4m 05s');
    expect(formatDuration(null)).toBe('—');
    expect(formatClock(150_000)).toBe('2:30');
    expect(formatClock(45_000)).toBe('45s');
    expect(formatNumber(0.123456)).toBe('0.1235');
    expect(formatNumber(Number.NaN)).toBe('—');
    expect(formatPercent(0.9123, 2)).toBe('91.23%');
  });
});
