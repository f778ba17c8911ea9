/**
 * Training slots: at most `limit` training children at once (default: the machine's cores). A run, or a cell
 * of a comparison, takes a slot before its child starts and gives it back when the child has ended; beyond the
 * limit, requests wait in order (first come, first served). A waiting request can be cancelled (a queued run
 * that is stopped).
 */
export interface SlotTicket {
  /** True once this request holds a slot; false when it was cancelled before getting one. */
  readonly granted: Promise<boolean>;
  /** Whether the slot was free at once (no waiting). */
  readonly immediate: boolean;
  /** Gives the slot back (or leaves the queue); idempotent. */
  release(): void;
}

/** Where a comparison's cells get their slots from. */
export type SlotSource = () => SlotTicket;

export class RunSlots {
  private busy = 0;
  private readonly waiting: { grant: (ok: boolean) => void }[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`training slots: expected a positive integer limit, got ${limit}`);
  }

  /** Slots in use. */
  get used(): number {
    return this.busy;
  }

  /** Requests waiting for a slot. */
  get queued(): number {
    return this.waiting.length;
  }

  request(): SlotTicket {
    let state: 'waiting' | 'held' | 'done' = 'waiting';
    let grant!: (ok: boolean) => void;
    const granted = new Promise<boolean>((resolve) => {
      grant = (ok) => {
        if (state !== 'waiting') return;
        state = ok ? 'held' : 'done';
        resolve(ok);
      };
    });
    const entry = { grant: (ok: boolean) => grant(ok) };
    const immediate = this.busy < this.limit && this.waiting.length === 0;
    if (immediate) {
      this.busy++;
      grant(true);
    } else {
      this.waiting.push(entry);
    }
    return {
      granted,
      immediate,
      release: () => {
        if (state === 'waiting') {
          this.waiting.splice(this.waiting.indexOf(entry), 1);
          grant(false);
          return;
        }
        if (state === 'held') {
          state = 'done';
          this.busy--;
          this.next();
        }
      },
    };
  }

  private next(): void {
    while (this.busy < this.limit && this.waiting.length > 0) {
      this.busy++;
      this.waiting.shift()!.grant(true);
    }
  }
}
