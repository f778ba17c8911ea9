/** `lstm-studio compare`: feature-head variants × repeats in parallel processes, a results table and a verdict. */
import { availableParallelism } from 'node:os';
import { compareRequestSchema } from '../../contract/comparison.js';
import { fieldErrors } from '../../contract/config.js';
import { runComparison } from '../../host/compare/run-comparison.js';
import { CONFIG_HELP, CONFIG_OPTIONS, configFromFlags, parseFlags } from '../args/config-flags.js';
import type { CliIo } from '../cli-io.js';
import { comparisonProgress, followComparison } from '../comparison-output.js';
import { openStore } from '../run-output.js';
import { EXIT_OK, UsageError } from '../usage-error.js';

export const HELP = `lstm-studio compare [flags] [--variants output_step,hidden_concat] [--repeats N] [--parallel N]
All variants of a repeat see the identical data order and identical LSTM initial weights; repeat r uses seed + r.
${CONFIG_HELP}`;

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseFlags(argv, {
    ...CONFIG_OPTIONS,
    variants: { type: 'string' },
    repeats: { type: 'string' },
    parallel: { type: 'string' },
  });
  if (values.help) {
    io.stdout.write(HELP + '\n');
    return EXIT_OK;
  }
  const { config, preset } = configFromFlags(values);
  const repeats = values.repeats === undefined ? undefined : Number(values.repeats);
  const parsed = compareRequestSchema.safeParse({
    config,
    ...(typeof values.variants === 'string' ? { variants: values.variants.split(',').map((v) => v.trim()) } : {}),
    ...(repeats !== undefined ? { repeats } : {}),
  });
  if (!parsed.success) {
    throw new UsageError(fieldErrors(parsed.error).map((e) => `--${e.field.split('.')[0]}: ${e.message}`).join('\n'));
  }
  const parallel = values.parallel === undefined ? availableParallelism() : Number(values.parallel);
  if (!Number.isInteger(parallel) || parallel < 1 || parallel > 64) throw new UsageError(`--parallel: expected an integer from 1 to 64, got "${String(values.parallel)}"`);
  const store = await openStore(values['runs-dir'], io);
  const json = Boolean(values.json);
  const handle = runComparison(parsed.data, { runsDir: store.root, preset, parallel, onEvent: comparisonProgress(io, json) });
  await handle.started;
  if (!json) io.stderr.write(`comparison ${handle.id}: ${parsed.data.variants.join(' vs ')} × ${parsed.data.repeats} repeat(s), ${parallel} in parallel\n`);
  return followComparison(handle, io, json, store.root);
}
