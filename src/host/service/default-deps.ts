/**
 * The real ServiceDeps: runs and comparisons through the launchers in src/host/train and src/host/compare, the
 * runs folder through RunStore. Backends, presets, datasets and the shapes report are imported on first use, so
 * a host starts without loading tfjs.
 */
import { resumeComparison } from '../compare/resume-comparison.js';
import { runComparison } from '../compare/run-comparison.js';
import { RunStore } from '../runs/run-store.js';
import { forkRun } from '../train/fork-run.js';
import type { ServiceDeps } from './service-deps.js';

export function defaultServiceDeps(): ServiceDeps {
  return {
    forkRun: (job, transport) => forkRun(job, transport),
    runComparison: (req, opts) => runComparison(req, opts),
    resumeComparison: (id, opts) => resumeComparison(id, opts),
    openStore: (runsDir) => new RunStore(runsDir),
    detectBackends: async () => (await import('../backend/backends.js')).detectBackends(),
    presets: async () => (await import('../../engine/presets.js')).PRESETS,
    datasets: async () => (await import('../data/load-dataset.js')).describeDatasets(),
    datasetInfo: async (spec) => (await import('../data/load-dataset.js')).datasetInfoFor(spec),
    shapeReport: async (model, batch, seqLen) => {
      const [{ selectBackend }, { shapeReport }] = await Promise.all([
        import('../backend/backends.js'),
        import('../../engine/shapes.js'),
      ]);
      // The report is small; the plain-JS backend keeps it deterministic and needs nothing installed.
      await selectBackend('cpu');
      return shapeReport({ model, batch, seqLen });
    },
  };
}
