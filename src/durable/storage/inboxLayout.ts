/**
 * Where the inbox keeps each thing. One container, `<prefix>-inbox`:
 *
 * - `waiting/<channel>/<conversation>/<timestamp>_<id>`: a waiting event (recorded, not yet finished);
 * - `history/<same path>`: the event's history (its runs, the parts of its reply sent), kept after it ran;
 * - `batches/<SHA-256>.json`: a large webhook recorded whole, until it is fanned out (`batches-unreadable/`
 *   keeps one that does not parse);
 * - `leases/<channel/conversation>`: the blob whose lease lets one instance at a time run a conversation.
 *
 * The earlier layout (before the inbox had one name) kept the same things in `<prefix>-ledger`, as
 * `pending/`, `inbox/`, `batches/` and `locks/`. It is read, never written anew: its waiting events run
 * where they are, a redelivery whose history is there is recognised, its batch records are moved here,
 * and while that container exists a conversation's lease is taken in both (`InboxPlaces`).
 */
import type { ContainerClient } from '@azure/storage-blob';
import { isNotFound, toStorageError, type BlobAccount } from './blobAccount';

/** The folders of one layout (in its container: `<prefix>-inbox`, or the earlier `<prefix>-ledger`). */
export interface InboxLayout {
  waiting: string;
  history: string;
  batches: string;
  unreadableBatches: string;
  leases: string;
}

export const INBOX_LAYOUT: InboxLayout = {
  waiting: 'waiting/',
  history: 'history/',
  batches: 'batches/',
  unreadableBatches: 'batches-unreadable/',
  leases: 'leases/',
};

/** The earlier layout's names, frozen: read only. */
export const EARLIER_LAYOUT: InboxLayout = {
  waiting: 'pending/',
  history: 'inbox/',
  batches: 'batches/',
  unreadableBatches: 'batches-unreadable/',
  leases: 'locks/',
};

/** How long what was found about the earlier container is believed before asking storage again. */
const RECHECK_MS = 60_000;

/** A layout's folders in its container. */
export interface InboxPlace {
  container: ContainerClient;
  layout: InboxLayout;
  /** The earlier layout (read only). */
  earlier: boolean;
}

/** A blob found under a folder of one place; `name` is the path under that folder. */
export interface ListedBlob {
  place: InboxPlace;
  name: string;
  copy: string | undefined;
  modified: Date | undefined;
  metadata: Record<string, string> | undefined;
}

/**
 * The inbox's containers: `<prefix>-inbox`, and the earlier `<prefix>-ledger` while the account has it.
 * Whether it does is asked once a minute at most, so an account that never had it (or whose operator
 * deleted it) costs no more than that; it is never created.
 */
export class InboxPlaces {
  private checked: { at: number; container: Promise<ContainerClient | undefined> } | undefined;

  constructor(private readonly account: BlobAccount) {}

  /** This layout's place. */
  async current(): Promise<InboxPlace> {
    return { container: await this.account.container('inbox'), layout: INBOX_LAYOUT, earlier: false };
  }

  /** Where an event lives: here, or in the earlier layout for one read from there. */
  async of(event: { earlier?: boolean }): Promise<InboxPlace> {
    if (!event.earlier) return this.current();
    return { container: this.account.existingContainer('ledger'), layout: EARLIER_LAYOUT, earlier: true };
  }

  /** The earlier layout's container, or undefined while the account has none. */
  earlier(now = Date.now()): Promise<ContainerClient | undefined> {
    if (this.checked === undefined || now - this.checked.at >= RECHECK_MS) {
      const client = this.account.existingContainer('ledger');
      const container = client
        .exists()
        .then((found) => (found ? client : undefined))
        .catch((error: unknown) => {
          this.checked = undefined;
          throw toStorageError(error, client.containerName);
        });
      this.checked = { at: now, container };
    }
    return this.checked.container;
  }

  /** The blobs under `under` in a folder of each layout (the earlier one while it exists). */
  async list(folder: 'waiting' | 'history', under: string, includeMetadata = false): Promise<ListedBlob[]> {
    const earlier = await this.earlier();
    const places = [await this.current()];
    if (earlier) places.push({ container: earlier, layout: EARLIER_LAYOUT, earlier: true });
    const found: ListedBlob[] = [];
    for (const place of places) {
      const root = place.layout[folder];
      try {
        for await (const blob of place.container.listBlobsFlat({ prefix: root + under, includeMetadata })) {
          const { etag, lastModified } = blob.properties;
          found.push({
            place,
            name: blob.name.slice(root.length),
            copy: bareEtag(etag),
            modified: lastModified,
            metadata: blob.metadata,
          });
        }
      } catch (error) {
        // The earlier container deleted meanwhile: nothing of it is left to read.
        if (place.earlier && isNotFound(error))
          this.checked = { at: Date.now(), container: Promise.resolve(undefined) };
        else throw toStorageError(error, under || place.container.containerName);
      }
    }
    return found;
  }

  /** True when the earlier layout holds the event, waiting or in its history: a copy here is a redelivery. */
  async heldEarlier(name: string): Promise<boolean> {
    const container = await this.earlier();
    if (!container) return false;
    try {
      const found = await Promise.all(
        [EARLIER_LAYOUT.waiting, EARLIER_LAYOUT.history].map((folder) =>
          container.getBlockBlobClient(folder + name).exists(),
        ),
      );
      return found.includes(true);
    } catch (error) {
      throw toStorageError(error, name);
    }
  }
}

/** ETags compared without their quotes (listings give them bare, writes quoted). */
export function bareEtag(etag: string | undefined): string | undefined {
  return etag?.replace(/^(W\/)?"|"$/g, '');
}
