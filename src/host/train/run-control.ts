/** A RunControl driven by commands (stop / pause / resume), as the worker and in-process hosts use it. */
import type { RunControl } from './run-job.js';

export class CommandControl implements RunControl {
  private stop = false;
  private pause = false;
  private wake: (() => void) | null = null;

  get stopRequested(): boolean {
    return this.stop;
  }

  get paused(): boolean {
    return this.pause;
  }

  requestStop(): void {
    this.stop = true;
    this.release();
  }

  requestPause(): void {
    this.pause = true;
  }

  requestResume(): void {
    this.pause = false;
    this.release();
  }

  waitIfPaused(): Promise<void> {
    if (!this.pause || this.stop) return Promise.resolve();
    return new Promise((resolve) => {
      this.wake = resolve;
    });
  }

  private release(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }
}
