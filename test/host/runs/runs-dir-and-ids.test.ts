import { describe, expect, it } from 'vitest';
import { RUN_ID_PATTERN } from '../../../src/contract/run-record.js';
import { newRunId, randomSuffix, slugify } from '../../../src/host/runs/run-id.js';
import { defaultRunsDir, resolveRunsDir } from '../../../src/host/runs/runs-dir.js';

describe('runs folder location', () => {
  it('follows each platform convention', () => {
    expect(defaultRunsDir({ platform: 'linux', home: '/home/ann', env: {} })).toBe('/home/ann/.local/share/lstm-studio/runs');
    expect(defaultRunsDir({ platform: 'linux', home: '/home/ann', env: { XDG_DATA_HOME: '/data/x' } })).toBe('/data/x/lstm-studio/runs');
    expect(defaultRunsDir({ platform: 'linux', home: '/home/ann', env: { XDG_DATA_HOME: 'relative' } })).toBe(
      '/home/ann/.local/share/lstm-studio/runs',
    );
    expect(defaultRunsDir({ platform: 'darwin', home: '/Users/ann', env: {} })).toBe('/Users/ann/Library/Application Support/LSTM Studio/runs');
    expect(defaultRunsDir({ platform: 'win32', home: 'C:\\Users\\ann', env: { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' } })).toBe(
      'C:\\Users\\ann\\AppData\\Roaming\\LSTM Studio\\runs',
    );
    expect(defaultRunsDir({ platform: 'win32', home: 'C:\\Users\\ann', env: {} })).toBe('C:\\Users\\ann\\AppData\\Roaming\\LSTM Studio\\runs');
  });

  it('an explicit path beats LSTM_STUDIO_RUNS_DIR, which beats the default', () => {
    const ctx = { platform: 'linux' as const, home: '/home/ann', env: { LSTM_STUDIO_RUNS_DIR: '/srv/runs' } };
    expect(resolveRunsDir('/tmp/mine', ctx)).toBe('/tmp/mine');
    expect(resolveRunsDir(undefined, ctx)).toBe('/srv/runs');
    expect(resolveRunsDir('  ', ctx)).toBe('/srv/runs');
    expect(resolveRunsDir(undefined, { ...ctx, env: {} })).toBe('/home/ann/.local/share/lstm-studio/runs');
    expect(resolveRunsDir('rel/runs', ctx)).toBe(`${process.cwd()}/rel/runs`);
    expect(() => resolveRunsDir('a\0b', ctx)).toThrow(/NUL/);
    expect(() => resolveRunsDir(undefined, { ...ctx, env: { LSTM_STUDIO_RUNS_DIR: 'x\0' } })).toThrow(/LSTM_STUDIO_RUNS_DIR/);
  });
});

describe('run ids', () => {
  it('are time + slug + random, and always match RUN_ID_PATTERN', () => {
    expect(newRunId('mnist', new Date('2026-11-28T17:45:01Z'), () => '7f3a')).toBe('20261128-174501-mnist-7f3a');
    expect(newRunId('Seed MNIST / hidden_concat!', new Date('2026-01-02T03:04:05Z'), () => '0000')).toBe(
      '20260102-030405-seed-mnist-hidden-concat-0000',
    );
    expect(randomSuffix()).toMatch(/^[0-9a-f]{4}$/);
    for (const s of ['', '---', 'ÄÖÜ é', 'x'.repeat(300), '../../etc', 'a\0b']) {
      expect(newRunId(s)).toMatch(RUN_ID_PATTERN);
    }
    expect(slugify('')).toBe('run');
    expect(slugify('Café au lait')).toBe('cafe-au-lait');
    expect(slugify('x'.repeat(300))).toHaveLength(40);
  });
});
