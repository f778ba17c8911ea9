/**
 * THE studio API: one table of invoke channels, after electron/fiddle's and GitHub Desktop's typed IPC.
 *
 * - `API` maps each method name (`getInfo`, `startRun`, …; the list lives in `api-methods.ts`) to a zod
 *   `request` schema (what the caller sends) and a zod `response` schema (the `value` of a successful reply).
 *   The channel name is `studio:<method>` (`channelOf`); events travel on the one `studio:event` channel.
 * - Every reply is `ApiResult`: `{ ok: true, value }` or `{ ok: false, error: { code, message, fields? } }`
 *   (`api-result.ts`). Errors are data; nothing is thrown across IPC or the WebSocket.
 * - The host validates every request with the table before any handler runs (invalid → `code: 'invalid'`
 *   with the field path and the expected range; nothing started).
 * - Everything else is derived from the table, as types only: `ApiHandlers` (what the host implements, on
 *   parsed requests), `IpcHandler` (one `ipcMain.handle` callback), `StudioApi` (what `window.studio` and the
 *   browser bridge implement; the preload wrapper has exactly this type), and the WebSocket frames (`api-wire.ts`).
 *
 * The renderer imports only types and schemas from here.
 */
import { z } from 'zod';
import { LIMITS, modelConfigSchema, runConfigSchema } from './config.js';
import { compareRequestSchema, comparisonCellSchema, comparisonResultSchema } from './comparison.js';
import { metricRecordSchema, runIdSchema, runRecordSchema } from './run-record.js';
import { shapeReportSchema } from './shapes.js';
import { datasetInfoSchema } from './datasets.js';
import { activeJobSchema, externalJobSchema, jobStateSchema, type StudioEvent } from './api-events.js';
import type { ApiMethod } from './api-methods.js';
import { apiResultSchema, type ApiResult } from './api-result.js';

export * from './api-methods.js';
export * from './api-result.js';
export * from './api-events.js';
export { datasetInfoSchema, type DatasetInfo } from './datasets.js';

// ── Payload and value schemas ────────────────────────────────────────────────────────────────────────────

/** One tfjs backend and whether it can run here (from `detectBackends`). */
export const backendStatusSchema = z.object({
  name: z.enum(['tensorflow', 'wasm', 'cpu']),
  available: z.boolean(),
  gpu: z.boolean(),
  detail: z.string(),
});

export const presetInfoSchema = z.object({
  name: z.string(),
  description: z.string(),
  /** The preset's full config (defaults filled in), ready to edit and send back to `startRun`. */
  config: runConfigSchema,
});


/** Everything a view needs to build its forms. */
export const infoSchema = z.object({
  appVersion: z.string(),
  /** Absolute runs folder of this host. */
  runsDir: z.string(),
  /** Which host serves the API. */
  host: z.enum(['electron', 'web']),
  backends: z.array(backendStatusSchema),
  presets: z.array(presetInfoSchema),
  datasets: z.array(datasetInfoSchema),
  /** The config ranges (`LIMITS` of config.ts): field → [min, max]. */
  limits: z.record(z.string(), z.tuple([z.number(), z.number()])),
  /** CPU cores of the host machine (training children share them). */
  cores: z.number().int().positive(),
  /** Training children the host runs at once; further runs (and comparison cells) wait in a queue. */
  maxConcurrentRuns: z.number().int().positive(),
});
export type StudioInfo = z.infer<typeof infoSchema>;
export type Limits = typeof LIMITS;

/** `startRun`: a run config (validated field by field) plus an optional preset name and label. */
export const startRunRequestSchema = z.strictObject({
  config: runConfigSchema,
  preset: z.string({ error: 'expected a preset name' }).min(1).max(80, { error: 'expected at most 80 characters' }).optional(),
  name: z.string({ error: 'expected a label' }).min(1).max(200, { error: 'expected at most 200 characters' }).optional(),
});

