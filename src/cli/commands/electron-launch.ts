/**
 * Runs Electron for `lstm-studio start` and decides whether it really ran. A launch failed when Electron could
 * not be spawned, exited with an error right away, or was killed by a signal right away (SIGTRAP/SIGABRT: the
 * sandbox could not start; see electron-crash-advice.ts); then `start` falls back to the browser. Its stderr is
 * passed through and its tail kept for that diagnosis.
 *
 * On POSIX Electron runs in its own process group and SIGINT/SIGTERM/SIGHUP sent to `start` are forwarded to it
 * exactly once: a Ctrl+C delivered to the whole terminal group would otherwise reach Electron twice, and
 * Chromium handles only the first signal gracefully (the second kills it before live runs are checkpointed).
 * An Electron ended by a forwarded signal, or by any signal after it ran a while, is not a failed launch:
 * `start` exits 128 + the signal number, like a shell.
 */
import type { ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import { adviseOnCrash, type CrashAdvice, type CrashContext } from './electron-crash-advice.js';

/** A child that fails this soon after launch never opened a window: fall back to the browser. */
export const EARLY_EXIT_MS = 5_000;

const FORWARDED: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export type LaunchOutcome =
  | { launched: true; code: number; note?: string }
  | { launched: false; reason: string; remedy: string | null };

export interface LaunchWatch {
  earlyExitMs: number;
  binary: string;
  /** Where Electron's stderr is passed through to. */
  stderr: NodeJS.WritableStream;
  /** The rest of the crash context (platform, uid, userns sysctl). */
  crashContext(): Omit<CrashContext, 'signal' | 'stderrTail' | 'binary'>;
  /** Whether signals sent to `start` are forwarded (POSIX, where Electron has its own process group). */
  forwardSignals: boolean;
  /** Subscribes to signals sent to `start` (default: process.on); returns the unsubscribe. */
  onSignal?(signal: NodeJS.Signals, cb: () => void): () => void;
}

const processSignal = (signal: NodeJS.Signals, cb: () => void) => {
  process.on(signal, cb);
  return () => {
    process.off(signal, cb);
  };
};

function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 0);
}

export function watchElectron(child: ChildProcess, watch: LaunchWatch): Promise<LaunchOutcome> {
  const started = Date.now();
  let tail = '';
  child.stderr?.on('data', (d: Buffer) => {
    watch.stderr.write(d);
    tail = (tail + d.toString()).slice(-4000);
  });
  let forwarded: NodeJS.Signals | null = null;
  const subscribe = watch.onSignal ?? processSignal;
  const unsubscribe = (watch.forwardSignals ? FORWARDED : []).map((signal) =>
    subscribe(signal, () => {
      forwarded = signal;
      child.kill(signal);
    }),
  );
  return new Promise((resolveOutcome) => {
    let settled = false;
    const done = (outcome: LaunchOutcome) => {
      if (settled) return;
      settled = true;
      for (const off of unsubscribe) off();
      resolveOutcome(outcome);
    };
    child.once('error', (err) => done({ launched: false, reason: `it could not be launched (${err.message})`, remedy: null }));
    child.once('exit', (code, signal) => {
      const early = Date.now() - started < watch.earlyExitMs;
      if (signal !== null) {
        if (forwarded === null && early) {
          const advice: CrashAdvice = adviseOnCrash({ ...watch.crashContext(), signal, stderrTail: tail, binary: watch.binary });
          return done({ launched: false, ...advice });
        }
        const note = forwarded === null ? `Electron was killed by ${signal}.` : undefined;
        return done({ launched: true, code: signalExitCode(signal), ...(note ? { note } : {}) });
      }
      if (code !== 0 && early) return done({ launched: false, reason: `it exited right away with code ${code ?? '?'}`, remedy: null });
      done({ launched: true, code: code ?? 0 });
    });
  });
}
