import { describe, expect, it } from 'vitest';
import {
  compareRequestSchema,
  comparisonResultSchema,
  parseCompareRequest,
  type ComparisonCell,
  type ComparisonResult,
} from '../../src/contract/comparison.js';
import { runConfigSchema } from '../../src/contract/config.js';
import { summarizeComparison } from '../../src/engine/stats/summarize-comparison.js';

function realResult(): ComparisonResult {
  const accs: Record<string, number[]> = { output_step: [0.9712, 0.9698, 0.9731], hidden_concat: [0.9745, 0.9741, 0.9752] };
  const cells: ComparisonCell[] = Object.entries(accs).flatMap(([variant, list]) =>
    list.map((testAcc, repeat) => ({
      variant,
      repeat,
      runId: `cmp-20250101-${variant.replace('_', '-')}-r${repeat}`,
      status: 'completed' as const,
      testAcc,
      testLoss: 0.09 + repeat * 0.001,
      trainLoss: 0.08,
      wallMs: 71_500,
      featureWidth: variant === 'hidden_concat' ? 200 : 100,
      headParams: variant === 'hidden_concat' ? 2010 : 1010,
    })),
  );
  cells.push({ ...cells[0], repeat: 3, runId: 'cmp-20250101-failed', status: 'failed', testAcc: null, testLoss: null, trainLoss: null, wallMs: null });
  return summarizeComparison('cmp-20250101', ['output_step', 'hidden_concat'], 4, cells);
}

describe('comparisonResultSchema', () => {
  it('accepts a real result (and survives a JSON round trip)', () => {
    const result = realResult();
    const parsed = comparisonResultSchema.parse(JSON.parse(JSON.stringify(result)));
    expect(parsed).toEqual(result);
  });

  const bad: [string, (r: ComparisonResult) => unknown, RegExp][] = [
    ['an id that is a path', (r) => ({ ...r, id: '../etc' }), /id/],
    ['another metric', (r) => ({ ...r, metric: 'testLoss' }), /metric/],
    ['accuracy above 1', (r) => ({ ...r, cells: r.cells.map((c, i) => (i === 0 ? { ...c, testAcc: 97.1 } : c)) }), /cells\.0\.testAcc/],
    ['an unknown status', (r) => ({ ...r, cells: r.cells.map((c, i) => (i === 0 ? { ...c, status: 'done' } : c)) }), /cells\.0\.status/],
    ['a cell of an unknown variant', (r) => ({ ...r, cells: [...r.cells, { ...r.cells[0], variant: 'mean_pool' }] }), /cells\.7\.variant/],
    ['a duplicate cell', (r) => ({ ...r, cells: [...r.cells, r.cells[0]] }), /duplicate cell/],
    ['a repeat index out of range', (r) => ({ ...r, cells: r.cells.map((c, i) => (i === 0 ? { ...c, repeat: 4 } : c)) }), /repeat index below 4/],
    ['summaries out of order', (r) => ({ ...r, perVariant: [...r.perVariant].reverse() }), /perVariant/],
    ['a negative std', (r) => ({ ...r, perVariant: r.perVariant.map((v) => ({ ...v, accStd: -0.1 })) }), /accStd/],
    ['a reversed CI', (r) => ({ ...r, paired: r.paired.map((p) => ({ ...p, ciLow: 0.1, ciHigh: 0 })) }), /ciLow ≤ ciHigh/],
    ['a p-value above 1', (r) => ({ ...r, paired: r.paired.map((p) => ({ ...p, pValue: 1.5 })) }), /pValue/],
    ['an infinite number', (r) => ({ ...r, paired: r.paired.map((p) => ({ ...p, ciHigh: Infinity })) }), /ciHigh/],
    ['a missing verdict', (r) => ({ ...r, verdict: undefined }), /verdict/],
    ['zero repeats', (r) => ({ ...r, repeats: 0 }), /repeats/],
  ];
  it.each(bad)('rejects %s', (_name, mutate, path) => {
    const r = comparisonResultSchema.safeParse(mutate(realResult()));
    expect(r.success).toBe(false);
    if (!r.success) {
      const text = r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n');
      expect(text).toMatch(path);
    }
  });
});

describe('compareRequestSchema', () => {
  it('fills defaults: the seed config, output_step vs hidden_concat, 1 repeat', () => {
    const r = compareRequestSchema.parse({});
    expect(r.variants).toEqual(['output_step', 'hidden_concat']);
    expect(r.repeats).toBe(1);
    expect(r.config).toEqual(runConfigSchema.parse({}));
  });

  it('accepts the same config input as a single run', () => {
    const r = compareRequestSchema.parse({
      config: { train: { epochs: 2, lr: 0.05 }, data: { trainLimit: 1000 } },
      variants: ['hidden_concat', 'mean_pool', 'hidden_last', 'output_step'],
      repeats: 5,
    });
    expect(r.config.train.epochs).toBe(2);
    expect(r.config.model.hidden).toBe(100);
    expect(r.variants).toHaveLength(4);
  });

  it.each([
    [{ variants: [] }, 'variants', /expected 1 to 4 different features/],
    [{ variants: ['output_step', 'output_step'] }, 'variants', /each at most once/],
    [{ variants: ['last_step'] }, 'variants.0', /.+/],
    [{ variants: ['output_step', 'hidden_concat', 'hidden_last', 'mean_pool', 'output_step'] }, 'variants', /1 to 4/],
    [{ repeats: 0 }, 'repeats', /expected an integer from 1 to 100/],
    [{ repeats: 101 }, 'repeats', /expected an integer from 1 to 100/],
    [{ repeats: 2.5 }, 'repeats', /expected an integer from 1 to 100/],
    [{ config: { train: { lr: -1 } } }, 'config.train.lr', /expected a finite number > 0/],
    [{ confg: {} }, '(root)', /unknown field\(s\): confg/],
  ])('rejects %j with a message on the field', (input, field, message) => {
    const r = parseCompareRequest(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      const hit = r.errors.find((e) => e.field === field);
      expect(hit, JSON.stringify(r.errors)).toBeDefined();
      expect(hit?.message).toMatch(message);
    }
  });
});
