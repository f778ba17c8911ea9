import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ComparisonWarning, PairStats } from '../../src/contract/comparison-analysis.js';
import type { ComparisonResult } from '../../src/contract/comparison.js';
import type { RunRecord } from '../../src/contract/run-record.js';
import { cli, lastJson, tmpRunsDir } from '../helpers/cli.js';

const TINY = ['--dataset', 'mnist', '--train-limit', '64', '--test-limit', '32', '--max-steps', '3', '--eval-every', '3', '--hidden', '4', '--backend', 'wasm', '--parallel', '2'];
const PAIR_KEYS = ['a', 'b', 'n', 'mean_diff', 'ci_t', 'ci_bca', 'p_t', 'p_signflip', 'p_holm', 'd_z', 'p_a_gt_b', 'repeats_needed', 'significant'];

interface CompareJson {
  pairs: PairStats[];
  warnings: ComparisonWarning[];
  verdict: string;
  comparison: ComparisonResult;
}

describe('lstm-studio compare', () => {
  it('--json: every pair with the issue\'s keys, warnings; one layer, one direction, MNIST: the three default heads are confirmed identical', () => {
    const dir = tmpRunsDir();
    const r = cli(['compare', ...TINY, '--repeats', '2', '--resample-split', '--equivalence-margin', '1', '--min-effect', '2', '--runs-dir', dir, '--json'], { timeoutMs: 300_000 });
    expect(r.status, r.stderr).toBe(0);
    const out = lastJson<CompareJson>(r.stdout);
    expect(out.comparison.variants).toEqual(['output_step', 'hidden_concat', 'hidden_last']);
    expect(out.pairs.map((p) => `${p.a} − ${p.b}`)).toEqual(['hidden_concat − output_step', 'hidden_last − output_step', 'hidden_last − hidden_concat']);
    for (const p of out.pairs) expect(Object.keys(p)).toEqual(expect.arrayContaining(PAIR_KEYS));
    // Same function, same seed: bit-identical finals, so the rule is confirmed by the real runs.
    const w = out.warnings.find((x) => x.code === 'identical-variants');
    expect(w?.variants).toEqual(['output_step', 'hidden_concat', 'hidden_last']);
    expect(w?.message).toMatch(/bit-identical in all 2 repeats/);
    expect(out.pairs.every((p) => p.identical && p.mean_diff === 0 && !p.significant)).toBe(true);
    expect(out.comparison.analysis).toMatchObject({ minEffect: 0.02, equivalenceMargin: 0.01, numClasses: 10, padded: false });
    expect(out.comparison.analysis?.varianceSources).toContain('train-test-split');
    expect(out.verdict).toBe(out.comparison.verdict);
    expect(out.verdict).toMatch(/which samples land in the training and test sets/);
    // Each repeat re-split the data with its own seed (seed + repeat).
    const seeds = out.comparison.cells.map((c) => {
      const rec = JSON.parse(readFileSync(path.join(dir, c.runId as string, 'run.json'), 'utf8')) as RunRecord;
      expect(rec.dataset).toMatchObject({ numClasses: 10, trainCount: 64, testCount: 32, padded: false });
      return `${c.repeat}:${rec.config.data.splitSeed}`;
    });
    expect(new Set(seeds)).toEqual(new Set(['0:0', '1:1']));
  }, 300_000);

  it.each([
    [['--min-effect', 'big'], '--min-effect: expected a number of percentage points, got "big"'],
    [['--equivalence-margin', '0'], '--equivalence-margin: expected a number of percentage points from 0.01 to 50'],
    [['--min-effect', '60'], '--min-effect: expected a number of percentage points from 0.01 to 50'],
  ])('rejects %j with exit 2, naming the flag', (flags, message) => {
    const r = cli(['compare', ...TINY, ...flags, '--runs-dir', tmpRunsDir()]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it('--help describes the statistics flags', () => {
    const r = cli(['compare', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/--min-effect POINTS/);
    expect(r.stdout).toMatch(/--equivalence-margin POINTS/);
    expect(r.stdout).toMatch(/--resample-split/);
  });
});
