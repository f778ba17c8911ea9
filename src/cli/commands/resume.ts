/**
 * `lstm-studio resume ID`: continue a stopped or interrupted run from its last checkpoint to its planned step,
 * or a comparison that did not finish (its unfinished cells from their checkpoints, then a new summary).
 * Refused, saying so, while a live process (a paused run in a studio, say) still writes it.
 */
import { availableParallelism } from 'node:os';
import { resumeComparison } from '../../host/compare/resume-comparison.js';
import { RunStoreError } from '../../host/runs/errors.js';
import { runIdSchema } from '../../contract/run-record.js';
import { parseFlags } from '../args/config-flags.js';
import type { CliIo } from '../cli-io.js';
import { openStore } from '../run-output.js';
import { EXIT_OK, UsageError } from '../usage-error.js';
import { comparisonProgress, followComparison } from '../comparison-output.js';
import { trainJob } from './train.js';

export const HELP = `lstm-studio resume ID [--runs-dir DIR] [--json] [--parallel N]
Continues a run from its last checkpoint with the same data order; metric records past the checkpoint are dropped.
With a comparison's id: continues its unfinished cells (each from its checkpoint) and summarises it again.`;

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(
    argv,
    { 'runs-dir': { type: 'string' }, json: { type: 'boolean' }, parallel: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    true,
  );
  if (values.help) {
    io.stdout.write(HELP + '\n');
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new UsageError('expected one run or comparison id');
  const id = runIdSchema.safeParse(positionals[0]);
  if (!id.success) throw new UsageError(`id "${positionals[0]}": ${id.error.issues[0].message}`);
  const parallel = values.parallel === undefined ? availableParallelism() : Number(values.parallel);
  if (!Number.isInteger(parallel) || parallel < 1 || parallel > 64) throw new UsageError(`--parallel: expected an integer from 1 to 64, got "${String(values.parallel)}"`);
  const store = await openStore(values['runs-dir'], io);
  const json = Boolean(values.json);
  const comparison = await store.getComparison(id.data).catch((err: unknown) => {
    if (err instanceof RunStoreError && err.code === 'NOT_FOUND') return null;
    throw err;
  });
  if (comparison) {
    const handle = resumeComparison(id.data, { runsDir: store.root, parallel, onEvent: comparisonProgress(io, json) });
    await handle.started;
    if (!json) io.stderr.write(`comparison ${handle.id}: continuing its unfinished cells, ${parallel} in parallel\n`);
    return followComparison(handle, io, json, store.root);
  }
  const rec = await store.get(id.data);
  if (rec.status === 'completed') throw new UsageError(`run ${rec.id} is already completed (${rec.step}/${rec.plannedSteps} steps)`);
  return trainJob({ config: rec.config, resumeId: rec.id, preset: rec.preset }, store.root, json, io);
}
