/**
 * Starts `node bin/lstm-studio.js serve --port 0 --runs-dir <dir>` and reads the URL it prints
 * (`http://127.0.0.1:PORT/?token=…`). Stops it with SIGINT (then SIGTERM / SIGKILL if it lingers).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { CLI_BIN, REPO_ROOT } from './paths.js';

export interface ServeHandle {
  url: string;
  origin: string;
  port: number;
  token: string;
  /** Everything the process printed so far (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

const URL_RE = /(http:\/\/127\.0\.0\.1:(\d+)\/\S*token=([A-Za-z0-9_-]+)\S*)/;

export function startServe(runsDir: string, timeoutMs = 60_000, extraArgs: readonly string[] = []): Promise<ServeHandle> {
  const child: ChildProcess = spawn(process.execPath, [CLI_BIN, 'serve', '--port', '0', '--runs-dir', runsDir, ...extraArgs], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  let out = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGINT');
    const t1 = setTimeout(() => child.kill('SIGTERM'), 8000);
    const t2 = setTimeout(() => child.kill('SIGKILL'), 15000);
    await exited;
    clearTimeout(t1);
    clearTimeout(t2);
  };

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`serve printed no URL within ${timeoutMs} ms; output:\n${out}`));
    }, timeoutMs);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = URL_RE.exec(out);
      if (m) {
        clearTimeout(timer);
        const url = m[1];
        resolve({ url, origin: `http://127.0.0.1:${m[2]}`, port: Number(m[2]), token: m[3], output: () => out, stop });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (code ${code}, signal ${signal}) before printing its URL; output:\n${out}`));
    });
  });
}
