import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runConfigSchema } from '../../../src/contract/config.js';
import type { RunRecord } from '../../../src/contract/run-record.js';
import { cellFromRecord } from '../../../src/host/compare/comparison-cell.js';
import { comparisonRecordSchema } from '../../../src/host/runs/comparison-record.js';
import { comparisonDetail, comparisonSummary } from '../../../src/host/service/comparison-view.js';

const run = (dataset?: RunRecord['dataset']): RunRecord => ({
  id: 'r-1', name: 'r', status: 'completed', config: runConfigSchema.parse({}), versions: {}, seed: 0, plannedSteps: 1, step: 1, checkpointStep: 1,
  createdAt: '', updatedAt: '', final: { testAcc: 0.3, testLoss: 1.2, trainLoss: 1.1, steps: 1, wallMs: 5 },
  model: { featureWidth: 8, headParams: 36, params: 100 }, ...(dataset ? { dataset } : {}),
});

describe('cellFromRecord', () => {
  it('carries the chance level: the majority-class rate, but at least 1/classes', () => {
    const c = cellFromRecord('output_step', 0, 'r-1', 'completed', run({ numClasses: 4, trainCount: 10, testCount: 10, majorityRate: 0.3, padded: true }));
    expect(c).toMatchObject({ testAcc: 0.3, featureWidth: 8, numClasses: 4, chance: 0.3, padded: true });
    const balanced = cellFromRecord('output_step', 0, 'r-1', 'completed', run({ numClasses: 4, trainCount: 10, testCount: 10, majorityRate: 0.2, padded: false }));
    expect(balanced.chance).toBe(0.25);
  });

  it('runs recorded before the data facts existed give nulls', () => {
    expect(cellFromRecord('output_step', 1, 'r-1', 'completed', run())).toMatchObject({ numClasses: null, chance: null, padded: null });
    expect(cellFromRecord('output_step', 1, null, 'pending', null)).toMatchObject({ runId: null, status: 'pending', testAcc: null });
  });
});

describe('a comparison stored before issue 12', () => {
  it('is listed and opened with its result migrated (baseline pairs, no warnings)', () => {
    const rec = comparisonRecordSchema.parse(JSON.parse(readFileSync(new URL('../../fixtures/comparisons/stored-before-issue-12.json', import.meta.url), 'utf8')));
    const summary = comparisonSummary(rec, null);
    expect(summary.result?.pairs.map((p) => `${p.a} − ${p.b}`)).toEqual(['hidden_concat − output_step']);
    expect(summary.result?.warnings).toEqual([]);
    expect(comparisonDetail(rec, [], null).cells).toHaveLength(6);
  });
});
