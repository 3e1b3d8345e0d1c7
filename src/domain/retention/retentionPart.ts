/**
 * One kind of thing the retention sweep deletes (the conversation history, the inbox's histories, media,
 * inactive people). A part works in pages and reports after each one; the sweep renews its lease there
 * and says whether to go on. Every part is safe to stop anywhere and run again: what it deletes is found
 * again by listing, and deleting what is already gone is no error, so a rerun continues the work.
 */
import type { EtagDocuments } from '../../durable/storage/documentStore';

/** Counts of what a part did (deleted, kept, due, ...): numbers only, never names or ids. */
export type RetentionCounts = Record<string, number>;

export interface SweepRound {
  /** The sweep's time: items older than `now` minus a part's days are expired. */
  now: Date;
  /** Called after each page with the part's counts so far: logs them, renews the lease; false: stop now. */
  page(counts: RetentionCounts): Promise<boolean>;
}

export interface RetentionPart {
  /** The part's name in log lines (`history`, `inbox`, `media`, `people`). */
  readonly name: string;
  /** Deletes what expired at `round.now`; the counts of what it did. */
  sweep(round: SweepRound): Promise<RetentionCounts>;
}

export const DAY_MS = 86_400_000;
/** Names listed per page (one listing call each). */
export const PAGE_SIZE = 5000;
/** Deletes in flight at once. */
const DELETE_CONCURRENCY = 16;

/** The time `days` before `now`, in ms: what is older is expired. */
export function cutoffOf(now: Date, days: number): number {
  return now.getTime() - days * DAY_MS;
}

/**
 * Visits the names under `prefix` page by page (with when each was last written, when the store says);
 * stops when `visit` returns false (the lease was lost) or the names run out.
 */
export async function eachPage(
  documents: EtagDocuments,
  prefix: string,
  visit: (names: string[], modifiedMs: (number | undefined)[]) => Promise<boolean>,
): Promise<void> {
  let marker: string | undefined;
  do {
    const page = await documents.listPage(prefix, { maxResults: PAGE_SIZE, ...(marker ? { marker } : {}) });
    if (
      !(await visit(
        page.names,
        page.names.map((_, i) => page.modifiedMs?.[i]),
      ))
    )
      return;
    marker = page.marker;
  } while (marker !== undefined);
}

/** Runs `task` over `items`, a few at a time. */
export async function inBatches<T>(items: readonly T[], task: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += DELETE_CONCURRENCY) {
    await Promise.all(items.slice(i, i + DELETE_CONCURRENCY).map(task));
  }
}
