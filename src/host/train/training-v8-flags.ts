/**
 * V8 flags for every training child process, on its command line (node's fork here, Electron's
 * utilityProcess in electron/).
 *
 * `--no-allocation-site-pretenuring`: measured on the 2-core reference machine with --trace-gc over a
 * 625-step run of the seed's MNIST model, about half of all runs had V8 decide (allocation-site statistics,
 * --trace-pretenuring-statistics) that some of the training step's short-lived objects survive and allocate
 * them straight into the old generation; from then on a full mark-compact ran every ~100 ms — 50 or more per
 * run — and its concurrent marking burned ~1.1 s of CPU on a second core, the core that the other cell of a
 * parallel comparison needs. With the flag on the command line every run had 4 mark-compacts, at unchanged
 * step time. Set at run time (v8.setFlagsFromString) it did not reliably take effect, so in-process training
 * (the CLI's `train`) runs without it. Numerics are untouched.
 */
export const TRAINING_V8_FLAGS: readonly string[] = ['--no-allocation-site-pretenuring'];

/** The parent's own V8/Node flags (e.g. --expose-gc) plus the training flags, for a child's execArgv. */
export function trainingChildExecArgv(parentExecArgv: readonly string[] = process.execArgv): string[] {
  return [...parentExecArgv, ...TRAINING_V8_FLAGS];
}
