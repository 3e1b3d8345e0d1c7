/**
 * The inbox's retention (`INBOX_HISTORY_RETENTION_DAYS`): the histories of finished events (`history/`,
 * and `inbox/` of the earlier layout) and unreadable batch records (`batches-unreadable/`) last written
 * that many days ago are deleted. A history is what recognises a redelivery of its event, so the days
 * must outlast the platforms' redelivery (Meta retries a webhook for up to 7 days): the setting refuses
 * fewer than 8. A history whose waiting copy is still there belongs to an event not finished, and is kept
 * whatever its age. Listing gives the times (one call per 5,000 names, no reads); each deletion is one
 * call, and a history old enough costs one more (is its waiting copy there?).
 */
import type { ContainerClient } from '@azure/storage-blob';
import { toStorageError, type BlobAccount } from './blobAccount';
import { InboxPlaces, type InboxPlace } from './inboxLayout';

const PAGE = 5000;
const AT_ONCE = 16;

interface InboxCounts {
  histories: number;
  unreadableBatches: number;
  unfinishedKept: number;
  [key: string]: number;
}

export class InboxRetention {
  readonly name = 'inbox';
  private readonly places: InboxPlaces;

  constructor(
    account: BlobAccount,
    /** `INBOX_HISTORY_RETENTION_DAYS`. */
    private readonly days: number,
  ) {
    this.places = new InboxPlaces(account);
  }

  /** Deletes what is older than the days at `now`; `page` after each page (false: stop). */
  async sweep(round: { now: Date; page(counts: InboxCounts): Promise<boolean> }): Promise<InboxCounts> {
    const cutoff = round.now.getTime() - this.days * 86_400_000;
    const counts: InboxCounts = { histories: 0, unreadableBatches: 0, unfinishedKept: 0 };
    const earlier = await this.places.earlier();
    const places = [await this.places.current()];
    if (earlier) places.push(await this.places.of({ earlier: true }));
    for (const place of places) {
      for (const folder of ['history', 'unreadableBatches'] as const) {
        const root = place.layout[folder];
        for await (const page of pagesOf(place.container, root)) {
          const old = page.filter((blob) => blob.modified < cutoff).map((blob) => blob.name);
          for (let i = 0; i < old.length; i += AT_ONCE) {
            const deleted = await Promise.all(
              old.slice(i, i + AT_ONCE).map((name) => this.expire(place, folder, name.slice(root.length))),
            );
            for (const done of deleted)
              if (!done) counts.unfinishedKept += 1;
              else if (folder === 'history') counts.histories += 1;
              else counts.unreadableBatches += 1;
          }
          if (!(await round.page(counts))) return counts;
        }
      }
    }
    return counts;
  }

  /** Deletes one expired blob; false for a history whose event still waits (kept). */
  private async expire(
    place: InboxPlace,
    folder: 'history' | 'unreadableBatches',
    name: string,
  ): Promise<boolean> {
    const { container, layout } = place;
    try {
      if (folder === 'history' && (await container.getBlockBlobClient(layout.waiting + name).exists()))
        return false;
      await container.getBlockBlobClient(layout[folder] + name).deleteIfExists();
      return true;
    } catch (error) {
      throw toStorageError(error, name);
    }
  }
}

/** The blobs under `prefix`, a page at a time, with when each was last written (ms). */
async function* pagesOf(
  container: ContainerClient,
  prefix: string,
): AsyncGenerator<{ name: string; modified: number }[]> {
  try {
    for await (const page of container.listBlobsFlat({ prefix }).byPage({ maxPageSize: PAGE })) {
      yield page.segment.blobItems.map((blob) => ({
        name: blob.name,
        modified: blob.properties.lastModified.getTime(),
      }));
    }
  } catch (error) {
    throw toStorageError(error, prefix);
  }
}