/** The ids `stop` / `pause` / `resume` / `get*` / `deleteRun` / `exportCsv` take: a run or comparison id. */
export const jobIdSchema = runIdSchema;

export const runDetailSchema = z.object({
  record: runRecordSchema,
  /** Every metric record on disk, in order. */
  metrics: z.array(metricRecordSchema),
  /** True when the last line of metrics.jsonl was cut short (a crash mid-write) and was skipped. */
  tailCut: z.boolean(),
  /** Lines that could not be read as metric records (skipped). */
  badLines: z.number().int(),
  /** What the service is doing with this run now (null: not live). */
  state: jobStateSchema.nullable(),
});
export type RunDetail = z.infer<typeof runDetailSchema>;

/** A comparison's lifecycle status (as stored in `comparison.json`). */
export const COMPARISON_STATUSES = ['running', 'completed', 'stopped', 'failed', 'interrupted'] as const;

export const comparisonSummarySchema = z.object({
  id: runIdSchema,
  name: z.string(),
  status: z.enum(COMPARISON_STATUSES),
  variants: z.array(z.string()),
  repeats: z.number().int(),
  createdAt: z.string(),
  finishedAt: z.string().optional(),
  error: z.string().optional(),
  /** What the service is doing with it now (null: not live). */
  state: jobStateSchema.nullable(),
  /** The summarized result (null while it runs, or when it ended before producing one). */
  result: comparisonResultSchema.nullable(),
});
export type ComparisonSummary = z.infer<typeof comparisonSummarySchema>;

export const comparisonDetailSchema = comparisonSummarySchema.extend({
  /** The base config every variant starts from. */
  config: runConfigSchema,
  /** Every variant × repeat cell, `pending` before its run has started; metrics from the member runs. */
  cells: z.array(comparisonCellSchema),
  /** Its member runs on disk. */
  runs: z.array(runRecordSchema),
});
export type ComparisonDetail = z.infer<typeof comparisonDetailSchema>;

/** `shapes`: a model (inputSize or vocabSize set) and a small batch / sequence to trace real tensors with. */
export const SHAPES_LIMITS = { batch: [1, 64], seqLen: [1, 512] } as const;
const smallInt = (name: keyof typeof SHAPES_LIMITS) => {
  const [lo, hi] = SHAPES_LIMITS[name];
  const error = `expected an integer from ${lo} to ${hi}`;
  return z.number({ error }).int({ error }).min(lo, { error }).max(hi, { error });
};
export const shapesRequestSchema = z
  .strictObject({ model: modelConfigSchema, batch: smallInt('batch'), seqLen: smallInt('seqLen') })
  .refine((r) => r.model.inputSize !== undefined || r.model.vocabSize !== undefined, {
    path: ['model', 'inputSize'],
    error: 'set inputSize (feature inputs) or vocabSize (token inputs)',
  });

/** `datasetInfo`: a dataset spec as the config would carry it. */
export const datasetInfoRequestSchema = z.strictObject({
  spec: z.string({ error: 'expected a dataset spec' }).min(1, { error: 'expected a dataset spec' }).max(4096, { error: 'expected at most 4096 characters' }),
});

// ── The table ───────────────────────────────────────────────────────────────────────────────────────────

interface ChannelSpec {
  request: z.ZodType;
  response: z.ZodType;
}

const none = z.undefined({ error: 'expected no payload' });

