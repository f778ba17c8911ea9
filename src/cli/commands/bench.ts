/** `lstm-studio bench`: step times of the studio LSTM vs tf.layers.lstm, and comparison overhead. */
import { backendSchema } from '../../contract/config.js';
import { runBench, type BenchResult } from '../../host/bench/run-bench.js';
import { parseFlags } from '../args/config-flags.js';
import type { CliIo } from '../cli-io.js';
import { renderTable } from '../table.js';
import { EXIT_OK, UsageError } from '../usage-error.js';

const MAX_STEPS = 100_000;
const MAX_ROUNDS = 20;
const MIN_SAMPLES = 32;

export const HELP = `lstm-studio bench [--backend auto|tensorflow|wasm|cpu] [--steps N] [--rounds N] [--compare-samples N]
                   [--plain-simd] [--quick] [--json]
Times a full training step (forward, backward, optimizer) of the studio's model and of the same model in
tf.layers.lstm, for seed-mnist (batch 32, 28×28, H=100, SGD) and bi2 (embedding 256, 2-layer bidirectional
H=128, seq 20, batch 64, Adam): the median of N steps (default 50) after warm-up. Then the reference
comparison (seed-mnist-2layer, Adam 1e-3, one epoch of 10,000 MNIST images, 2,000 test images) with two
variants (two training processes side by side) against one variant alone, alternated for R rounds (default 3;
medians compared), sampling this process's event-loop delay meanwhile.
The studio's LSTM kernel uses fused multiply-add where V8's relaxed SIMD is on (Electron, Node >= 22); every
training process switches it on in Node 20 too, so the bench measures what the studio runs.
  --rounds N           comparison rounds (1 to ${MAX_ROUNDS})
  --compare-samples N  training images per comparison run (${MIN_SAMPLES} to 60000; test images: a fifth)
  --plain-simd         measure the kernel without fused multiply-add
  --quick              3 steps, 1 warm-up step and one tiny comparison round: a smoke test, not a measurement
  --json               one JSON object: {backend, lstm, fma, configs: [{name, studio_ms, tfjs_layers_ms, speedup,
                       tensors_before, tensors_after, heap_growth_pct}], compare: {single_s, pair_s, ratio,
                       event_loop_p99_ms, workload, single_rounds_s, pair_rounds_s}}`;

export function formatBench(r: BenchResult, steps: number): string {
  const table = renderTable(
    ['config', 'studio ms/step', 'tf.layers ms/step', 'speedup', 'tensors before → after', 'heap growth %'],
    r.configs.map((c) => [c.name, c.studio_ms, c.tfjs_layers_ms, `${c.speedup}×`, `${c.tensors_before} → ${c.tensors_after}`, c.heap_growth_pct]),
  );
  return (
    `backend ${r.backend} (studio LSTM: ${r.lstm === 'kernel' ? `WebAssembly SIMD kernel${r.fma ? ', fused multiply-add' : ''}` : 'tfjs ops'}), ` +
    `median of ${steps} steps\n\n` +
    `${table}\n\n` +
    `comparison: ${r.compare.workload}; median of ${r.compare.single_rounds_s.length} round(s)\n` +
    `  one variant ${r.compare.single_s} s, two in parallel ${r.compare.pair_s} s: ratio ${r.compare.ratio}\n` +
    `  rounds (s): one ${r.compare.single_rounds_s.join(', ')} | two ${r.compare.pair_rounds_s.join(', ')}\n` +
    `  host event-loop delay p99 ${r.compare.event_loop_p99_ms} ms\n`
  );
}

/** An integer flag within [min, max], or `fallback` when absent; anything else is a usage error naming the flag. */
function intFlag(flag: string, raw: unknown, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const text = String(raw);
  const n = typeof raw === 'string' && text.trim() !== '' ? Number(text) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${flag}: expected an integer from ${min} to ${max}, got "${text}"`);
  return n;
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseFlags(argv, {
    backend: { type: 'string' },
    steps: { type: 'string' },
    rounds: { type: 'string' },
    'compare-samples': { type: 'string' },
    quick: { type: 'boolean' },
    'plain-simd': { type: 'boolean' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout.write(HELP + '\n');
    return EXIT_OK;
  }
  const backend = backendSchema.safeParse(values.backend ?? 'auto');
  if (!backend.success) throw new UsageError(`--backend: expected one of auto, tensorflow, wasm, cpu, got "${String(values.backend)}"`);
  const quick = Boolean(values.quick);
  const steps = intFlag('--steps', values.steps, quick ? 3 : 50, 1, MAX_STEPS);
  const rounds = intFlag('--rounds', values.rounds, quick ? 1 : 3, 1, MAX_ROUNDS);
  const trainLimit = intFlag('--compare-samples', values['compare-samples'], quick ? 128 : 10_000, MIN_SAMPLES, 60_000);
  const json = Boolean(values.json);
  const r = await runBench({
    backend: backend.data,
    fma: !values['plain-simd'],
    steps,
    warmup: quick ? { steps: 1, ms: 0 } : { steps: 5, ms: 1000 },
    compare: { trainLimit, testLimit: Math.max(MIN_SAMPLES, Math.round(trainLimit / 5)), rounds },
    onProgress: json ? undefined : (line) => io.stderr.write(line + '\n'),
  });
  io.stdout.write(json ? JSON.stringify(r) + '\n' : formatBench(r, steps));
  return EXIT_OK;
}
