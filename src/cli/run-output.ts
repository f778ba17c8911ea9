/** Shared CLI plumbing for commands that train: runs dir, Ctrl-C handling, progress and the end-of-run summary. */
import path from 'node:path';
import type { RunEvent } from '../contract/events.js';
import type { RunRecord } from '../contract/run-record.js';
import { RunStore } from '../host/runs/run-store.js';
import { resolveRunsDir } from '../host/runs/runs-dir.js';
import type { StopBy } from '../host/train/run-job.js';
import type { CliIo } from './cli-io.js';
import { ProgressBar } from './progress-bar.js';
import { EXIT_FAILED, EXIT_OK } from './usage-error.js';

/** The runs folder from --runs-dir (relative to the CWD), the env or the per-user default; reconciled. */
export async function openStore(explicit: unknown, io: CliIo): Promise<RunStore> {
  const dir = typeof explicit === 'string' ? path.resolve(io.cwd, explicit) : resolveRunsDir();
  const store = new RunStore(dir);
  await store.reconcile();
  return store;
}

/**
 * First Ctrl-C stops gracefully (checkpoint, status stopped, by the user); SIGTERM does the same, recorded as
 * stopped by the host; a second signal exits at once.
 */
export function stopOnSignals(control: { requestStop(by: StopBy): void }, io: CliIo): () => void {
  let count = 0;
  const handler = (signal: NodeJS.Signals) => {
    count += 1;
    if (count > 1) process.exit(130);
    io.stderr.write('\nstopping after this step (Ctrl-C again to quit at once)…\n');
    control.requestStop(signal === 'SIGTERM' ? 'host' : 'user');
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

/** Progress bar on a TTY; one line per evaluation otherwise (unless --json). */
export function progressPrinter(io: CliIo, json: boolean): { onEvent: (e: RunEvent) => void; finish: () => void } {
  const bar = new ProgressBar(io.stderr as NodeJS.WriteStream);
  const tty = Boolean((io.stderr as NodeJS.WriteStream).isTTY);
  return {
    onEvent(e) {
      if (e.type === 'progress') bar.update(e.step, e.plannedSteps, e.loss);
      if (e.type === 'eval' && !json) {
        bar.clear();
        const p = e.point;
        io.stderr.write(`step ${p.step}  test loss ${p.testLoss.toFixed(4)}  test acc ${(100 * p.testAcc).toFixed(2)} %\n`);
      }
      if (e.type === 'status' && e.message && !json && !tty) io.stderr.write(`${e.status}: ${e.message}\n`);
    },
    finish: () => bar.finish(),
  };
}

export function summary(rec: RunRecord, runsDir: string): string {
  const f = rec.final;
  const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${(100 * x).toFixed(2)} %`);
  const lines = [
    `run ${rec.id}: ${rec.status}${rec.error ? ` — ${rec.error}` : ''}`,
    `  steps ${f?.steps ?? rec.step}/${rec.plannedSteps}  test acc ${pct(f?.testAcc)}  test loss ${f?.testLoss?.toFixed(4) ?? '—'}  train loss ${f?.trainLoss?.toFixed(4) ?? '—'}  time ${((f?.wallMs ?? 0) / 1000).toFixed(1)} s`,
    `  backend ${rec.backend?.name ?? '?'}${rec.backend?.gpu ? ' (GPU)' : ''}  folder ${path.join(runsDir, rec.id)}`,
  ];
  if (rec.status === 'stopped' || rec.status === 'interrupted') lines.push(`  continue with: lstm-studio resume ${rec.id} --runs-dir ${runsDir}`);
  return lines.join('\n') + '\n';
}

export function exitCodeFor(rec: RunRecord): number {
  return rec.status === 'completed' ? EXIT_OK : EXIT_FAILED;
}
