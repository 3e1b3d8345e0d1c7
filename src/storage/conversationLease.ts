/**
 * One instance at a time per conversation, across instances: a blob lease on `locks/<conversation>`,
 * renewed while work runs and released after. A dead instance's lease lapses after its duration, so its
 * conversations are taken over by whoever drains them next.
 */
import { RestError } from '@azure/storage-blob';
import type { BlobAccount } from './blobAccount';
import { toStorageError } from './blobAccount';
import { encodeKey } from './blobName';

/** Azure allows 15 to 60 seconds (or infinite). */
export const LEASE_SECONDS = 15;

export class ConversationLease {
  /** Lock blobs this process knows exist (saves a write per drain). */
  private readonly known = new Set<string>();

  constructor(
    private readonly account: BlobAccount,
    private readonly seconds = LEASE_SECONDS,
  ) {}

  /**
   * Runs `work` while holding the conversation's lease; resolves `false` at once when another instance
   * holds it. The lease is renewed every third of its duration and released afterwards.
   */
  async withLease(key: string, work: () => Promise<void>): Promise<boolean> {
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
    const renew = setInterval(
      () => {
        lease.renewLease().catch(() => undefined);
      },
      (this.seconds * 1000) / 3,
    );
    try {
      await work();
    } finally {
      clearInterval(renew);
      await lease.releaseLease().catch(() => undefined);
    }
    return true;
  }
}
