/** `lstm-studio parity FILE|DIR [--backend B]`: the studio's LSTM against torch.nn.LSTM fixtures; exit 1 above 1e-4. */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { backendSchema } from '../../contract/config.js';
import { checkFixture, PARITY_TOLERANCE, type TensorError } from '../../engine/parity/check-fixture.js';
import { fixtureSchema } from '../../engine/parity/fixture.js';
import { selectBackend } from '../../host/backend/backends.js';
import { parseFlags } from '../args/config-flags.js';
import type { CliIo } from '../cli-io.js';
import { renderTable } from '../table.js';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../usage-error.js';

export const HELP = `lstm-studio parity FILE|DIR [--backend auto|tensorflow|wasm|cpu] [--json]
Fixtures: the JSON format of tools/make_lstm_fixture.py (torch.nn.LSTM in float64). Tolerance ${PARITY_TOLERANCE}.`;

async function fixtureFiles(target: string): Promise<string[]> {
  const s = await stat(target).catch(() => null);
  if (!s) throw new UsageError(`${target}: no such file or folder (expected a fixture .json or a folder of them)`);
  if (s.isFile()) return [target];
  const files = (await readdir(target)).filter((f) => f.endsWith('.json')).sort();
  if (files.length === 0) throw new UsageError(`${target}: the folder holds no .json fixtures`);
  return files.map((f) => path.join(target, f));
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(argv, { backend: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, true);
  if (values.help) {
    io.stdout.write(HELP + '\n');
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new UsageError('expected one FILE or DIR of fixtures');
  const backend = backendSchema.safeParse(values.backend ?? 'auto');
  if (!backend.success) throw new UsageError(`--backend: expected one of auto, tensorflow, wasm, cpu, got "${String(values.backend)}"`);
  const info = await selectBackend(backend.data);
  const results: { file: string; name: string; errors: TensorError[] }[] = [];
  for (const file of await fixtureFiles(path.resolve(io.cwd, positionals[0]))) {
    let json: unknown;
    try {
      json = JSON.parse(await readFile(file, 'utf8'));
    } catch (e) {
      throw new UsageError(`${file}: not valid JSON (${(e as Error).message})`);
    }
    const fx = fixtureSchema.safeParse(json);
    if (!fx.success) {
      const i = fx.error.issues[0];
      throw new UsageError(`${file}: ${i.path.join('.') || '(root)'}: ${i.message}`);
    }
    let errors: TensorError[];
    try {
      errors = checkFixture(fx.data);
    } catch (e) {
      throw new UsageError(`${file}: ${(e as Error).message}`);
    }
    results.push({ file, name: fx.data.name, errors });
  }
  const ok = results.every((r) => r.errors.every((e) => e.ok));
  if (values.json) {
    io.stdout.write(JSON.stringify({ backend: info, tolerance: PARITY_TOLERANCE, ok, fixtures: results }) + '\n');
  } else {
    io.stdout.write(`backend ${info.name}; tolerance ${PARITY_TOLERANCE}\n`);
    for (const r of results) {
      const table = renderTable(
        [{ header: 'tensor' }, { header: 'max abs error', align: 'right' }, { header: '' }],
        r.errors.map((e) => [e.tensor, e.maxAbsError.toExponential(2), e.ok ? 'ok' : 'MISMATCH']),
      );
      io.stdout.write(`\n${r.name} (${path.basename(r.file)})\n${table}\n`);
    }
    io.stdout.write(`\n${ok ? 'all tensors within tolerance' : 'MISMATCH: some tensors exceed the tolerance'}\n`);
  }
  return ok ? EXIT_OK : EXIT_FAILED;
}
