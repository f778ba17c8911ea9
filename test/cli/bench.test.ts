import { describe, expect, it } from 'vitest';
import { formatBench } from '../../src/cli/commands/bench.js';
import type { BenchResult } from '../../src/host/bench/run-bench.js';
import { cliAsync, lastJson } from '../helpers/cli.js';

const CONFIG_KEYS = ['heap_growth_pct', 'name', 'speedup', 'studio_ms', 'tensors_after', 'tensors_before', 'tfjs_layers_ms'];
const COMPARE_KEYS = ['event_loop_p99_ms', 'pair_rounds_s', 'pair_s', 'ratio', 'single_rounds_s', 'single_s', 'workload'];

describe('lstm-studio bench', () => {
  it('--quick --steps 1 --json prints one object of the documented shape, with no tensor leak across timed steps', async () => {
    const started = Date.now();
    const r = await cliAsync(['bench', '--quick', '--steps', '1', '--json', '--backend', 'wasm']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const b = lastJson<BenchResult>(r.stdout);
    expect(b.backend).toBe('wasm');
    expect(b.lstm).toBe('kernel');
    // The bench switches V8's relaxed SIMD on (Node 20 has it behind a flag): the kernel uses fused multiply-add.
    expect(b.fma).toBe(true);
    expect(b.configs.map((c) => c.name)).toEqual(['seed-mnist', 'bi2']);
    for (const c of b.configs) {
      expect(Object.keys(c).sort()).toEqual(CONFIG_KEYS);
      expect(c.studio_ms).toBeGreaterThan(0);
      expect(c.tfjs_layers_ms).toBeGreaterThan(0);
      expect(c.speedup).toBeCloseTo(c.tfjs_layers_ms / c.studio_ms, 1);
      expect(c.tensors_before).toBeGreaterThan(0);
      expect(c.tensors_after).toBe(c.tensors_before);
    }
    expect(Object.keys(b.compare).sort()).toEqual(COMPARE_KEYS);
    expect(b.compare.single_s).toBeGreaterThan(0);
    expect(b.compare.pair_s).toBeGreaterThan(0);
    expect(b.compare.ratio).toBeCloseTo(b.compare.pair_s / b.compare.single_s, 1);
    expect(b.compare.event_loop_p99_ms).toBeGreaterThanOrEqual(0);
    // --quick: one round of the reference comparison on 128 images; the medians are that round's times.
    expect(b.compare.workload).toBe('seed-mnist-2layer, adam 0.001, 1 epoch of 128 images, 32 test images');
    expect(b.compare.single_rounds_s).toEqual([b.compare.single_s]);
    expect(b.compare.pair_rounds_s).toEqual([b.compare.pair_s]);
    // A smoke test of the command, sized to stay well under a minute on this 2-core machine.
    expect(Date.now() - started).toBeLessThan(120_000);
  });

  it('prints a readable table without --json', () => {
    const text = formatBench(
      {
        backend: 'wasm',
        lstm: 'kernel',
        fma: true,
        configs: [
          { name: 'seed-mnist', studio_ms: 11.2, tfjs_layers_ms: 204, speedup: 18.21, tensors_before: 7, tensors_after: 7, heap_growth_pct: 0.4 },
          { name: 'bi2', studio_ms: 300, tfjs_layers_ms: 4500, speedup: 15, tensors_before: 59, tensors_after: 59, heap_growth_pct: -1 },
        ],
        compare: {
          single_s: 2.5,
          pair_s: 2.9,
          ratio: 1.16,
          event_loop_p99_ms: 12.3,
          workload: 'seed-mnist-2layer, adam 0.001, 1 epoch of 10000 images, 2000 test images',
          single_rounds_s: [2.4, 2.5, 2.7],
          pair_rounds_s: [3.1, 2.9, 2.8],
        },
      },
      50,
    );
    expect(text).toContain('backend wasm (studio LSTM: WebAssembly SIMD kernel, fused multiply-add), median of 50 steps');
    expect(text).toMatch(/seed-mnist\s+11\.2\s+204\s+18\.21×\s+7 → 7/);
    expect(text).toMatch(/bi2\s+300\s+4500\s+15×\s+59 → 59/);
    expect(text).toContain('comparison: seed-mnist-2layer, adam 0.001, 1 epoch of 10000 images, 2000 test images; median of 3 round(s)');
    expect(text).toContain('one variant 2.5 s, two in parallel 2.9 s: ratio 1.16');
    expect(text).toContain('rounds (s): one 2.4, 2.5, 2.7 | two 3.1, 2.9, 2.8');
    expect(text).toContain('p99 12.3 ms');
  });

  it.each([
    [['--steps', '0'], '--steps: expected an integer from 1 to 100000, got "0"'],
    [['--steps', 'many'], '--steps: expected an integer from 1 to 100000, got "many"'],
    [['--backend', 'gpu'], '--backend: expected one of auto, tensorflow, wasm, cpu, got "gpu"'],
    [['--rounds', '0'], '--rounds: expected an integer from 1 to 20, got "0"'],
    [['--rounds', '2.5'], '--rounds: expected an integer from 1 to 20, got "2.5"'],
    [['--compare-samples', '10'], '--compare-samples: expected an integer from 32 to 60000, got "10"'],
    [['--compare-samples', ''], '--compare-samples: expected an integer from 32 to 60000, got ""'],
    [['--fast'], "Unknown option '--fast'"],
  ])('rejects %j with exit 2 and a message naming the flag', async (args, message) => {
    const r = await cliAsync(['bench', ...args]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it('--help documents the flags and the JSON shape', async () => {
    const r = await cliAsync(['bench', '--help']);
    expect(r.status).toBe(0);
    for (const s of ['--backend', '--steps', '--rounds', '--compare-samples', '--plain-simd', '--quick', '--json', 'studio_ms', 'event_loop_p99_ms', 'pair_rounds_s']) {
      expect(r.stdout).toContain(s);
    }
  });
});
