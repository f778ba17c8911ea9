import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configFromFlags, CONFIG_OPTIONS, parseFlags } from '../../src/cli/args/config-flags.js';
import { formatDatasets } from '../../src/cli/commands/datasets.js';
import { datasetInfoSchema } from '../../src/contract/datasets.js';
import { findPreset } from '../../src/engine/presets.js';
import { describeDatasets } from '../../src/host/data/load-dataset.js';
import type { RunRecord } from '../../src/contract/run-record.js';
import { cli, lastJson, tmpRunsDir } from '../helpers/cli.js';

describe('lstm-studio datasets', () => {
  it('lists every dataset with source, licence, size and class balance', () => {
    const r = cli(['datasets']);
    expect(r.status, r.stderr).toBe(0);
    for (const spec of ['mnist', 'imdb', 'names', 'spam', 'task:last-token', 'csv:PATH']) expect(r.stdout).toContain(`${spec}  (`);
    expect(r.stdout).toMatch(/imdb {2}\(IMDB reviews\)[\s\S]*licence {2}MIT[\s\S]*balance {2}25,000 negative \/ 25,000 positive/);
    expect(r.stdout).toMatch(/names[\s\S]*419 in both lists are dropped/);
    expect(r.stdout).toMatch(/spam[\s\S]*4,150 ham \/ 1,896 spam/);
    expect(r.stdout).toMatch(/text {5}char tokens, vocab 64/);
  });

  it('--json gives the contract shape', () => {
    const r = cli(['datasets', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const { datasets } = JSON.parse(r.stdout) as { datasets: unknown[] };
    const parsed = datasets.map((d) => datasetInfoSchema.parse(d));
    const imdb = parsed.find((d) => d.spec === 'imdb');
    expect(imdb?.textDefaults).toEqual({ tokenize: 'word', vocabSize: 20_000, maxLen: 200, truncate: 'start' });
    expect(imdb?.split).toMatch(/25,000 train \/ 25,000 test/);
  });

  it('every packaged dataset states source, licence, size and balance', () => {
    for (const d of describeDatasets().filter((x) => ['mnist', 'imdb', 'names', 'spam'].includes(x.spec))) {
      expect([d.source, d.licence, d.size, d.balance].every((v) => typeof v === 'string' && v.length > 0), d.spec).toBe(true);
    }
    expect(formatDatasets([{ spec: 'x', name: 'X', description: 'd' }])).toBe('x  (X)\n  d\n');
  });
});

describe('text flags', () => {
  const config = (argv: string[]) => configFromFlags(parseFlags(argv, CONFIG_OPTIONS).values).config;
  it('--tokenize, --vocab-size, --max-len, --truncate set the data section', () => {
    const c = config(['--dataset', 'imdb', '--tokenize', 'char', '--vocab-size', '500', '--max-len', '64', '--truncate', 'end']);
    expect(c.data).toMatchObject({ dataset: 'imdb', tokenize: 'char', vocabSize: 500, maxLen: 64, truncate: 'end' });
    expect(c.model.vocabSize).toBeUndefined();
  });
  it('bad values name the flag and what is allowed', () => {
    expect(() => config(['--truncate', 'middle'])).toThrow(/--truncate: expected start or end/);
    expect(() => config(['--tokenize', 'bpe'])).toThrow(/--tokenize: expected word or char/);
    expect(() => config(['--vocab-size', '2'])).toThrow(/--vocab-size: expected an integer from 3 to 1000000/);
    expect(() => config(['--max-len', '0'])).toThrow(/--max-len: expected an integer from 1 to 10000/);
  });
  it('the presets carry the anchor and the text options', () => {
    expect(findPreset('imdb-bilstm')?.description).toMatch(/85–88 % test accuracy on IMDB in 2 epochs \(the Keras IMDB biLSTM example\)/);
    expect(config(['--preset', 'imdb-bilstm']).data).toMatchObject({ dataset: 'imdb', maxLen: 200, vocabSize: 20_000 });
    expect(config(['--preset', 'imdb-bilstm']).model).toMatchObject({ embeddingSize: 256, hidden: 128, layers: 2, bidirectional: true });
    expect(config(['--preset', 'names-char']).data).toMatchObject({ dataset: 'names', tokenize: 'char' });
    expect(config(['--preset', 'imdb-quick']).data.dataset).toBe('imdb');
  });
});

describe('lstm-studio train on a real text dataset', () => {
  it('trains names-char for a few steps with the text options recorded', () => {
    const dir = tmpRunsDir();
    // The child inherits this, so the tokenised names are cached in a temporary folder, not the user's.
    process.env.LSTM_STUDIO_CACHE_DIR = mkdtempSync(path.join(tmpdir(), 'lstm-text-cache-'));
    const r = cli(['train', '--preset', 'names-char', '--max-steps', '3', '--eval-every', '3', '--test-limit', '200', '--max-len', '8', '--backend', 'wasm', '--runs-dir', dir, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const { run } = lastJson<{ run: RunRecord }>(r.stdout);
    expect(run.status).toBe('completed');
    expect(run.config.data).toMatchObject({ dataset: 'names', tokenize: 'char', maxLen: 8 });
    expect(run.model?.featureWidth).toBe(128);
  });
});
