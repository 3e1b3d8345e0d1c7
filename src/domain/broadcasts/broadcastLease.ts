/**
 * One instance at a time works on a broadcast: its lease is the `holder` and `until` of the broadcast's
 * progress document, written with the document's ETag (so two instances taking it at once: one wins),
 * renewed every third of its length, and taken over by another instance once `until` has passed (the
 * holder died). The same ETag-checked writes carry the checkpoint (the cursor of the page being
 * worked), so a holder that lost the lease cannot move the checkpoint either.
 *
 * A holder works only while it holds: `holds()` is false once a renewal failed (another instance took it,
 * or storage did not answer) or once the lease's length has passed since the last write that held, so it
 * stops before its next claim. Blob leases are not used: their shortest length is 15 s, and a broadcast
 * is taken over after BROADCAST_LEASE_SECONDS.
 */
import { StateConflictError } from '../../core/errors';
import { broadcastNames, type BroadcastProgress } from './broadcastJob';
import type { BroadcastStore } from './broadcastStore';

export class BroadcastLease {
  private etag: string;
  private heldSince: number;
  private lost = false;
  private writing: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;
  private readonly controller = new AbortController();

  private constructor(
    private readonly store: BroadcastStore,
    readonly id: string,
    private readonly holder: string,
    private readonly leaseMs: number,
    private current: { value: BroadcastProgress; etag: string },
    startedAt: number,
  ) {
    this.etag = current.etag;
    this.heldSince = startedAt;
    this.timer = setInterval(() => void this.update((p) => p).catch(() => undefined), leaseMs / 3);
    this.timer.unref();
  }

  /**
   * Takes the broadcast's lease when nobody holds it (or its holder's lease has passed) and it is not
   * finished; undefined otherwise (another instance won, or it is done).
   */
  static async take(
    store: BroadcastStore,
    id: string,
    holder: string,
    leaseMs: number,
  ): Promise<BroadcastLease | undefined> {
    const found = await store.progress(id);
    if (!found || found.value.state === 'done' || found.value.state === 'cancelled') return undefined;
    const now = Date.now();
    const { holder: other, until } = found.value;
    if (other !== undefined && other !== holder && until !== undefined && until > now) return undefined;
    const value: BroadcastProgress = {
      ...found.value,
      state: 'running',
      holder,
      until: now + leaseMs,
      updatedAt: new Date(now).toISOString(),
    };
    try {
      const etag = await store.documents.putJson(broadcastNames(id).progress, value, { ifMatch: found.etag });
      return new BroadcastLease(store, id, holder, leaseMs, { value, etag }, now);
    } catch (error) {
      if (error instanceof StateConflictError) return undefined;
      throw error;
    }
  }

  get progress(): BroadcastProgress {
    return this.current.value;
  }

  /** Aborts when the lease is lost. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** True while this instance may go on: no renewal failed and the lease has not run out. */
  holds(): boolean {
    return !this.lost && Date.now() < this.heldSince + this.leaseMs;
  }

  /** Changes the progress (and renews the lease); writes run one at a time. Rejects once it is lost. */
  update(change: (progress: BroadcastProgress) => BroadcastProgress, giveUp = false): Promise<void> {
    const write = this.writing.then(async () => {
      if (this.lost) throw new StateConflictError(broadcastNames(this.id).progress);
      const started = Date.now();
      const value = {
        ...change(this.current.value),
        holder: this.holder,
        until: giveUp ? started : started + this.leaseMs,
        updatedAt: new Date(started).toISOString(),
      };
      try {
        this.etag = await this.store.documents.putJson(broadcastNames(this.id).progress, value, {
          ifMatch: this.etag,
        });
        this.current = { value, etag: this.etag };
        this.heldSince = started;
      } catch (error) {
        this.lose(error);
        throw error;
      }
    });
    this.writing = write.catch(() => undefined);
    return write;
  }

  /** Stops renewing and gives the lease up (another may take it at once); `finalState` ends the broadcast. */
  async release(finalState?: 'done' | 'cancelled'): Promise<void> {
    clearInterval(this.timer);
    if (this.holds())
      await this.update((p) => ({ ...p, ...(finalState ? { state: finalState } : {}) }), true).catch(
        () => undefined,
      );
    this.lose(new Error('released'));
    if (finalState) await this.store.finished(this.id);
  }

  private lose(reason: unknown): void {
    this.lost = true;
    clearInterval(this.timer);
    if (!this.controller.signal.aborted) this.controller.abort(reason);
  }
}
