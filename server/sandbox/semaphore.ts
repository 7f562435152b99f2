// A counting semaphore for one process: at most `limit` holders at a time, the rest wait in
// arrival order. The web server runs upload-time model checks (a sandboxed onnxruntime load
// each) through one, so a burst of uploads cannot start unbounded onnxruntime processes.
export class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  /** Most holders at once since creation (tests and diagnostics). */
  peakActive = 0;
  /** Most callers waiting at once since creation. */
  peakWaiting = 0;

  constructor(private readonly limit: number) {
    if (!(Number.isInteger(limit) && limit >= 1)) throw new RangeError(`semaphore limit must be a positive integer, got ${limit}`);
  }

  get holders(): number {
    return this.active;
  }

  /** Callers waiting for a slot now. */
  get queued(): number {
    return this.waiting.length;
  }

  private async acquire(): Promise<void> {
    if (this.active < this.limit) {
      this.active++;
    } else {
      await new Promise<void>((resolve) => {
        this.waiting.push(resolve);
        this.peakWaiting = Math.max(this.peakWaiting, this.waiting.length);
      });
      // The releaser handed its slot over: `active` did not drop in between.
    }
    this.peakActive = Math.max(this.peakActive, this.active);
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }

  /** Runs `task` while holding one slot; the slot is released however the task ends. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await task();
    } finally {
      this.release();
    }
  }
}
