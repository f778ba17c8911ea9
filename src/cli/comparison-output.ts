/** Following a comparison in the CLI (`compare`, `resume COMPARISON_ID`): progress lines, signals, the result. */
import type { ComparisonHandle, ComparisonOptions } from '../host/compare/comparison-grid.js';
import type { CliIo } from './cli-io.js';
import { stopOnSignals } from './run-output.js';
import { formatComparison } from './table.js';
import { EXIT_FAILED, EXIT_OK } from './usage-error.js';

/** Prints one line per finished run (and per evaluation when stderr is not a terminal), unless `json`. */
export function comparisonProgress(io: CliIo, json: boolean): NonNullable<ComparisonOptions['onEvent']> {
  const tty = Boolean((io.stderr as NodeJS.WriteStream).isTTY);
  return (e) => {
    if (json) return;
    if (e.type === 'done') io.stderr.write(`  ${e.record.name}: ${e.record.status}, test acc ${e.record.final?.testAcc != null ? (100 * e.record.final.testAcc).toFixed(2) + ' %' : '—'}\n`);
    if (e.type === 'eval' && !tty) io.stderr.write(`  ${e.runId} step ${e.point.step}: test acc ${(100 * e.point.testAcc).toFixed(2)} %\n`);
  };
}

/** Waits for the comparison (Ctrl-C / SIGTERM stop it gracefully), prints its table or JSON; the exit code. */
export async function followComparison(handle: ComparisonHandle, io: CliIo, json: boolean, runsDir: string): Promise<number> {
  const t0 = performance.now();
  const unhook = stopOnSignals({ requestStop: (by) => handle.stop(by) }, io);
  try {
    const result = await handle.done;
    const wallS = (performance.now() - t0) / 1000;
    // `pairs` and `warnings` at the top level too, for scripts (the same objects as inside `comparison`).
    if (json) io.stdout.write(JSON.stringify({ pairs: result.pairs, warnings: result.warnings, verdict: result.verdict, comparison: result, wallSeconds: wallS }) + '\n');
    else io.stdout.write(formatComparison(result) + `\nwall time ${wallS.toFixed(1)} s · folder ${runsDir}/${handle.id}\n`);
    return result.cells.every((c) => c.status === 'completed') ? EXIT_OK : EXIT_FAILED;
  } finally {
    unhook();
  }
}
