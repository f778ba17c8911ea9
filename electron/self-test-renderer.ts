/**
 * The renderer half of the desktop self-test (self-test.ts): trains a tiny run through `window.studio`, the
 * preload's contextBridge API, so every call crosses the real IPC (preload → `ipcRenderer.invoke` → the
 * sender-checked `ipcMain` handlers → StudioService → a utility process) and comes back as `ApiResult` data.
 *
 * main.ts runs it with `webContents.executeJavaScript(`(${trainThroughBridge})(…)`)`, so it must stand alone:
 * no imports at run time, no helpers from this module, plain data in and out.
 */
import type { ApiRequestInput, StudioApi } from '../src/contract/api.js';

export interface BridgeRunResult {
  ok: boolean;
  /** Where it failed, or "done". */
  stage: 'bridge' | 'getInfo' | 'startRun' | 'wait' | 'done';
  detail: string;
  host?: string;
  runsDir?: string;
  runId?: string;
  status?: string;
  step?: number;
  /** Metric records getRun returned. */
  metrics?: number;
  /** Event types seen for the run on the event channel. */
  events?: string[];
}

export async function trainThroughBridge(config: ApiRequestInput<'startRun'>['config'], timeoutMs: number): Promise<BridgeRunResult> {
  const studio = (globalThis as unknown as { studio?: StudioApi }).studio;
  if (!studio || typeof studio.startRun !== 'function') return { ok: false, stage: 'bridge', detail: 'window.studio is missing: the preload did not run' };
  const info = await studio.getInfo();
  if (!info.ok) return { ok: false, stage: 'getInfo', detail: info.error.message };
  const started = await studio.startRun({ config, name: 'desktop self-test' });
  if (!started.ok) return { ok: false, stage: 'startRun', detail: `${started.error.code}: ${started.error.message}` };
  const runId = started.value.runId;
  const events = new Set<string>();
  const off = studio.onEvent((event) => {
    if ('runId' in event && event.runId === runId) events.add(event.type);
  });
  const common = { host: info.value.host, runsDir: info.value.runsDir, runId };
  try {
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; ) {
      const run = await studio.getRun(runId);
      if (run.ok && run.value.state === null && run.value.record.status !== 'running') {
        const { record, metrics } = run.value;
        const ok = record.status === 'completed';
        return { ok, stage: 'done', detail: ok ? 'completed' : `ended ${record.status}: ${record.error ?? ''}`, ...common, status: record.status, step: record.step, metrics: metrics.length, events: [...events].sort() };
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return { ok: false, stage: 'wait', detail: `the run did not end within ${timeoutMs} ms`, ...common };
  } finally {
    off();
  }
}
