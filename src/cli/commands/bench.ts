/** `lstm-studio bench`: step times of the studio LSTM vs tf.layers.lstm, and comparison overhead. */
import { backendSchema } from '../../contract/config.js';
import { runBench } from '../../host/bench/run-bench.js';
import { parseFlags } from '../args/config-flags.js';
import type { CliIo } from '../cli-io.js';
import { renderTable } from '../table.js';
import { EXIT_OK, UsageError } from '../usage-error.js';

export const HELP = `lstm-studio bench [--backend auto|tensorflow|wasm|cpu] [--steps N] [--quick] [--json]
Times (median of N ≥ 50 steps after warm-up, default 50) a full training step of the studio's model and of the same
model in tf.layers.lstm, for seed-mnist and bi2; then a 2-variant comparison against one variant alone, sampling the
event-loop delay. --quick: 5 steps and a tiny comparison (a smoke test, not a measurement).`;

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseFlags(argv, {
    backend: { type: 'string' },
    steps: { type: 'string' },
    quick: { type: 'boolean' },
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
  const steps = values.steps === undefined ? (quick ? 5 : 50) : Number(values.steps);
  if (!Number.isInteger(steps) || steps < 1 || steps > 100_000) throw new UsageError(`--steps: expected an integer from 1 to 100000, got "${String(values.steps)}"`);
  const json = Boolean(values.json);
  const r = await runBench({
    backend: backend.data,
    steps,
    warmup: quick ? 2 : 5,
    compareTrain: quick ? 128 : 3200,
    compareTest: quick ? 50 : 500,
    onProgress: json ? undefined : (line) => io.stderr.write(line + '\n'),
  });
  if (json) {
    io.stdout.write(JSON.stringify(r) + '\n');
    return EXIT_OK;
  }
  io.stdout.write(
    `backend ${r.backend}, median of ${steps} steps\n\n` +
      renderTable(
        ['config', 'studio ms/step', 'tf.layers ms/step', 'speedup', 'tensors before → after', 'heap growth %'],
        r.configs.map((c) => [c.name, c.studio_ms, c.tfjs_layers_ms, `${c.speedup}×`, `${c.tensors_before} → ${c.tensors_after}`, c.heap_growth_pct]),
      ) +
      `\n\ncomparison: one variant ${r.compare.single_s} s, two in parallel ${r.compare.pair_s} s (ratio ${r.compare.ratio}); ` +
      `host event-loop p99 ${r.compare.event_loop_p99_ms} ms\n`,
  );
  return EXIT_OK;
}
