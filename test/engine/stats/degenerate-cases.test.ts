/** Each degenerate case of a comparison gets its warning (stable code) and an honest pair. */
import { describe, expect, it } from 'vitest';
import type { WarningCode } from '../../../src/contract/comparison-analysis.js';
import { comparisonResultSchema } from '../../../src/contract/comparison.js';
import { summarizeComparison } from '../../../src/engine/stats/summarize-comparison.js';
import { cell, cellsOf } from '../../helpers/comparison-cells.js';

const codes = (r: { warnings: { code: WarningCode }[] }) => r.warnings.map((w) => w.code);
const THREE = ['output_step', 'hidden_concat', 'hidden_last'];

describe('degenerate cases', () => {
  it('zero variance with n = 3 (padded-last): no CI, no t-test, the sign-flip p (≥ 2/2³) decides — not significant', () => {
    const cells = cellsOf({ output_step: [0.27, 0.27, 0.27], hidden_concat: [1, 1, 1] }, { numClasses: 4, chance: 0.27, padded: true });
    const r = summarizeComparison('cmp-z', ['output_step', 'hidden_concat'], 3, cells, { model: { layers: 1, bidirectional: false } });
    const p = r.pairs[0];
    expect(p).toMatchObject({ n: 3, sd_diff: 0, ci_t: null, ci_bca: null, p_t: null, d_z: null, decided_by: 'sign-flip', significant: false });
    expect(p.p_signflip).toBe(0.25);
    expect(p.repeats_needed).toBe(6);
    expect(codes(r)).toEqual(['zero-variance', 'ceiling', 'floor', 'underpowered']);
    expect(r.warnings[0].variants).toEqual(['hidden_concat', 'output_step']);
    expect(r.warnings[0].message).toMatch(/\+73\.00 points in every one of the 3 repeats.*no confidence interval and no t-test.*p = 0\.250/);
    expect(r.verdict).toMatch(/3 repeats are too few to call it/);
    expect(r.verdict).not.toMatch(/\[73\.00, 73\.00\]|better than/);
    expect(comparisonResultSchema.safeParse(r).success).toBe(true);
  });

  it('fewer than 5 repeats: a t interval but no bootstrap interval (2–4 values resample to a handful of means)', () => {
    const r = summarizeComparison('cmp-b', ['output_step', 'hidden_concat'], 4, cellsOf({ output_step: [0.4, 0.45, 0.38, 0.42], hidden_concat: [0.43, 0.44, 0.41, 0.46] }));
    expect(r.pairs[0].ci_t).not.toBeNull();
    expect(r.pairs[0].ci_bca).toBeNull();
  });

  it('zero variance with n = 6: p = 2/64 < 0.05 — significant, still with the warning and no interval', () => {
    const cells = cellsOf({ output_step: Array(6).fill(0.5), hidden_concat: Array(6).fill(0.6) });
    const r = summarizeComparison('cmp-z6', ['output_step', 'hidden_concat'], 6, cells);
    expect(r.pairs[0]).toMatchObject({ p_signflip: 2 / 64, p_holm: 2 / 64, significant: true, ci_t: null });
    expect(codes(r)).toEqual(['zero-variance']);
    expect(r.verdict).toMatch(/hidden_concat beat output_step by exactly 10\.00 points in each of the 6 repeats\. The sign-flip test gives p = 0\.031/);
  });

  it('identical variants: predicted from the model (1 layer, one direction, no padding) and confirmed bit-identical', () => {
    const acc = [0.91, 0.93, 0.92];
    const same = { output_step: acc, hidden_concat: acc, hidden_last: acc, mean_pool: [0.9, 0.92, 0.9] };
    const r = summarizeComparison('cmp-i', [...THREE, 'mean_pool'], 3, cellsOf(same), { model: { layers: 1, bidirectional: false } });
    expect(codes(r)).toContain('identical-variants');
    const w = r.warnings.find((x) => x.code === 'identical-variants');
    expect(w?.variants).toEqual(THREE);
    expect(w?.message).toMatch(/same computation for this model \(one layer, one direction, no padding.*bit-identical in all 3 repeats/);
    const inside = r.pairs.filter((p) => THREE.includes(p.a) && THREE.includes(p.b));
    expect(inside.every((p) => p.identical && !p.significant && p.p_holm === null)).toBe(true);
    // Identical pairs are no hypotheses: the three pairs with mean_pool form the Holm family.
    expect(r.pairs.filter((p) => p.p_holm !== null)).toHaveLength(3);
    expect(codes(r)).not.toContain('zero-variance');
    expect(r.verdict.split('\n')[0]).toMatch(/^output_step, hidden_concat and hidden_last are the same computation for this model and gave identical results/);
  });

  it('pairs that repeat a hypothesis through identical variants count once in the Holm family and speak once', () => {
    // 2 layers, one direction, no padding: output_step ≡ hidden_last, so hidden_concat − output_step and
    // hidden_last − hidden_concat are one test.
    const a = [0.4, 0.45, 0.38, 0.42, 0.41, 0.44, 0.39, 0.43, 0.4, 0.42];
    const c = a.map((x, i) => x + 0.02 + (i % 3) * 0.004);
    const r = summarizeComparison('cmp-h', THREE, 10, cellsOf({ output_step: a, hidden_concat: c, hidden_last: a }), {
      model: { layers: 2, bidirectional: false },
    });
    const [concatStep, lastStep, lastConcat] = r.pairs;
    expect(lastStep.identical).toBe(true);
    expect(concatStep.p_holm).toBe(concatStep.p_t); // a family of one, not two
    expect(lastConcat.p_holm).toBe(concatStep.p_holm);
    expect(lastConcat.significant).toBe(true);
    const lines = r.verdict.split('\n');
    expect(lines[0]).toMatch(/What is said below about output_step holds for hidden_last too\.$/);
    expect(lines.filter((l) => /is better than/.test(l))).toHaveLength(1);
    expect(r.verdict).toMatch(/the whole difference comes from the earlier layers' states that hidden_concat adds/);
  });

  it('identical variants that the model predicts but the results contradict are reported as such', () => {
    const cells = cellsOf({ output_step: [0.91, 0.93], hidden_last: [0.91, 0.931] });
    const r = summarizeComparison('cmp-d', ['output_step', 'hidden_last'], 2, cells, { model: { layers: 2, bidirectional: false } });
    expect(r.warnings[0]).toMatchObject({ code: 'identical-variants', variants: ['output_step', 'hidden_last'] });
    expect(r.warnings[0].message).toMatch(/should be the same computation.*results differ/);
  });

  it('identical results the model does not predict (both directions) are caught from the bit-identical finals', () => {
    const acc = [0.8, 0.82];
    const r = summarizeComparison('cmp-r', ['output_step', 'hidden_last'], 2, cellsOf({ output_step: acc, hidden_last: acc }), {
      model: { layers: 1, bidirectional: true },
    });
    expect(r.warnings[0]).toMatchObject({ code: 'identical-variants', variants: ['output_step', 'hidden_last'] });
    expect(r.warnings[0].message).toMatch(/bit-identical results in all 2 repeats, although the model does not make them the same/);
    // Same accuracies but different losses: not identical.
    const near = [...cellsOf({ output_step: acc }), ...cellsOf({ hidden_last: acc }).map((c) => ({ ...c, testLoss: 0.3 }))];
    const n = summarizeComparison('cmp-r', ['output_step', 'hidden_last'], 2, near, { model: { layers: 1, bidirectional: true } });
    expect(codes(n)).not.toContain('identical-variants');
  });

  it('ceiling: every repeat of a variant at ≥ 99.5 %', () => {
    const r = summarizeComparison('cmp-c', ['output_step', 'hidden_concat'], 3, cellsOf({ output_step: [0.996, 0.998, 1], hidden_concat: [0.997, 0.995, 0.999] }));
    const w = r.warnings.find((x) => x.code === 'ceiling');
    expect(w?.variants).toEqual(['output_step', 'hidden_concat']);
    expect(w?.message).toMatch(/at least 99\.5 % test accuracy in every repeat/);
    const below = summarizeComparison('cmp-c', ['output_step', 'hidden_concat'], 3, cellsOf({ output_step: [0.996, 0.99, 1], hidden_concat: [0.5, 0.6, 0.7] }));
    expect(codes(below)).not.toContain('ceiling');
  });

  it('floor: every repeat within 2 points of chance (the majority-class rate, at least 1/classes)', () => {
    const cells = cellsOf({ output_step: [0.26, 0.28, 0.27], hidden_concat: [0.9, 0.95, 0.97] }, { numClasses: 4, chance: 0.27 });
    const r = summarizeComparison('cmp-f', ['output_step', 'hidden_concat'], 3, cells);
    const w = r.warnings.find((x) => x.code === 'floor');
    expect(w?.variants).toEqual(['output_step']);
    expect(w?.message).toMatch(/chance level in every repeat.*27\.0 %.*with 4 classes/);
    const unknown = cellsOf({ output_step: [0.26, 0.28, 0.27], hidden_concat: [0.9, 0.95, 0.97] }, { chance: null, numClasses: null });
    expect(codes(summarizeComparison('cmp-f', ['output_step', 'hidden_concat'], 3, unknown))).not.toContain('floor');
  });

  it('underpowered: the 95 % interval is wider than ±1 point and the difference is not established', () => {
    const a = [0.4, 0.45, 0.38, 0.42];
    const b = [0.41, 0.43, 0.41, 0.4];
    const r = summarizeComparison('cmp-u', ['output_step', 'hidden_concat'], 4, cellsOf({ output_step: a, hidden_concat: b }));
    const w = r.warnings.find((x) => x.code === 'underpowered');
    expect(w?.variants).toEqual(['hidden_concat', 'output_step']);
    expect(w?.message).toMatch(/with 4 repeats the 95 % interval is ±\d+\.\d\d points wide, more than the 1-point difference.*about \d+ repeats would detect/);
    expect(r.pairs[0].repeats_needed as number).toBeGreaterThan(4);
    // With the minimal effect at 10 points the same data is not underpowered.
    expect(codes(summarizeComparison('cmp-u', ['output_step', 'hidden_concat'], 4, cellsOf({ output_step: a, hidden_concat: b }), { minEffect: 0.1 }))).not.toContain('underpowered');
  });

  it('failed repeats: n smaller than asked, with what happened to the others', () => {
    const cells = [
      ...cellsOf({ output_step: [0.9, 0.91, 0.92], hidden_concat: [0.91, null, 0.93] }),
      cell('output_step', 3, null, { status: 'diverged' }),
    ];
    const r = summarizeComparison('cmp-x', ['output_step', 'hidden_concat'], 4, cells);
    const w = r.warnings.find((x) => x.code === 'failed-repeats');
    expect(w?.variants).toEqual(['output_step', 'hidden_concat']);
    expect(w?.message).toMatch(/output_step: 3 of 4 \(diverged 1\); hidden_concat: 2 of 4 \(failed 1, not started 1\)/);
    expect(r.warnings[0].code).toBe('failed-repeats');
  });

  it('a clean comparison has no warnings', () => {
    const a = [0.9, 0.91, 0.92, 0.93, 0.94, 0.9, 0.91, 0.92, 0.93, 0.94];
    const b = a.map((x, i) => x + 0.02 + (i % 3) * 0.001);
    expect(summarizeComparison('cmp-ok', ['output_step', 'hidden_concat'], 10, cellsOf({ output_step: a, hidden_concat: b })).warnings).toEqual([]);
  });
});
