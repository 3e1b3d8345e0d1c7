/**
 * One instance at a time per conversation, across instances: a blob lease on `locks/<conversation>`,
 * renewed while work runs and released after. A dead instance's lease lapses after its duration, so its
 * conversations are taken over by whoever drains them next. A renewal that fails ends the hold: the work is
 * told through its signal, and must stop before anything another holder could then repeat.
 */
import { RestError } from '@azure/storage-blob';
import type { BlobAccount } from './blobAccount';
import { toStorageError } from './blobAccount';
import { encodeKey } from './blobName';
import type { LeaseStore } from '../turns/turnStores';

/** Azure allows 15 to 60 seconds (or infinite). */
export const LEASE_SECONDS = 15;

export class ConversationLease implements LeaseStore {
  /** Lock blobs this process knows exist (saves a write per drain). */
  private readonly known = new Set<string>();

  constructor(
    private readonly account: BlobAccount,
    private readonly seconds = LEASE_SECONDS,
    /** How often a held lease is renewed (a third of its duration; tests renew faster). */
    private readonly renewEveryMs = (seconds * 1000) / 3,
  ) {}

  /**
   * Runs `work` while holding the conversation's lease; resolves `false` at once when another instance
   * holds it. The lease is renewed every third of its duration and released afterwards.
   *
   * `work` is given a signal that aborts when a renewal fails, its `reason` the renewal's error: another
   * holder broke or took the lease, or storage did not answer and this instance can no longer know it
   * holds it. Either way another instance may take the conversation, so the work must check the signal
   * before each step another holder could repeat (a send, the next event) and stop.
   */
  async withLease(key: string, work: (held: AbortSignal) => Promise<void>): Promise<boolean> {
    const container = await this.account.container('ledger');
    const blob = container.getBlockBlobClient(`locks/${encodeKey(key)}`);
    if (!this.known.has(key)) {
      try {
        await blob.upload('', 0, { conditions: { ifNoneMatch: '*' } });
      } catch (error) {
        if (!(error instanceof RestError && (error.statusCode === 409 || error.statusCode === 412))) {
          throw toStorageError(error, key);
        }
      }
      if (this.known.size > 50_000) this.known.clear();
      this.known.add(key);
    }
    const lease = blob.getBlobLeaseClient();
    try {
      await lease.acquireLease(this.seconds);
    } catch (error) {
      if (error instanceof RestError && error.statusCode === 409) return false;
      if (error instanceof RestError && error.statusCode === 404 && this.known.delete(key))
        return this.withLease(key, work);
      throw toStorageError(error, key);
    }
    const held = new AbortController();
    let renewing = false;
    const renew = setInterval(() => {
      if (renewing || held.signal.aborted) return;
      renewing = true;
      lease.renewLease().then(
        () => (renewing = false),
        (error: unknown) => held.abort(error),
      );
    }, this.renewEveryMs);
    try {
      await work(held.signal);
    } finally {
      clearInterval(renew);
      await lease.releaseLease().catch(() => undefined);
    }
    return true;
  }
}
