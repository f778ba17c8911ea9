import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ComparisonResult } from '../../src/contract/comparison.js';
import type { MetricRecord, RunRecord } from '../../src/contract/run-record.js';
import { BIN, cli, cliAsync, lastJson, tmpRunsDir } from '../helpers/cli.js';

const TINY = ['--dataset', 'mnist', '--train-limit', '256', '--test-limit', '100', '--max-steps', '8', '--eval-every', '4', '--hidden', '16', '--backend', 'wasm'];

function readMetrics(dir: string, id: string): MetricRecord[] {
  return readFileSync(path.join(dir, id, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as MetricRecord);
}

describe('lstm-studio runs', () => {
  it('lists, shows, exports (CSV and PyTorch state_dict) and deletes a run', () => {
    const dir = tmpRunsDir();
    const { run } = lastJson<{ run: RunRecord }>(cli(['train', ...TINY, '--runs-dir', dir, '--json']).stdout);
    const list = lastJson<{ runs: RunRecord[] }>(cli(['runs', 'list', '--runs-dir', dir, '--json']).stdout);
    expect(list.runs.map((r) => r.id)).toEqual([run.id]);
    expect(cli(['runs', 'list', '--runs-dir', dir]).stdout).toContain(run.id);
    const show = lastJson<{ run: RunRecord; metrics: MetricRecord[]; tailCut: boolean }>(cli(['runs', 'show', run.id, '--runs-dir', dir, '--json']).stdout);
    expect(show.metrics).toHaveLength(10);
    expect(show.tailCut).toBe(false);
    const csv = path.join(dir, 'out.csv');
    const sd = path.join(dir, 'sd.json');
    const exp = cli(['runs', 'export', run.id, '--csv', csv, '--state-dict', sd, '--runs-dir', dir]);
    expect(exp.status, exp.stderr).toBe(0);
    expect(readFileSync(csv, 'utf8').split('\n')[0]).toBe('type,step,epoch,t_ms,loss,test_loss,test_acc');
    const state = JSON.parse(readFileSync(sd, 'utf8')) as Record<string, { shape: number[]; data: number[] }>;
    expect(Object.keys(state)).toEqual(['lstm.weight_ih_l0', 'lstm.weight_hh_l0', 'lstm.bias_ih_l0', 'lstm.bias_hh_l0', 'fc.weight', 'fc.bias']);
    expect(state['lstm.weight_ih_l0'].shape).toEqual([64, 28]);
    expect(state['lstm.weight_ih_l0'].data).toHaveLength(64 * 28);
    expect(cli(['runs', 'show', '../etc', '--runs-dir', dir]).status).toBe(2);
    expect(cli(['runs', 'delete', run.id, '--runs-dir', dir]).status).toBe(0);
    expect(existsSync(path.join(dir, run.id))).toBe(false);
    expect(cli(['runs', 'show', run.id, '--runs-dir', dir]).status).toBe(2);
  });
});

describe('lstm-studio compare', () => {
  it('runs the default variants with identical data and LSTM init per repeat, and prints a table and a verdict', async () => {
    const dir = tmpRunsDir();
    const args = ['compare', ...TINY, '--layers', '2', '--runs-dir', dir];
    const r = await cliAsync([...args, '--repeats', '2', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const { comparison } = lastJson<{ comparison: ComparisonResult }>(r.stdout);
    expect(comparison.variants).toEqual(['output_step', 'hidden_concat', 'hidden_last']);
    expect(comparison.cells).toHaveLength(6);
    expect(comparison.cells.every((c) => c.status === 'completed')).toBe(true);
    expect(comparison.perVariant.map((v) => v.featureWidth)).toEqual([16, 32, 16]);
    expect(comparison.pairs).toHaveLength(3);
    // Two layers, one direction, no padding: out[:, -1] is the last layer's h_n, confirmed bit-identical.
    expect(comparison.warnings.find((w) => w.code === 'identical-variants')?.variants).toEqual(['output_step', 'hidden_last']);
    expect(comparison.verdict.length).toBeGreaterThan(10);
    // Same repeat ⇒ same seed ⇒ same data order: both variants' runs record the same seed.
    const runs = lastJson<{ runs: RunRecord[] }>(cli(['runs', 'list', '--runs-dir', dir, '--json']).stdout).runs;
    const seeds = (repeat: number) => runs.filter((x) => x.comparison?.repeat === repeat).map((x) => x.seed);
    expect(seeds(0)).toEqual([0, 0, 0]);
    expect(seeds(1)).toEqual([1, 1, 1]);
    const text = await cliAsync([...args, '--repeats', '1']);
    expect(text.stdout).toMatch(/output_step .*\n.*hidden_concat/);
    expect(text.stdout).toMatch(/pair \(a − b\)/);
    expect(text.stdout).toMatch(/verdict:\n  One repeat per head/);
  });

  it('rejects unknown variants', () => {
    const r = cli(['compare', '--variants', 'output_step,last_cell', '--runs-dir', tmpRunsDir()]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/variants/);
  });
});

describe('crash safety through the CLI', () => {
  it('a SIGKILLed train run becomes interrupted, its metrics parse, and resume completes to the planned step', async () => {
    const dir = tmpRunsDir();
    const child = spawn(process.execPath, [BIN, 'train', '--dataset', 'mnist', '--train-limit', '1600', '--test-limit', '50', '--epochs', '1', '--eval-every', '5', '--hidden', '32', '--backend', 'wasm', '--runs-dir', dir], { stdio: 'ignore' });
    const exited = new Promise((r) => child.on('exit', r));
    // Wait until a checkpoint and metrics are on disk, then kill without warning.
    let runId = '';
    for (let i = 0; i < 600 && !runId; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const runs = lastJson<{ runs: RunRecord[] }>(cli(['runs', 'list', '--runs-dir', dir, '--json']).stdout).runs;
      if (runs[0] && runs[0].checkpointStep >= 10) runId = runs[0].id;
    }
    expect(runId).not.toBe('');
    child.kill('SIGKILL');
    await exited;
    const after = lastJson<{ runs: RunRecord[] }>(cli(['runs', 'list', '--runs-dir', dir, '--json']).stdout).runs[0];
    expect(after.status).toBe('interrupted');
    expect(after.error).toMatch(/process|heartbeat/);
    const show = lastJson<{ metrics: MetricRecord[] }>(cli(['runs', 'show', runId, '--runs-dir', dir, '--json']).stdout);
    expect(show.metrics.length).toBeGreaterThan(0);
    const resumed = await cliAsync(['resume', runId, '--runs-dir', dir, '--json']);
    expect(resumed.status, resumed.stderr).toBe(0);
    const rec = lastJson<{ run: RunRecord }>(resumed.stdout).run;
    expect(rec.status).toBe('completed');
    expect(rec.step).toBe(50);
    const m = readMetrics(dir, runId).filter((x) => x.type === 'train').map((x) => x.step);
    expect(m).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  }, 180_000);
});
