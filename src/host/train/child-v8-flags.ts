/**
 * V8 flags for every training child process (node's fork here, Electron's utilityProcess in electron/).
 *
 * `--initial-old-space-size=64`: measured on the 2-core reference machine with --trace-gc over a 625-step
 * run of the seed's MNIST model, about half of all runs had V8's heap sizing settle on an old-generation
 * limit only a few MB above the live heap (~18 MB), so a full mark-compact ran every ~100 ms — 50 or more
 * per run — and their concurrent marking burned ~1.1 s of CPU on a second core: the core that the other
 * cell of a parallel comparison needs. With a 64 MB initial limit every run had 2–4 mark-compacts. Cost:
 * at most ~45 MB more resident memory per child before its first full collection. Numerics are untouched.
 */
export const TRAINING_CHILD_V8_FLAGS: readonly string[] = ['--initial-old-space-size=64'];

/** The parent's own V8/Node flags (e.g. --expose-gc) plus the training flags, for a child's execArgv. */
export function trainingChildExecArgv(parentExecArgv: readonly string[] = process.execArgv): string[] {
  return [...parentExecArgv, ...TRAINING_CHILD_V8_FLAGS];
}
