/**
 * `lstm-studio serve [--port N] [--runs-dir D] [--renderer-dir D]`: the studio in a browser. Serves the built
 * renderer and the API on 127.0.0.1 behind a random token, prints exactly one line on stdout,
 * `Studio: http://127.0.0.1:PORT/?token=TOKEN`, and serves until SIGINT / SIGTERM (live runs are stopped and
 * checkpointed on the way out, recorded as stopped by the host). Killed outright, its training children notice
 * within a second and end their runs `interrupted` (src/host/train/worker-session.ts).
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { CliIo } from '../cli-io.js';
import { resolveRunsDir } from '../../host/runs/runs-dir.js';
import { defaultRendererDir, readAppVersion } from '../../host/service/app-paths.js';
import { defaultServiceDeps } from '../../host/service/default-deps.js';
import { StudioService } from '../../host/service/studio-service.js';
import { startWebHost, type WebHost } from '../../host/web/web-host.js';

export const SERVE_USAGE = `usage: lstm-studio serve [--port N] [--runs-dir DIR] [--renderer-dir DIR] [--max-runs N]
  --port N           TCP port on 127.0.0.1 (0-65535; default 0: any free port)
  --max-runs N       training processes at once (1-64; default: the core count); more runs wait in a queue
  --runs-dir DIR     runs folder (default: $LSTM_STUDIO_RUNS_DIR, else the per-user data folder)
  --renderer-dir DIR built renderer to serve (default: renderer/dist of this package)`;

export interface ServeOptions {
  port: number;
  /** Training children at once (default: the core count). */
  maxRuns?: number;
  runsDir?: string;
  rendererDir?: string;
}

export type ParsedArgs<T> = { ok: true; value: T } | { ok: false; message: string } | { ok: 'help' };

/** Parses serve's flags; every problem names the flag and what was expected. */
export function parseServeArgs(argv: readonly string[], cwd: string): ParsedArgs<ServeOptions> {
  const out: ServeOptions = { port: 0 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag === '--help' || flag === '-h') return { ok: 'help' };
    if (flag !== '--port' && flag !== '--runs-dir' && flag !== '--renderer-dir' && flag !== '--max-runs') {
      return { ok: false, message: `unknown option "${arg}"` };
    }
    const value = inline ?? argv[++i];
    if (value === undefined || value === '') return { ok: false, message: `${flag}: expected a value` };
    if (flag === '--port') {
      if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) {
        return { ok: false, message: `--port: expected an integer from 0 to 65535, got "${value}"` };
      }
      out.port = Number(value);
    } else if (flag === '--max-runs') {
      if (!/^\d{1,2}$/.test(value) || Number(value) < 1 || Number(value) > 64) {
        return { ok: false, message: `--max-runs: expected an integer from 1 to 64, got "${value}"` };
      }
      out.maxRuns = Number(value);
    } else if (flag === '--runs-dir') {
      out.runsDir = resolve(cwd, value);
    } else {
      out.rendererDir = resolve(cwd, value);
    }
  }
  return { ok: true, value: out };
}

export interface RunningStudio {
  host: WebHost;
  service: StudioService;
  /** Stops live runs (checkpointing them), then the server. */
  close(): Promise<void>;
}

/** Starts the service and the browser host; throws an Error whose message is fit for the user. */
export async function startBrowserStudio(opts: ServeOptions): Promise<RunningStudio> {
  const rendererDir = opts.rendererDir ?? defaultRendererDir();
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error(`the renderer is not built: ${join(rendererDir, 'index.html')} does not exist (build it with "npx vite build --config renderer/vite.config.ts")`);
  }
  const runsDir = resolveRunsDir(opts.runsDir);
  await mkdir(runsDir, { recursive: true });
  const service = await StudioService.create({
    runsDir,
    host: 'web',
    appVersion: readAppVersion(),
    deps: defaultServiceDeps(),
    ...(opts.maxRuns !== undefined ? { maxConcurrentRuns: opts.maxRuns } : {}),
  });
  let host: WebHost;
  try {
    host = await startWebHost({ service, rendererDir, port: opts.port });
  } catch (err) {
    await service.close();
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new Error(`port ${opts.port} on 127.0.0.1 is already in use; choose another with --port`);
    if (code === 'EACCES') throw new Error(`not allowed to listen on port ${opts.port}; choose a port above 1023`);
    throw err;
  }
  return {
    host,
    service,
    close: async () => {
      await service.close();
      await host.close();
    },
  };
}

/** Resolves on the first SIGINT or SIGTERM. */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolveSignal) => {
    const done = (signal: NodeJS.Signals) => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolveSignal(signal);
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
}

/** Serves until `until` settles (default: SIGINT / SIGTERM). */
export async function serveUntil(opts: ServeOptions, io: CliIo, until: Promise<unknown> = untilSignal()): Promise<number> {
  let studio: RunningStudio;
  try {
    studio = await startBrowserStudio(opts);
  } catch (err) {
    io.stderr.write(`lstm-studio serve: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  io.stdout.write(`Studio: ${studio.host.url}\n`);
  await until;
  await studio.close();
  return 0;
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseServeArgs(argv, io.cwd);
  if (parsed.ok === 'help') {
    io.stdout.write(`${SERVE_USAGE}\n`);
    return 0;
  }
  if (!parsed.ok) {
    io.stderr.write(`lstm-studio serve: ${parsed.message}\n${SERVE_USAGE}\n`);
    return 2;
  }
  return serveUntil(parsed.value, io);
}
