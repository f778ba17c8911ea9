/** What the views say about live work: the parallel question before a start, and a run's row in the Runs view. */
import { describe, expect, it } from 'vitest';
import { parallelQuestion } from '../../renderer/src/lib/parallel-question.js';
import { runRowView } from '../../renderer/src/lib/run-rows.js';
import { runConfigSchema } from '../../src/contract/config.js';
import type { RunRecord } from '../../src/contract/run-record.js';

const machine = { cores: 8, maxConcurrentRuns: 2 };

describe('parallelQuestion', () => {
  it('asks nothing when nothing trains', () => {
    expect(parallelQuestion('run', [], [], machine)).toBeNull();
    expect(parallelQuestion('run', [{ id: 'a', kind: 'run', state: 'stopping' }], [], machine)).toBeNull();
  });

  it('says what trains, how many cores the machine has, and whether the new one would wait', () => {
    const one = parallelQuestion('run', [{ id: 'a', kind: 'run', state: 'running' }], [], machine)!;
    expect(one.title).toBe('Start another run in parallel?');
    expect(one.message).toBe('1 job is training here. This machine has 8 cores; runs in parallel share them, so each one trains more slowly. The studio trains up to 2 at a time.');
    const full = parallelQuestion(
      'comparison',
      [{ id: 'a', kind: 'run', state: 'running' }, { id: 'b', kind: 'comparison', state: 'paused' }, { id: 'c', kind: 'run', state: 'queued' }],
      [{ id: 'd', kind: 'run', pid: 7 }],
      machine,
    )!;
    expect(full.message).toMatch(/^2 jobs are training here, 1 run waits in the queue, 1 run is training in another studio\. This machine has 8 cores/);
    expect(full.message).toMatch(/the new comparison will wait in the queue\.$/);
    expect(full.confirmLabel).toBe('Compare in parallel');
  });
});

describe('runRowView', () => {
  const rec = (over: Partial<RunRecord>): RunRecord => ({
    id: 'r1', name: 'r', status: 'stopped', config: runConfigSchema.parse({}), versions: {}, seed: 0, plannedSteps: 10, step: 5, checkpointStep: 5,
    createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', ...over,
  });

  it('a run another studio trains: shown as such, no resume, no delete, saying why', () => {
    const v = runRowView(rec({ status: 'running', pid: 7 }), [], [{ id: 'r1', kind: 'run', pid: 7 }]);
    expect(v).toMatchObject({ status: 'elsewhere', label: 'running elsewhere', canResume: false, canDelete: false });
    expect(v.deleteTitle).toMatch(/process 7 of another studio/);
  });

  it('stopped by the host and by the user read differently; both resume and delete', () => {
    expect(runRowView(rec({ stoppedBy: 'host' }), [], [])).toMatchObject({ label: 'stopped by host', canResume: true, canDelete: true });
    expect(runRowView(rec({ stoppedBy: 'user' }), [], [])).toMatchObject({ label: 'stopped', title: 'Stopped by you' });
  });

  it('a live run here shows its state and cannot be deleted', () => {
    expect(runRowView(rec({ status: 'running' }), [{ id: 'r1', kind: 'run', state: 'paused' }], [])).toMatchObject({ status: 'paused', canDelete: false, canResume: false });
  });
});
