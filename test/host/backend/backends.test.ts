import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectBackends, selectBackend } from '../../../src/host/backend/backends.js';
import { enableWasmRelaxedSimd, PLAIN_SIMD_ENV } from '../../../src/host/backend/relaxed-simd.js';
import { cliAsync, lastJson } from '../../helpers/cli.js';

const runsDir = mkdtempSync(path.join(os.tmpdir(), 'lstm-backends-'));
afterAll(() => rmSync(runsDir, { recursive: true, force: true }));

interface TrainJson {
  run: { backend: { name: string; detail: string }; final: { trainLoss: number; testLoss: number } };
}

async function tinyTrain(env: NodeJS.ProcessEnv, nodeArgs: string[] = []): Promise<TrainJson['run']> {
  const args = ['train', '--preset', 'seed-mnist', '--backend', 'wasm', '--train-limit', '64', '--test-limit', '32', '--max-steps', '2', '--eval-every', '2', '--runs-dir', runsDir, '--json'];
  const r = await cliAsync(args, { env, nodeArgs });
  expect(r.status, r.stderr).toBe(0);
  return lastJson<TrainJson>(r.stdout).run;
}

describe('backends', () => {
  it('detects three backends; cpu is always available and tfjs-node is optional', async () => {
    const all = await detectBackends();
    expect(all.map((b) => b.name)).toEqual(['tensorflow', 'wasm', 'cpu']);
    expect(all.find((b) => b.name === 'cpu')?.available).toBe(true);
    expect(all.find((b) => b.name === 'wasm')?.available).toBe(true);
  });

  it('records how the LSTM runs: the WebAssembly kernel with fused multiply-add on cpu and wasm', async () => {
    for (const name of ['cpu', 'wasm'] as const) {
      const info = await selectBackend(name);
      expect(info.name).toBe(name);
      expect(info.gpu).toBe(false);
      expect(info.detail).toContain('LSTM: WebAssembly SIMD kernel with fused multiply-add');
    }
  });

  it('an explicit backend that cannot load is an error naming it and why', async () => {
    const tensorflow = (await detectBackends()).find((b) => b.name === 'tensorflow');
    if (tensorflow?.available) return; // tfjs-node installed on this machine: nothing to refuse
    await expect(selectBackend('tensorflow')).rejects.toThrow(/backend "tensorflow" is not available: .*tfjs-node not installed/);
  });

  it(`${PLAIN_SIMD_ENV}=1 keeps plain SIMD`, () => {
    const before = process.env[PLAIN_SIMD_ENV];
    process.env[PLAIN_SIMD_ENV] = '1';
    try {
      expect(enableWasmRelaxedSimd()).toBe(false);
    } finally {
      if (before === undefined) delete process.env[PLAIN_SIMD_ENV];
      else process.env[PLAIN_SIMD_ENV] = before;
    }
  });

  it('training processes use fused multiply-add unless told not to; each run records which, and both learn alike', async () => {
    const fma = await tinyTrain({ ...process.env, [PLAIN_SIMD_ENV]: '' });
    const plain = await tinyTrain({ ...process.env, [PLAIN_SIMD_ENV]: '1' });
    expect(fma.backend.detail).toContain('with fused multiply-add');
    expect(plain.backend.detail).toContain('LSTM: WebAssembly SIMD kernel');
    expect(plain.backend.detail).not.toContain('fused multiply-add');
    // Same seed, same data: the two arithmetics agree to rounding.
    expect(Math.abs(fma.final.testLoss - plain.final.testLoss)).toBeLessThan(1e-4);
  });

  it(`${PLAIN_SIMD_ENV}=1 keeps plain SIMD even where relaxed SIMD is already on (as in Electron and Node >= 22)`, async () => {
    const plain = await tinyTrain({ ...process.env, [PLAIN_SIMD_ENV]: '1' }, ['--experimental-wasm-relaxed-simd']);
    expect(plain.backend.detail).toContain('LSTM: WebAssembly SIMD kernel');
    expect(plain.backend.detail).not.toContain('fused multiply-add');
  });
});
