/**
 * Runs work one at a time per key, in the order it was queued; different keys run concurrently. Turns of
 * one conversation must not overlap (a person's second message waits for the first turn to finish).
 * In-process only: ordering across instances is the scale issue's storage-backed guard.
 */
export class SerialQueue {
  private readonly tails = new Map<string, Promise<void>>();

  /** Queues `work` behind earlier work of the same key; resolves or rejects with it. */
  run(key: string, work: () => Promise<void>): Promise<void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const current = previous.then(work, work);
    const tail = current.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return current;
  }

  /** Keys with work queued or running. */
  get size(): number {
    return this.tails.size;
  }
}
