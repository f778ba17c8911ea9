/** `lstm-studio shapes`: shapes for batch_first true and false side by side, and identity checks on real tensors. */
import type { ShapeReport } from '../../contract/shapes.js';
import { shapeReport } from '../../engine/shapes.js';
import { selectBackend } from '../../host/backend/backends.js';
import { CONFIG_HELP, CONFIG_OPTIONS, configFromFlags, parseFlags } from '../args/config-flags.js';
import type { CliIo } from '../cli-io.js';
import { renderTable } from '../table.js';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../usage-error.js';

export const HELP = `lstm-studio shapes [model flags] [--batch N] [--seq-len T] [--classes C]
Without --input-size or --vocab-size the input is MNIST's 28 features per step.\n${CONFIG_HELP}`;

function positiveInt(flag: string, raw: unknown, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new UsageError(`--${flag}: expected an integer from 1 to ${max}, got "${String(raw)}"`);
  return n;
}

export function formatShapes(r: ShapeReport): string {
  const fmt = (s: number[]) => `[${s.join(', ')}]`;
  const table = renderTable(
    [{ header: 'tensor' }, { header: 'batch_first=True' }, { header: 'batch_first=False' }, { header: 'note' }],
    r.rows.map((row) => [row.name, fmt(row.batchFirst), fmt(row.seqFirst), row.note ?? '']),
  );
  const checks = r.checks
    .map((c) => `${c.holds ? 'ok  ' : 'FAIL'} ${c.name}: ${c.claim}; measured ${c.measured < 1e-3 && c.measured > 0 ? c.measured.toExponential(2) : c.measured}\n       ${c.explanation}`)
    .join('\n');
  return `shapes for batch ${r.batch}, seq_len ${r.seqLen}\n\n${table}\n\nidentity checks (real tensors):\n${checks}\n`;
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseFlags(argv, { ...CONFIG_OPTIONS, 'seq-len': { type: 'string' }, classes: { type: 'string' } });
  if (values.help) {
    io.stdout.write(HELP + '\n');
    return EXIT_OK;
  }
  const batchRaw = values.batch;
  delete values.batch; // --batch here is the example batch, not training config
  const { config } = configFromFlags(values);
  const batch = positiveInt('batch', batchRaw, 4, 4096);
  const seqLen = positiveInt('seq-len', values['seq-len'], 28, 10_000);
  const numClasses = positiveInt('classes', values.classes, 10, 10_000);
  await selectBackend(config.train.backend);
  // --vocab-size sets the text vocabulary (data.vocabSize); here it sizes the embedding of the traced model.
  const model = config.model.vocabSize === undefined && config.data.vocabSize !== undefined ? { ...config.model, vocabSize: config.data.vocabSize } : config.model;
  const report = await shapeReport({ model, batch, seqLen, numClasses });
  io.stdout.write(values.json ? JSON.stringify({ shapes: report }) + '\n' : formatShapes(report));
  return report.checks.every((c) => c.holds) ? EXIT_OK : EXIT_FAILED;
}
