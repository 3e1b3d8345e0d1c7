/**
 * The history keeps personal data, so it keeps it `HISTORY_RETENTION_DAYS` and no longer: at start and
 * then once a day, every entry, status and watermark older than that is deleted. The names carry their
 * times, so the pruning lists the container (one call per 5,000 names) and reads nothing; each blob it
 * deletes costs one call, once.
 */
import { describeError } from '../../core/errors';
import type { Logger } from '../../core/log';
import type { ConversationHistory } from './conversationHistory';
import { lastSegment, parseStatusName, timeOfEntryKey } from './historyLayout';

export interface HistoryRetentionOptions {
  history: ConversationHistory;
  /** Entries older than this many days are deleted (`HISTORY_RETENTION_DAYS`). */
  days: number;
  log: Logger;
  /** The clock (tests inject one). */
  now?: () => Date;
  /** How often to prune after the first (a day). */
  everyMs?: number;
}

const DAY_MS = 86_400_000;
/** Deletes in flight at once. */
const DELETE_CONCURRENCY = 16;

export class HistoryRetention {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(private readonly options: HistoryRetentionOptions) {}

  /** Prunes now, then every day; a failed pruning is logged and tried again at the next. */
  start(): void {
    if (this.timer) return;
    const run = (): void => {
      void this.prune().catch((error: unknown) => {
        this.options.log.warn('history: pruning failed; tried again at the next', {
          error: describeError(error),
        });
      });
    };
    this.timer = setInterval(run, this.options.everyMs ?? DAY_MS);
    this.timer.unref();
    run();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Deletes everything older than the retention; the number deleted. One pruning at a time. */
  prune(): Promise<number> {
    this.running ??= this.pruneOnce().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async pruneOnce(): Promise<number> {
    const cutoff = (this.options.now?.() ?? new Date()).getTime() - this.options.days * DAY_MS;
    const documents = this.options.history.documents;
    const expired: string[] = [];
    for (const folder of ['entries/', 'statuses/', 'watermarks/']) {
      for await (const name of documents.list(folder)) {
        const last = lastSegment(name);
        const ms = folder === 'entries/' ? timeOfEntryKey(last) : parseStatusName(last)?.ms;
        if (ms !== undefined && ms < cutoff) expired.push(name);
      }
    }
    for (let i = 0; i < expired.length; i += DELETE_CONCURRENCY) {
      await Promise.all(expired.slice(i, i + DELETE_CONCURRENCY).map((name) => documents.delete(name)));
    }
    if (expired.length > 0)
      this.options.log.info('history: pruned entries older than the retention', {
        deleted: expired.length,
        days: this.options.days,
      });
    return expired.length;
  }
}
