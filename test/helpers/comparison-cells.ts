/** Synthetic comparison cells for the statistics tests (no training). */
import type { ComparisonCell } from '../../src/contract/comparison.js';

export function cell(variant: string, repeat: number, testAcc: number | null, extra: Partial<ComparisonCell> = {}): ComparisonCell {
  const completed = testAcc !== null;
  return {
    variant,
    repeat,
    runId: `cmp-1-${variant.replace('_', '-')}-${repeat}`,
    status: completed ? 'completed' : 'failed',
    testAcc,
    testLoss: completed ? 1 - testAcc : null,
    trainLoss: completed ? 1.1 - testAcc : null,
    wallMs: completed ? 60_000 + repeat * 1000 : null,
    featureWidth: variant === 'hidden_concat' ? 200 : 100,
    headParams: variant === 'hidden_concat' ? 2010 : 1010,
    numClasses: 10,
    chance: 0.1135,
    padded: false,
    ...extra,
  };
}

/** Cells for each variant from its list of accuracies (repeat = index). */
export function cellsOf(accs: Record<string, readonly (number | null)[]>, extra: Partial<ComparisonCell> = {}): ComparisonCell[] {
  return Object.entries(accs).flatMap(([v, list]) => list.map((acc, r) => cell(v, r, acc, extra)));
}
