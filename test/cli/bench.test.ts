import { describe, expect, it } from 'vitest';
import { cliAsync, lastJson } from '../helpers/cli.js';

interface BenchJson {
  backend: string;
  configs: { name: string; studio_ms: number; tfjs_layers_ms: number; speedup: number; tensors_before: number; tensors_after: number; heap_growth_pct: number }[];
  compare: { single_s: number; pair_s: number; ratio: number; event_loop_p99_ms: number };
}

describe('lstm-studio bench', () => {
  it('--quick --json prints one object of the documented shape, with no tensor leak across timed steps', async () => {
    const r = await cliAsync(['bench', '--quick', '--json', '--backend', 'wasm']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const b = lastJson<BenchJson>(r.stdout);
    expect(b.backend).toBe('wasm');
    expect(b.configs.map((c) => c.name)).toEqual(['seed-mnist', 'bi2']);
    for (const c of b.configs) {
      expect(Object.keys(c).sort()).toEqual(['heap_growth_pct', 'name', 'speedup', 'studio_ms', 'tensors_after', 'tensors_before', 'tfjs_layers_ms']);
      expect(c.studio_ms).toBeGreaterThan(0);
      expect(c.tfjs_layers_ms).toBeGreaterThan(0);
      expect(c.speedup).toBeCloseTo(c.tfjs_layers_ms / c.studio_ms, 1);
      expect(c.tensors_after).toBe(c.tensors_before);
    }
    expect(Object.keys(b.compare).sort()).toEqual(['event_loop_p99_ms', 'pair_s', 'ratio', 'single_s']);
    expect(b.compare.ratio).toBeCloseTo(b.compare.pair_s / b.compare.single_s, 1);
  });

  it('rejects a bad --steps with exit 2', async () => {
    const r = await cliAsync(['bench', '--steps', '0']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--steps: expected an integer from 1 to 100000');
  });
});
