/**
 * How a training child notices that its host died: its IPC channel closed (node's 'disconnect'), or its parent
 * pid changed (the orphan was re-parented; this also covers Electron's utilityProcess, whose parentPort has no
 * disconnect event). Polls from the child's event loop every `intervalMs` (default 250 ms); the heartbeat
 * thread covers a loop blocked in a long step (src/host/train/heartbeat-thread.ts).
 */
export interface ParentWatchOptions {
  /** The parent pid at start. */
  parentPid: number;
  /** The current parent pid (default: process.ppid). */
  ppid?: () => number;
  /** Registers a callback for the channel to the parent closing, where the transport has one. */
  onDisconnect?: (cb: () => void) => void;
  intervalMs?: number;
}

/** Calls `onGone` once, with why, when the parent is gone; returns a function that stops watching. */
export function watchParent(opts: ParentWatchOptions, onGone: (why: string) => void): () => void {
  const ppid = opts.ppid ?? (() => process.ppid);
  let done = false;
  const gone = (why: string): void => {
    if (done) return;
    done = true;
    clearInterval(timer);
    onGone(why);
  };
  const timer = setInterval(() => {
    const now = ppid();
    if (now !== opts.parentPid) gone(`its host process (pid ${opts.parentPid}) ended (the training process's parent is now pid ${now})`);
  }, opts.intervalMs ?? 250);
  timer.unref();
  opts.onDisconnect?.(() => gone(`its host process (pid ${opts.parentPid}) closed the connection`));
  return () => {
    done = true;
    clearInterval(timer);
  };
}
