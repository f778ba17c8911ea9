import { describe, expect, it } from 'vitest';
import type { ShapeReport } from '../../src/contract/shapes.js';
import { cli, lastJson } from '../helpers/cli.js';

function shapes(args: string[]): ShapeReport {
  const r = cli(['shapes', '--backend', 'wasm', '--json', ...args]);
  expect(r.status, r.stderr).toBe(0);
  return lastJson<{ shapes: ShapeReport }>(r.stdout).shapes;
}

const row = (r: ShapeReport, name: string) => {
  const found = r.rows.find((x) => x.name === name);
  if (!found) throw new Error(`no row ${name}`);
  return found;
};

describe('lstm-studio shapes', () => {
  it("the seed's MNIST config: out[:, -1] equals h_n[-1] for one unidirectional layer", () => {
    const r = shapes(['--preset', 'seed-mnist', '--batch', '32', '--seq-len', '28']);
    expect(row(r, 'input').batchFirst).toEqual([32, 28, 28]);
    expect(row(r, 'input').seqFirst).toEqual([28, 32, 28]);
    expect(row(r, 'output').batchFirst).toEqual([32, 28, 100]);
    expect(row(r, 'output').seqFirst).toEqual([28, 32, 100]);
    expect(row(r, 'output[:, -1] / output[-1]').batchFirst).toEqual([32, 100]);
    expect(row(r, 'h_n').batchFirst).toEqual([1, 32, 100]);
    expect(row(r, 'h_n').seqFirst).toEqual([1, 32, 100]);
    expect(row(r, 'c_n').seqFirst).toEqual([1, 32, 100]);
    expect(row(r, 'fc.weight').batchFirst).toEqual([10, 100]);
    const uni = r.checks.find((c) => c.name === 'one layer, one direction');
    expect(uni?.measured).toBe(0);
    expect(r.checks.every((c) => c.holds)).toBe(true);
  });

  it("the seed's 2-layer config: cat(h_n) is 200 wide and the head is sized from it", () => {
    const r = shapes(['--preset', 'seed-mnist-2layer', '--feature', 'hidden_concat', '--batch', '32']);
    expect(row(r, 'h_n').batchFirst).toEqual([2, 32, 100]);
    expect(row(r, 'feature hidden_concat').batchFirst).toEqual([32, 200]);
    expect(row(r, 'feature output_step').batchFirst).toEqual([32, 100]);
    expect(row(r, 'fc.weight').batchFirst).toEqual([10, 200]);
    expect(r.checks.find((c) => c.name.includes('hidden_concat width'))?.measured).toBe(200);
  });

  it("the seed's text model: bidirectional halves, and the backward half of out[:, -1] matches nothing in h_n", () => {
    const r = shapes(['--preset', 'seed-text', '--vocab-size', '300', '--batch', '4', '--seq-len', '20', '--classes', '2']);
    expect(row(r, 'tokens').batchFirst).toEqual([4, 20]);
    expect(row(r, 'output').batchFirst).toEqual([4, 20, 256]);
    expect(row(r, 'h_n').batchFirst).toEqual([4, 4, 128]);
    expect(row(r, 'feature hidden_concat').batchFirst).toEqual([4, 512]);
    expect(row(r, 'feature hidden_last').batchFirst).toEqual([4, 256]);
    const last = r.checks.find((c) => c.name === 'bidirectional: backward half of out[:, -1]');
    const first = r.checks.find((c) => c.name === 'bidirectional: backward half of out[:, 0]');
    expect(last?.measured).toBeGreaterThan(1e-3);
    expect(first?.measured).toBeLessThan(1e-6);
    const pad = r.checks.find((c) => c.name === 'padding: out[:, -1] of a short sample');
    expect(pad?.measured).toBe(0);
  });

  it('prints a readable side-by-side table without --json', () => {
    const r = cli(['shapes', '--backend', 'wasm', '--hidden', '8']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/batch_first=True\s+batch_first=False/);
    expect(r.stdout).toContain('identity checks');
  });
});
