/**
 * Media is kept `MEDIA_RETENTION_DAYS` after it stops being needed:
 *
 * - a finished submission's (status `resolved` or `rejected`, its last status change that many days ago):
 *   the blobs are deleted, then the submission's `media[]` entries are marked expired (type, kind and size
 *   kept; blob name and hash dropped), so the API offers no dead download. Finished submissions are found
 *   by the index's status views (names only); one made less than the days ago cannot qualify, so it is
 *   not read. A crash between the two steps leaves entries naming deleted blobs; the next sweep finds them
 *   again and marks them.
 * - media no submission names (a photo sent outside a journey), last written that many days ago: the
 *   container is listed (names and times), and only when something is old enough are the submissions read
 *   once to know which media they name.
 */
import type { EtagDocuments } from '../../durable/storage/documentStore';
import type { Submission, SubmissionMedia } from '../submissions/submission';
import { parseEntry, viewPrefix } from '../submissions/submissionNames';
import type { SubmissionStore } from '../submissions/submissionStore';
import { cutoffOf, eachPage, inBatches, type RetentionPart, type SweepRound } from './retentionPart';

export interface MediaRetentionOptions {
  submissions: SubmissionStore;
  /** The submissions' container (its index and documents are listed). */
  submissionDocuments: EtagDocuments;
  /** The media container. */
  media: EtagDocuments;
  /** `MEDIA_RETENTION_DAYS`. */
  days: number;
}

interface MediaCounts {
  submissions: number;
  expired: number;
  unreferenced: number;
  [key: string]: number;
}

const FINISHED = ['resolved', 'rejected'] as const;

export class MediaRetention implements RetentionPart {
  readonly name = 'media';

  constructor(private readonly options: MediaRetentionOptions) {}

  async sweep(round: SweepRound): Promise<MediaCounts> {
    const cutoff = cutoffOf(round.now, this.options.days);
    const counts: MediaCounts = { submissions: 0, expired: 0, unreferenced: 0 };
    for (const status of FINISHED) {
      const view = viewPrefix({ status });
      let going = true;
      await eachPage(this.options.submissionDocuments, view, async (names) => {
        for (const name of names) {
          const entry = parseEntry(view, name);
          if (entry && entry.createdAt.getTime() < cutoff)
            await this.expireOf(entry.reference, cutoff, round.now, counts);
        }
        going = await round.page(counts);
        return going;
      });
      if (!going) return counts;
    }
    await this.unreferenced(round, cutoff, counts);
    return counts;
  }

  /** Deletes a finished submission's media and marks its entries expired, when it finished long enough ago. */
  private async expireOf(reference: string, cutoff: number, now: Date, counts: MediaCounts): Promise<void> {
    const found = await this.options.submissions.byReference(reference);
    if (!found || !finishedBefore(found.submission, cutoff)) return;
    const blobs = found.submission.media.flatMap((m) => (m.blobName === undefined ? [] : [m.blobName]));
    if (blobs.length === 0) return;
    await inBatches(blobs, (blob) => this.options.media.delete(blob));
    const at = now.toISOString();
    await this.options.submissions.update(reference, (current) => ({
      ...current,
      media: current.media.map((item) => expired(item, at)),
    }));
    counts.submissions += 1;
    counts.expired += blobs.length;
  }

  private async unreferenced(round: SweepRound, cutoff: number, counts: MediaCounts): Promise<void> {
    let named: Set<string> | undefined;
    await eachPage(this.options.media, '', async (names, modifiedMs) => {
      const old = names.filter((_, i) => (modifiedMs[i] ?? Infinity) < cutoff);
      if (old.length > 0) named ??= await this.namedMedia();
      const known = named;
      const orphans = known ? old.filter((name) => !known.has(name)) : [];
      await inBatches(orphans, (name) => this.options.media.delete(name));
      counts.unreferenced += orphans.length;
      return round.page(counts);
    });
  }

  /** Every blob a submission names (each submission read once). */
  private async namedMedia(): Promise<Set<string>> {
    const named = new Set<string>();
    const { submissionDocuments, submissions } = this.options;
    for await (const name of submissionDocuments.list('by-user/')) {
      const found = await submissionDocuments.getJson(name, submissions.types.schema);
      for (const item of found?.value.media ?? []) if (item.blobName !== undefined) named.add(item.blobName);
    }
    return named;
  }
}

/** Finished (resolved or rejected) by a status change before `cutoff`. */
function finishedBefore(submission: Submission, cutoff: number): boolean {
  const last = submission.statusHistory.at(-1);
  const finished = FINISHED.some((status) => status === submission.status);
  return finished && last !== undefined && Date.parse(last.at) < cutoff;
}

/** A media entry once its blob is deleted: what it was (type, kind, size), not where or whose. */
function expired(item: SubmissionMedia, at: string): SubmissionMedia {
  if (item.blobName === undefined) return item;
  const { blobName: _blob, sha256: _hash, ...kept } = item;
  return { ...kept, expiredAt: at };
}
