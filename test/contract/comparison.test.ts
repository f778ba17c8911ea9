import { describe, expect, it } from 'vitest';
import {
  compareRequestSchema,
  comparisonResultSchema,
  parseCompareRequest,
  type ComparisonCell,
  type ComparisonResult,
} from '../../src/contract/comparison.js';
import { readFileSync } from 'node:fs';
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
    ['a reversed CI', (r) => ({ ...r, pairs: r.pairs.map((p) => ({ ...p, ci_t: [0.1, 0] })) }), /pairs\.0\.ci_t: expected \[low, high\] with low ≤ high/],
    ['a p-value above 1', (r) => ({ ...r, pairs: r.pairs.map((p) => ({ ...p, p_holm: 1.5 })) }), /p_holm/],
    ['an infinite number', (r) => ({ ...r, pairs: r.pairs.map((p) => ({ ...p, d_z: Infinity })) }), /d_z/],
    ['a pair of an unknown variant', (r) => ({ ...r, pairs: r.pairs.map((p) => ({ ...p, b: 'mean_pool' })) }), /pairs\.0\.b/],
    ['an unknown warning code', (r) => ({ ...r, warnings: [{ code: 'spooky', message: 'x', variants: [] }] }), /warnings\.0\.code/],
    ['a warning about an unknown variant', (r) => ({ ...r, warnings: [{ code: 'ceiling', message: 'x', variants: ['mean_pool'] }] }), /warnings\.0\.variants\.0/],
    ['a missing analysis', (r) => ({ ...r, analysis: undefined }), /analysis/],
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

describe('stored results from before issue 12', () => {
  // comparison.json as the studio wrote it before every-pair statistics (padded-last, 3 repeats, zero spread).
  const stored = JSON.parse(readFileSync(new URL('../fixtures/comparisons/stored-before-issue-12.json', import.meta.url), 'utf8')) as {
    result: Record<string, unknown>;
  };

  it('still load: their baseline pairs become pairs (a − b with a the variant), no warnings, analysis null', () => {
    expect(stored.result.paired).toBeDefined();
    expect(stored.result.pairs).toBeUndefined();
    const r = comparisonResultSchema.parse(stored.result);
    expect(r.pairs).toHaveLength(1);
    expect(r.pairs[0]).toMatchObject({ a: 'hidden_concat', b: 'output_step', n: 3, mean_diff: 0.73, sd_diff: 0, ci_t: [0.73, 0.73], p_t: 0, significant: true });
    expect(r.pairs[0]).toMatchObject({ ci_bca: null, p_signflip: null, p_holm: null, d_z: null, repeats_needed: null, identical: false });
    expect(r.warnings).toEqual([]);
    expect(r.analysis).toBeNull();
    expect(r.verdict).toBe(stored.result.verdict);
    expect(r.cells).toHaveLength(6);
    expect(r.cells[0].numClasses).toBeUndefined();
    // Migrated once, a result round-trips unchanged.
    expect(comparisonResultSchema.parse(JSON.parse(JSON.stringify(r)))).toEqual(r);
  });

  it('a stored result that is broken stays an error, naming the field', () => {
    const bad = comparisonResultSchema.safeParse({ ...stored.result, paired: [{ a: 'output_step', b: 'nope', n: 3, significant: true }] });
    expect(bad.success).toBe(false);
    if (!bad.success) expect(bad.error.issues.map((i) => i.path.join('.')).join(' ')).toMatch(/pairs\.0/);
  });
});

describe('compareRequestSchema', () => {
  it('fills defaults: the seed config, output_step vs hidden_concat vs hidden_last, 1 repeat, 1-point minimal effect', () => {
    const r = compareRequestSchema.parse({});
    expect(r.variants).toEqual(['output_step', 'hidden_concat', 'hidden_last']);
    expect(r.repeats).toBe(1);
    expect(r.minEffectPoints).toBe(1);
    expect(r.equivalenceMarginPoints).toBeUndefined();
    expect(r.resampleSplit).toBe(false);
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
    [{ minEffectPoints: 0 }, 'minEffectPoints', /percentage points from 0\.01 to 50/],
    [{ equivalenceMarginPoints: 80 }, 'equivalenceMarginPoints', /percentage points from 0\.01 to 50/],
    [{ resampleSplit: 'yes' }, 'resampleSplit', /expected true or false/],
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
