/** `lstm-studio runs list | show ID | export ID --csv FILE | --state-dict FILE | delete ID`. */
import path from 'node:path';
import { comparisonResultSchema } from '../../contract/comparison.js';
import type { RunRecord } from '../../contract/run-record.js';
import { RunStoreError } from '../../host/runs/errors.js';
import { writeStateDictJson } from '../../host/runs/state-dict-json.js';
import type { TensorMap } from '../../host/runs/tensor-map.js';
import { parseFlags } from '../args/config-flags.js';
import type { CliIo } from '../cli-io.js';
import { openStore } from '../run-output.js';
import { formatComparison, renderTable } from '../table.js';
import { EXIT_OK, UsageError } from '../usage-error.js';

export const HELP = `lstm-studio runs list [--json] [--runs-dir DIR]
lstm-studio runs show ID [--json]
lstm-studio runs export ID --csv FILE | --state-dict FILE
lstm-studio runs delete ID`;

const pct = (x: number | null | undefined) => (x == null ? '—' : `${(100 * x).toFixed(2)}`);
/** A run's status, saying who stopped a stopped run ("stopped by host" when the host shut down). */
const statusText = (r: RunRecord) => (r.status === 'stopped' && r.stoppedBy ? `stopped by ${r.stoppedBy}` : r.status);

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(
    argv,
    { 'runs-dir': { type: 'string' }, json: { type: 'boolean' }, csv: { type: 'string' }, 'state-dict': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    true,
  );
  const [sub, id, ...extra] = positionals;
  if (values.help || !sub) {
    io.stdout.write(HELP + '\n');
    return values.help ? EXIT_OK : 2;
  }
  if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const store = await openStore(values['runs-dir'], io);
  const needId = () => {
    if (!id) throw new UsageError(`runs ${sub}: expected a run id`);
    return id;
  };
  switch (sub) {
    case 'list': {
      const { runs, comparisons, problems } = await store.scan();
      if (values.json) {
        io.stdout.write(JSON.stringify({ runsDir: store.root, runs, comparisons, problems }) + '\n');
        return EXIT_OK;
      }
      io.stdout.write(
        renderTable(
          ['id', 'status', 'name', 'step', 'test acc %', 'backend', 'created'],
          runs.map((r) => [r.id, statusText(r), r.name, `${r.step}/${r.plannedSteps}`, pct(r.final?.testAcc), r.backend?.name ?? '—', r.createdAt.slice(0, 19)]),
        ) + '\n',
      );
      if (comparisons.length) {
        io.stdout.write('\ncomparisons\n' + renderTable(['id', 'status', 'name', 'runs'], comparisons.map((c) => [c.id, c.status, c.name, c.runs.length])) + '\n');
      }
      for (const p of problems) io.stderr.write(`unreadable: ${p.id}: ${p.message}\n`);
      return EXIT_OK;
    }
    case 'show': {
      const theId = needId();
      const isComparison = (await store.listComparisons()).some((c) => c.id === theId);
      if (isComparison) {
        const rec = await store.getComparison(theId);
        const result = rec.result !== undefined ? await store.comparisons.result(theId, comparisonResultSchema) : null;
        io.stdout.write(values.json ? JSON.stringify({ comparison: rec }) + '\n' : `${rec.name}: ${rec.status}\n${result ? formatComparison(result) + '\n' : ''}`);
        return EXIT_OK;
      }
      const rec = await store.get(theId);
      const m = await store.readMetrics(theId);
      if (values.json) {
        io.stdout.write(JSON.stringify({ run: rec, metrics: m.records, tailCut: m.tailCut, badLines: m.badLines }) + '\n');
        return EXIT_OK;
      }
      const evals = m.records.filter((r) => r.type === 'eval');
      io.stdout.write(`${rec.name}: ${statusText(rec)}\n${JSON.stringify(rec, null, 2)}\n\nevaluations\n`);
      io.stdout.write(renderTable(['step', 'test loss', 'test acc %'], evals.map((e) => [e.step, e.testLoss.toFixed(4), pct(e.testAcc)])) + '\n');
      if (m.tailCut) io.stdout.write('note: the last line of metrics.jsonl was cut (a crash mid-write); every complete record before it is kept\n');
      return EXIT_OK;
    }
    case 'export': {
      const theId = needId();
      if (typeof values.csv !== 'string' && typeof values['state-dict'] !== 'string') throw new UsageError('runs export: expected --csv FILE and/or --state-dict FILE');
      if (typeof values.csv === 'string') {
        const file = path.resolve(io.cwd, values.csv);
        await store.exportCsvTo(theId, file);
        io.stdout.write(`metrics written to ${file}\n`);
      }
      if (typeof values['state-dict'] === 'string') {
        const ckpt = await store.readCheckpoint(theId);
        const tensors: TensorMap = Object.fromEntries(Object.entries(ckpt.tensors).filter(([k]) => !k.startsWith('optimizer/')));
        const file = path.resolve(io.cwd, values['state-dict']);
        await writeStateDictJson(file, tensors);
        io.stdout.write(`state_dict (${Object.keys(tensors).length} tensors, PyTorch names, step ${ckpt.step ?? '?'}) written to ${file}\n`);
      }
      return EXIT_OK;
    }
    case 'delete': {
      const owner = await store.owner(needId());
      if (owner) throw new RunStoreError('INVALID', `${id} is still being trained by a live process (pid ${owner.pid ?? '?'}); stop it there before deleting`);
      await store.delete(needId());
      io.stdout.write(`deleted ${id}\n`);
      return EXIT_OK;
    }
    default:
      throw new UsageError(`unknown subcommand "${sub}"; expected list, show, export or delete`);
  }
}
