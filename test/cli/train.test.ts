import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MetricRecord, RunRecord } from '../../src/contract/run-record.js';
import { cli, lastJson, tmpRunsDir } from '../helpers/cli.js';

const TINY = ['--dataset', 'mnist', '--train-limit', '256', '--test-limit', '100', '--max-steps', '8', '--eval-every', '4', '--hidden', '16', '--backend', 'wasm'];

function metrics(runsDir: string, id: string): MetricRecord[] {
  return readFileSync(path.join(runsDir, id, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as MetricRecord);
}

describe('lstm-studio train', () => {
  it('trains a tiny MNIST run and writes run.json, metrics.jsonl and a checkpoint', () => {
    const dir = tmpRunsDir();
    const r = cli(['train', ...TINY, '--runs-dir', dir, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const { run } = lastJson<{ run: RunRecord }>(r.stdout);
    expect(run.status).toBe('completed');
    expect(run.plannedSteps).toBe(8);
    expect(run.backend?.name).toBe('wasm');
    expect(run.backend?.gpu).toBe(false);
    expect(run.versions.tfjs).toMatch(/^4\./);
    expect(run.model).toEqual({ featureWidth: 16, headParams: 170, params: expect.any(Number) });
    const m = metrics(dir, run.id);
    expect(m.filter((x) => x.type === 'train').map((x) => x.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(m.filter((x) => x.type === 'eval').map((x) => x.step)).toEqual([4, 8]);
    expect(run.final?.testAcc).toBe((m.at(-1) as Extract<MetricRecord, { type: 'eval' }>).testAcc);
    expect(readFileSync(path.join(dir, run.id, 'checkpoint.bin')).subarray(0, 8).toString()).toBe('LSTMCKPT');
  });

  it('trains a token task (embedding + 2-layer biLSTM, packed lengths) on wasm', () => {
    const dir = tmpRunsDir();
    const r = cli(['train', '--dataset', 'task:padded-last', '--train-limit', '128', '--test-limit', '64', '--max-steps', '4', '--eval-every', '2',
      '--hidden', '8', '--embedding-size', '8', '--layers', '2', '--bidirectional', '--optimizer', 'adam', '--lr', '0.01', '--backend', 'wasm', '--runs-dir', dir, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const { run } = lastJson<{ run: RunRecord }>(r.stdout);
    expect(run.status).toBe('completed');
    expect(run.model?.featureWidth).toBe(32);
    expect(run.config.model.vocabSize).toBeUndefined();
  });

  it('is deterministic: the same seed and backend give identical metrics', () => {
    const dir = tmpRunsDir();
    const runs = [0, 1].map(() => lastJson<{ run: RunRecord }>(cli(['train', ...TINY, '--seed', '5', '--runs-dir', dir, '--json']).stdout).run);
    const strip = (id: string) => metrics(dir, id).map(({ t: _t, ...rest }) => rest);
    expect(strip(runs[0].id)).toEqual(strip(runs[1].id));
    const other = lastJson<{ run: RunRecord }>(cli(['train', ...TINY, '--seed', '6', '--runs-dir', dir, '--json']).stdout).run;
    expect(strip(other.id)).not.toEqual(strip(runs[0].id));
  });

  it('rejects an out-of-range field with exit 2, naming the flag and the range', () => {
    const r = cli(['train', '--hidden', '0', '--runs-dir', tmpRunsDir()]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--hidden: expected an integer from 1 to 4096 (got 0)');
    const lr = cli(['train', '--lr', 'fast', '--runs-dir', tmpRunsDir()]);
    expect(lr.status).toBe(2);
    expect(lr.stderr).toContain('--lr: expected a number, got "fast"');
    const unknown = cli(['train', '--hiden', '3']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/hiden/);
    expect(cli(['train', '--preset', 'nope']).stderr).toContain('--preset: unknown preset "nope"; expected one of seed-mnist');
  });

  it('a missing dataset file is a clear exit-2 error naming the file, not a stack trace', () => {
    const r = cli(['train', '--dataset', 'idx:/no/such/images,/no/such/labels', '--runs-dir', tmpRunsDir()]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('/no/such/images');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('an input size that contradicts the dataset names the field', () => {
    const r = cli(['train', ...TINY, '--input-size', '30', '--runs-dir', tmpRunsDir()]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('model.inputSize: expected 28');
  });
});
