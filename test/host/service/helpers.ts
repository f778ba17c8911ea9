/** Shared set-up for the service tests: a temp runs folder, a service with real deps and an injectable transport. */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StudioEvent } from '../../../src/contract/api.js';
import { defaultServiceDeps } from '../../../src/host/service/default-deps.js';
import type { ServiceDeps } from '../../../src/host/service/service-deps.js';
import { StudioService, type StudioServiceOptions } from '../../../src/host/service/studio-service.js';
import { packageRoot } from '../../../src/host/service/app-paths.js';
import { nodeTransport, type TransportFactory } from '../../../src/host/train/fork-run.js';

/** The build's bundle is the worker; without it fork-run falls back to run-worker.js beside the .ts source, which only the build has. */
export const BUILT_WORKER = join(packageRoot(), 'dist', 'src', 'host', 'train', 'run-worker.js');
export const builtWorker: TransportFactory = (workerPath) => nodeTransport(existsSync(workerPath) ? workerPath : BUILT_WORKER);

export async function tempRunsDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'studio-svc-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export async function makeService(
  runsDir: string,
  transport?: TransportFactory,
  deps: Partial<ServiceDeps> = {},
  options: Partial<Pick<StudioServiceOptions, 'maxConcurrentRuns'>> = {},
): Promise<{ service: StudioService; events: StudioEvent[] }> {
  const service = await StudioService.create({
    runsDir,
    host: 'web',
    appVersion: '9.9.9-test',
    ...(transport ? { transport } : {}),
    parallel: 2,
    startTimeoutMs: 30_000,
    deps: { ...defaultServiceDeps(), ...deps },
    ...options,
  });
  const events: StudioEvent[] = [];
  service.subscribe((e) => events.push(e));
  return { service, events };
}

/** Resolves when `pred` holds for some event already seen or arriving later. */
export function waitForEvent(
  service: StudioService,
  events: readonly StudioEvent[],
  pred: (e: StudioEvent) => boolean,
  timeoutMs = 20_000,
): Promise<StudioEvent> {
  const seen = events.find(pred);
  if (seen) return Promise.resolve(seen);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no matching event within ${timeoutMs} ms; saw: ${events.map((e) => e.type).join(', ')}`));
    }, timeoutMs);
    const off = service.subscribe((e) => {
      if (pred(e)) {
        clearTimeout(timer);
        off();
        resolve(e);
      }
    });
  });
}

/** The `job` event that says `id` has ended. */
export const jobEnded = (id: string) => (e: StudioEvent) => e.type === 'job' && e.id === id && e.state === null;
