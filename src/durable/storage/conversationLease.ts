/**
 * One instance at a time per conversation, across instances: a blob lease on `leases/<conversation>` in
 * the inbox's container, renewed while work runs and released after. While the earlier layout's container
 * (`<prefix>-ledger`) exists, the lease on its `locks/<conversation>` is taken first as well, so an
 * instance of the earlier version (which takes only that one) and this one never run a conversation at
 * once, during a rolling upgrade too. A dead instance's lease lapses after its duration, so its
 * conversations are taken over by whoever drains them next. A renewal that fails ends the hold: the work is
 * told through its signal, and must stop before anything another holder could then repeat.
 */
import { RestError, type ContainerClient } from '@azure/storage-blob';
import type { BlobAccount } from './blobAccount';
import { toStorageError } from './blobAccount';
import { encodeKey } from './blobName';
import { LEASE_SECONDS, type LeaseStore } from '../turns/turnStores';
import { EARLIER_LAYOUT, INBOX_LAYOUT, InboxPlaces } from './inboxLayout';

export class ConversationLease implements LeaseStore {
  /** Lease blobs this process knows exist (saves a write per drain). */
  private readonly known = new Set<string>();
  private readonly places: InboxPlaces;

  constructor(
    account: BlobAccount,
    private readonly seconds = LEASE_SECONDS,
    /** How often a held lease is renewed (a third of its duration; tests renew faster). */
    private readonly renewEveryMs = (seconds * 1000) / 3,
  ) {
    this.places = new InboxPlaces(account);
  }

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
    const { container } = await this.places.current();
    const earlier = await this.places.earlier();
    if (!earlier) return this.hold(container, INBOX_LAYOUT.leases, key, work);
    let ran = false;
    const held = await this.hold(earlier, EARLIER_LAYOUT.leases, key, async (earlierHeld) => {
      ran = await this.hold(container, INBOX_LAYOUT.leases, key, (own) =>
        work(AbortSignal.any([own, earlierHeld])),
      );
    });
    return held && ran;
  }

  /**
   * Deletes the conversation's lease blobs (a person's erasure: their names carry the person's id). A
   * blob leased at the moment (a turn running) is left, and `false` says so.
   */
  async forget(key: string): Promise<boolean> {
    const containers = [(await this.places.current()).container, await this.places.earlier()];
    let all = true;
    for (const [container, folder] of [
      [containers[0], INBOX_LAYOUT.leases],
      [containers[1], EARLIER_LAYOUT.leases],
    ] as const) {
      if (!container) continue;
      this.known.delete(`${container.containerName}/${key}`);
      try {
        await container.getBlockBlobClient(folder + encodeKey(key)).deleteIfExists();
      } catch (error) {
        if (error instanceof RestError && (error.statusCode === 409 || error.statusCode === 412)) all = false;
        else throw toStorageError(error, key);
      }
    }
    return all;
  }

  /** Runs `work` holding the lease of the blob `<folder><key>` in `container`; false when it is held. */
  private async hold(
    container: ContainerClient,
    folder: string,
    key: string,
    work: (held: AbortSignal) => Promise<void>,
  ): Promise<boolean> {
    const blob = container.getBlockBlobClient(folder + encodeKey(key));
    const known = `${container.containerName}/${key}`;
    if (!this.known.has(known)) {
      try {
        await blob.upload('', 0, { conditions: { ifNoneMatch: '*' } });
      } catch (error) {
        if (!(error instanceof RestError && (error.statusCode === 409 || error.statusCode === 412))) {
          throw toStorageError(error, key);
        }
      }
      if (this.known.size > 50_000) this.known.clear();
      this.known.add(known);
    }
    const lease = blob.getBlobLeaseClient();
    try {
      await lease.acquireLease(this.seconds);
    } catch (error) {
      if (error instanceof RestError && error.statusCode === 409) return false;
      if (error instanceof RestError && error.statusCode === 404 && this.known.delete(known))
        return this.hold(container, folder, key, work);
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