export const API = {
  /** Backends, presets, datasets, config limits, app version, runs folder. */
  getInfo: { request: none, response: infoSchema },
  /**
   * Starts one training run in its own child process; resolves once the child has created the run (`running`),
   * or at once with `queued` when every training slot is taken (it starts when one frees up).
   */
  startRun: { request: startRunRequestSchema, response: z.object({ runId: runIdSchema, state: jobStateSchema }) },
  /** Starts a comparison (variants × repeats, parallel children); resolves once comparison.json exists. */
  startCompare: { request: compareRequestSchema, response: z.object({ comparisonId: runIdSchema }) },
  /** Asks a live run or comparison to stop (it checkpoints and ends with status `stopped`). */
  stop: { request: jobIdSchema, response: activeJobSchema },
  /** Pauses a live run or comparison between steps. */
  pause: { request: jobIdSchema, response: activeJobSchema },
  /**
   * Resumes a paused job; continues a stopped / interrupted run from its last checkpoint; continues an
   * interrupted comparison (unfinished cells from their checkpoints, then a new summary).
   */
  resume: { request: jobIdSchema, response: activeJobSchema },
  /** Every run on disk (newest first), the jobs live here now, and the runs live in another host's process. */
  listRuns: {
    request: none,
    response: z.object({ runs: z.array(runRecordSchema), active: z.array(activeJobSchema), elsewhere: z.array(externalJobSchema) }),
  },
  /** One run: record, metric records, whether the metrics tail was cut. */
  getRun: { request: runIdSchema, response: runDetailSchema },
  /** Every comparison on disk (newest first), with its live state. */
  listComparisons: { request: none, response: z.array(comparisonSummarySchema) },
  /** One comparison: its cells (live or stored), result, member runs. */
  getComparison: { request: jobIdSchema, response: comparisonDetailSchema },
  /** Deletes a run that is not live (here, or in another host's process). */
  deleteRun: { request: runIdSchema, response: z.object({ id: runIdSchema }) },
  /** A run's metrics as CSV text, with a suggested file name. */
  exportCsv: { request: runIdSchema, response: z.object({ fileName: z.string(), csv: z.string() }) },
  /** The shapes report: tensor shapes for both layouts and identity checks on real tensors. */
  shapes: { request: shapesRequestSchema, response: shapeReportSchema },
  /** What is known about one dataset spec (`imdb`, `task:last-token`, `csv:my.csv`): source, licence, size, balance. */
  datasetInfo: { request: datasetInfoRequestSchema, response: datasetInfoSchema },
} as const satisfies Record<ApiMethod, ChannelSpec>;

// ── Derived types ───────────────────────────────────────────────────────────────────────────────────────

type Spec<M extends ApiMethod> = (typeof API)[M];
/** What a caller may send (defaults not yet applied). */
export type ApiRequestInput<M extends ApiMethod> = z.input<Spec<M>['request']>;
/** The request after validation (defaults applied): what handlers receive. */
export type ApiRequest<M extends ApiMethod> = z.output<Spec<M>['request']>;
/** The `value` of a successful reply. */
export type ApiValue<M extends ApiMethod> = z.output<Spec<M>['response']>;
/** The whole reply. */
export type ApiResponse<M extends ApiMethod> = ApiResult<ApiValue<M>>;

/** Arguments of a `StudioApi` method: none when the request is `undefined`, else the one payload. */
export type ApiArgs<M extends ApiMethod> = [ApiRequestInput<M>] extends [undefined] ? [] : [payload: ApiRequestInput<M>];

/** The host side: one handler per method, called with a validated request; throw `ApiFailure` for errors. */
export type ApiHandlers = { [M in ApiMethod]: (request: ApiRequest<M>) => Promise<ApiValue<M>> };

/** One `ipcMain.handle` callback: untrusted payload in, reply out (never throws). */
export type IpcHandler<M extends ApiMethod> = (event: unknown, payload: unknown) => Promise<ApiResponse<M>>;

/** Unsubscribes an event listener. */
export type Unsubscribe = () => void;

/** `window.studio` (Electron preload) and the browser WebSocket bridge both implement exactly this. */
export type StudioApi = { [M in ApiMethod]: (...args: ApiArgs<M>) => Promise<ApiResponse<M>> } & {
  /** Every studio event, until the returned function is called. */
  onEvent(listener: (event: StudioEvent) => void): Unsubscribe;
};

/** The preload wrapper's type: the same surface, nothing else. */
export type PreloadApi = StudioApi;

/** The wire schema of a method's reply. */
export function responseSchemaOf<M extends ApiMethod>(method: M) {
  return apiResultSchema(API[method].response);
}
