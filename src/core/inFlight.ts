/**
 * Work in flight (requests and turns that run after a webhook's answer), so shutdown can wait for it.
 */
export class InFlight {
  private readonly pending = new Set<Promise<unknown>>();
  private readonly waiters = new Set<() => void>();

  get size(): number {
    return this.pending.size;
  }

  /** Tracks a promise until it settles; returns it unchanged. */
  track<T>(work: Promise<T>): Promise<T> {
    this.pending.add(work);
    const done = (): void => {
      this.pending.delete(work);
      if (this.pending.size === 0) for (const wake of [...this.waiters]) wake();
    };
    work.then(done, done);
    return work;
  }

  /** Resolves true when nothing is in flight, or false once `timeoutMs` passes first. */
  idle(timeoutMs: number): Promise<boolean> {
    if (this.pending.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(wake);
        resolve(false);
      }, timeoutMs);
      this.waiters.add(wake);
    });
  }
}
