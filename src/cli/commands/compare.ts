/** `lstm-studio compare`: feature-head variants × repeats in parallel processes, a results table and a verdict. */
import { availableParallelism } from 'node:os';
import { compareRequestSchema, DEFAULT_MIN_EFFECT_POINTS } from '../../contract/comparison.js';
import { fieldErrors } from '../../contract/config.js';
import { runComparison } from '../../host/compare/run-comparison.js';
import { CONFIG_HELP, CONFIG_OPTIONS, configFromFlags, parseFlags } from '../args/config-flags.js';
import type { CliIo } from '../cli-io.js';
import { comparisonProgress, followComparison } from '../comparison-output.js';
import { openStore } from '../run-output.js';
import { EXIT_OK, UsageError } from '../usage-error.js';

export const HELP = `lstm-studio compare [flags] [--variants output_step,hidden_concat,hidden_last] [--repeats N] [--parallel N]
All variants of a repeat see the identical data order and identical LSTM initial weights; repeat r uses seed + r.
Every pair of variants gets a t and a BCa bootstrap 95 % CI, t and sign-flip p-values (Holm-corrected), d_z,
P(a > b) and the repeats needed for 80 % power; warnings flag identical heads, zero spread, ceiling, floor, too few
or failed repeats.
Stats:    --min-effect POINTS (smallest difference worth detecting, default ${DEFAULT_MIN_EFFECT_POINTS})
          --equivalence-margin POINTS (also test equivalence within ±POINTS, TOST)
          --resample-split (re-split train + test per repeat, so the CIs cover test-set sampling too)
${CONFIG_HELP}`;

function points(flag: string, raw: string | boolean | (string | boolean)[] | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
  if (!Number.isFinite(n)) throw new UsageError(`--${flag}: expected a number of percentage points, got "${String(raw)}"`);
  return n;
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseFlags(argv, {
    ...CONFIG_OPTIONS,
    variants: { type: 'string' },
    repeats: { type: 'string' },
    parallel: { type: 'string' },
    'min-effect': { type: 'string' },
    'equivalence-margin': { type: 'string' },
    'resample-split': { type: 'boolean' },
  });
  if (values.help) {
    io.stdout.write(HELP + '\n');
    return EXIT_OK;
  }
  const { config, preset } = configFromFlags(values);
  const repeats = values.repeats === undefined ? undefined : Number(values.repeats);
  const minEffect = points('min-effect', values['min-effect']);
  const margin = points('equivalence-margin', values['equivalence-margin']);
  const parsed = compareRequestSchema.safeParse({
    config,
    ...(typeof values.variants === 'string' ? { variants: values.variants.split(',').map((v) => v.trim()) } : {}),
    ...(repeats !== undefined ? { repeats } : {}),
    ...(minEffect !== undefined ? { minEffectPoints: minEffect } : {}),
    ...(margin !== undefined ? { equivalenceMarginPoints: margin } : {}),
    ...(values['resample-split'] ? { resampleSplit: true } : {}),
  });
  if (!parsed.success) {
    const flag: Record<string, string> = { minEffectPoints: 'min-effect', equivalenceMarginPoints: 'equivalence-margin', resampleSplit: 'resample-split' };
    throw new UsageError(fieldErrors(parsed.error).map((e) => { const f = e.field.split('.')[0]; return `--${flag[f] ?? f}: ${e.message}`; }).join('\n'));
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
