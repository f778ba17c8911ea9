/** A RunControl driven by commands (stop / pause / resume), as the worker and in-process hosts use it. */
import type { RunControl, StopReason } from './run-job.js';

export class CommandControl implements RunControl {
  private stop = false;
  private reason: StopReason = 'user';
  private detail: string | null = null;
  private pause = false;
  private wake: (() => void) | null = null;

  get stopRequested(): boolean {
    return this.stop;
  }

  get paused(): boolean {
    return this.pause;
  }

  get stopReason(): StopReason {
    return this.reason;
  }

  get stopDetail(): string | null {
    return this.detail;
  }

  /** Asks the run to stop; a later request does not change the first one's reason, except that a dead host wins. */
  requestStop(reason: StopReason = 'user', detail: string | null = null): void {
    if (!this.stop || reason === 'host-died') {
      this.reason = reason;
      this.detail = detail;
    }
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
