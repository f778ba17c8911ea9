/**
 * What StudioService needs from the rest of the host, as one injectable bundle: the run launcher, the
 * comparison launchers (new, continued), the runs folder, and the read-only catalogues (backends, presets, datasets, shapes).
 * `defaultServiceDeps` wires the real modules, loading the tfjs-heavy ones lazily so that `serve` starts fast.
 */
import type { RunConfigInput, ModelConfig } from '../../contract/config.js';
import type { CompareRequest } from '../../contract/comparison.js';
import type { MetricRecord, RunRecord } from '../../contract/run-record.js';
import type { ShapeReport } from '../../contract/shapes.js';
import type { DatasetInfo } from '../../contract/datasets.js';
import type { ComparisonRecord } from '../runs/comparison-record.js';
import type { EntryOwner } from '../runs/reconcile.js';
import type { RunJobInput } from '../train/run-job.js';
import type { RunProcess, TransportFactory } from '../train/fork-run.js';
import type { ComparisonHandle, ComparisonOptions } from '../compare/run-comparison.js';

export type { ComparisonHandle, ComparisonOptions };

/** The part of the runs folder the service uses (RunStore implements it). */
export interface RunStoreLike {
  list(): Promise<RunRecord[]>;
  get(id: string): Promise<RunRecord>;
  readMetrics(id: string): Promise<{ records: MetricRecord[]; tailCut: boolean; badLines: number }>;
  delete(id: string): Promise<void>;
  exportCsv(id: string): Promise<string>;
  reconcile(): Promise<unknown>;
  /** Who writes run or comparison `id` now (a live process, here or in another host), or undefined. */
  owner(id: string): Promise<EntryOwner | undefined>;
  listComparisons(): Promise<ComparisonRecord[]>;
  getComparison(id: string): Promise<ComparisonRecord>;
}

export interface BackendStatus {
  name: 'tensorflow' | 'wasm' | 'cpu';
  available: boolean;
  gpu: boolean;
  detail: string;
}

export interface PresetEntry {
  name: string;
  description: string;
  config: RunConfigInput;
}

/** One dataset the host offers, with its source, licence, size and class balance when known. */
export type DatasetEntry = DatasetInfo;

export interface ServiceDeps {
  forkRun(job: RunJobInput, transport?: TransportFactory): RunProcess;
  runComparison(req: CompareRequest, opts: ComparisonOptions): ComparisonHandle;
  /** Continues a comparison that did not finish (see src/host/compare/resume-comparison.ts). */
  resumeComparison(id: string, opts: ComparisonOptions): ComparisonHandle;
  openStore(runsDir: string): RunStoreLike;
  detectBackends(): Promise<BackendStatus[]>;
  presets(): Promise<readonly PresetEntry[]>;
  datasets(): Promise<readonly DatasetEntry[]>;
  /** The facts for one spec; rejects with a DatasetError for a spec no dataset answers. */
  datasetInfo(spec: string): Promise<DatasetEntry>;
  shapeReport(model: ModelConfig, batch: number, seqLen: number): Promise<ShapeReport>;
}
