/** `lstm-studio resume ID`: continue a stopped or interrupted run from its last checkpoint to its planned step. */
import { runIdSchema } from '../../contract/run-record.js';
import { parseFlags } from '../args/config-flags.js';
import type { CliIo } from '../cli-io.js';
import { openStore } from '../run-output.js';
import { EXIT_OK, UsageError } from '../usage-error.js';
import { trainJob } from './train.js';

export const HELP = `lstm-studio resume ID [--runs-dir DIR] [--json]
Continues from the last checkpoint with the same data order; metric records past the checkpoint are dropped.`;

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(argv, { 'runs-dir': { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, true);
  if (values.help) {
    io.stdout.write(HELP + '\n');
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new UsageError('expected one run id');
  const id = runIdSchema.safeParse(positionals[0]);
  if (!id.success) throw new UsageError(`run id "${positionals[0]}": ${id.error.issues[0].message}`);
  const store = await openStore(values['runs-dir'], io);
  const rec = await store.get(id.data);
  if (rec.status === 'completed') throw new UsageError(`run ${rec.id} is already completed (${rec.step}/${rec.plannedSteps} steps)`);
  return trainJob({ config: rec.config, resumeId: rec.id, preset: rec.preset }, store.root, Boolean(values.json), io);
}
