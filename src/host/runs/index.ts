/** The runs folder on disk: public API. */
export { cleanStaleTmp, isTmpName, writeFileAtomic } from './atomic-file.js';
export {
  CHECKPOINT_MAGIC,
  CHECKPOINT_VERSION,
  type CheckpointData,
  decodeCheckpoint,
  encodeCheckpoint,
  readCheckpoint,
  writeCheckpoint,
} from './checkpoint-file.js';
export {
  type ComparisonMember,
  type ComparisonRecord,
  comparisonRecordSchema,
  type ComparisonStatus,
} from './comparison-record.js';
export { type ComparisonInit, type ComparisonPatch, ComparisonStore } from './comparison-store.js';
export { CSV_HEADER, metricsToCsv } from './csv-export.js';
export { RunStoreError, type RunStoreErrorCode } from './errors.js';
export { type FileStat, type FsOps, nodeFsOps, type WritableFile } from './fs-ops.js';
export { DEFAULT_STALE_MS, type LivenessOptions, staleReason } from './liveness.js';
export {
  MetricsAppender,
  type MetricsReadResult,
  parseMetricsText,
  readMetrics,
  truncateMetricsAfter,
} from './metrics-log.js';
export { isPidAlive } from './process-alive.js';
export { newRunId, slugify } from './run-id.js';
export {
  assertEntryId,
  CHECKPOINT_FILE,
  COMPARISON_FILE,
  METRICS_FILE,
  RUN_FILE,
  RunPaths,
  STATE_DICT_FILE,
} from './run-paths.js';
export {
  type ListProblem,
  type ResumeInfo,
  type RunInit,
  RunStore,
  type RunStoreOptions,
  type StoreListing,
} from './run-store.js';
export { type RunRecordPatch, RunWriter } from './run-writer.js';
export { defaultRunsDir, RUNS_DIR_ENV, resolveRunsDir } from './runs-dir.js';
export { parseStateDictJson, readStateDictJson, stateDictJsonText, writeStateDictJson } from './state-dict-json.js';
export type { TensorData, TensorMap } from './tensor-map.js';
