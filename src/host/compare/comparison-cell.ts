/**
 * A comparison cell from its member run's record: the final metrics, the model's width, and the data facts
 * the statistics need (classes, chance level = the test split's majority-class rate but at least 1/classes,
 * padding). Used for the stored result and for the live / on-disk views alike.
 */
import type { ComparisonCell } from '../../contract/comparison.js';
import type { RunRecord } from '../../contract/run-record.js';

export function cellFromRecord(
  variant: string,
  repeat: number,
  runId: string | null,
  status: ComparisonCell['status'],
  run: RunRecord | null | undefined,
): ComparisonCell {
  const final = run?.final;
  const data = run?.dataset;
  return {
    variant,
    repeat,
    runId,
    status,
    testAcc: final?.testAcc ?? null,
    testLoss: final?.testLoss ?? null,
    trainLoss: final?.trainLoss ?? null,
    wallMs: final ? final.wallMs : null,
    featureWidth: run?.model?.featureWidth ?? null,
    headParams: run?.model?.headParams ?? null,
    numClasses: data?.numClasses ?? null,
    chance: data ? Math.max(1 / Math.max(1, data.numClasses), data.majorityRate) : null,
    padded: data?.padded ?? null,
  };
}
