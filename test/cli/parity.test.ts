import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, lastJson, ROOT, tmpRunsDir } from '../helpers/cli.js';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'torch-lstm');

describe('lstm-studio parity', () => {
  it('passes on every golden fixture and reports each tensor', () => {
    const r = cli(['parity', FIXTURES, '--backend', 'cpu', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const out = lastJson<{ ok: boolean; fixtures: { name: string; errors: { tensor: string; maxAbsError: number }[] }[] }>(r.stdout);
    expect(out.ok).toBe(true);
    expect(out.fixtures).toHaveLength(8);
    const uni = out.fixtures.find((f) => f.name === 'uni-1layer-batchfirst');
    expect(uni?.errors.map((e) => e.tensor)).toEqual(expect.arrayContaining(['output', 'h_n', 'c_n', 'grad.weight_ih_l0', 'grad.input']));
  });

  it('exits 1 and says MISMATCH when a golden value is off', () => {
    const dir = tmpRunsDir('parity-');
    const fx = JSON.parse(readFileSync(path.join(FIXTURES, 'uni-2layer-seqfirst.json'), 'utf8'));
    fx.h_n.data[0] += 0.01;
    writeFileSync(path.join(dir, 'bad.json'), JSON.stringify(fx));
    const r = cli(['parity', path.join(dir, 'bad.json'), '--backend', 'cpu']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/h_n\s+1\.0\de-2\s+MISMATCH/);
  });

  it('a malformed fixture is a usage error naming the file and field', () => {
    const dir = tmpRunsDir('parity-');
    writeFileSync(path.join(dir, 'x.json'), JSON.stringify({ kind: 'lstm', name: 'x' }));
    const r = cli(['parity', path.join(dir, 'x.json')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('x.json');
    writeFileSync(path.join(dir, 'y.json'), '{not json');
    expect(cli(['parity', path.join(dir, 'y.json')]).stderr).toContain('not valid JSON');
  });
});
