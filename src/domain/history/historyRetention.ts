/**
 * The history keeps personal data, so it keeps it `HISTORY_RETENTION_DAYS` and no longer: each retention
 * sweep (`RetentionSweep`: at start and then daily) deletes every entry, status and watermark older than
 * that. The names carry their times, so the pruning lists the container (one call per 5,000 names) and
 * reads nothing; each blob it deletes costs one call, once.
 *
 * The same listing finds people who went quiet: entries sort newest first in each person's folder, so the
 * first one listed is their last activity. When it is older than `INACTIVE_PERSON_DAYS`, or about to be
 * deleted with the rest, a last-seen marker keeps that time (`lastSeen.ts`) for the inactive-people part.
 */
import type { Logger } from '../../core/log';
import {
  cutoffOf,
  eachPage,
  inBatches,
  type RetentionPart,
  type SweepRound,
} from '../retention/retentionPart';
import type { ConversationHistory } from './conversationHistory';
import { lastSegment, parseStatusName, timeOfEntryKey } from './historyLayout';
import { markLastSeen } from './lastSeen';

export interface HistoryRetentionOptions {
  history: ConversationHistory;
  /** Entries older than this many days are deleted (`HISTORY_RETENTION_DAYS`). */
  days: number;
  /** People whose last entry is older than this many days are marked (`INACTIVE_PERSON_DAYS`). */
  inactiveDays?: number;
  log: Logger;
  /** The clock of `prune` (tests inject one). */
  now?: () => Date;
}

const FOLDERS = ['entries/', 'statuses/', 'watermarks/'] as const;

export class HistoryRetention implements RetentionPart {
  readonly name = 'history';

  constructor(private readonly options: HistoryRetentionOptions) {}

  /** Deletes everything older than the retention now (outside a sweep: tests); the number deleted. */
  async prune(): Promise<number> {
    const now = this.options.now?.() ?? new Date();
    return (await this.sweep({ now, page: () => Promise.resolve(true) })).deleted ?? 0;
  }

  async sweep(round: SweepRound): Promise<{ deleted: number; markedInactive: number }> {
    const { days, inactiveDays, history } = this.options;
    const cutoff = cutoffOf(round.now, days);
    const markBefore = cutoffOf(round.now, Math.min(days, inactiveDays ?? days));
    const documents = history.documents;
    const counts = { deleted: 0, markedInactive: 0 };
    let folder: string | undefined;
    let going = true;
    for (const root of FOLDERS) {
      if (!going) break;
      await eachPage(documents, root, async (names) => {
        const expired: string[] = [];
        for (const name of names) {
          const last = lastSegment(name);
          const ms = root === 'entries/' ? timeOfEntryKey(last) : parseStatusName(last)?.ms;
          if (ms === undefined) continue;
          const person = name.slice(0, name.length - last.length);
          if (root === 'entries/' && person !== folder) {
            folder = person; // the first entry listed of a person: their newest
            if (ms < markBefore && (await markLastSeen(documents, person.slice(root.length), ms)))
              counts.markedInactive += 1;
          }
          if (ms < cutoff) expired.push(name);
        }
        await inBatches(expired, (name) => documents.delete(name));
        counts.deleted += expired.length;
        going = await round.page(counts);
        return going;
      });
    }
    if (counts.deleted > 0)
      this.options.log.info('history: pruned entries older than the retention', {
        deleted: counts.deleted,
        days,
      });
    return counts;
  }
}
