/**
 * What a webhook held that was not processed (fields not handled, malformed items, numbers not served,
 * repeated ids, quarantined items), told in one log line per webhook: counts by kind and the first few
 * positions of each kind. A webhook of 100,000 such items writes one line, not 100,000. Notices name
 * positions in the webhook (`entry[0].changes[3]`), never ids or phone numbers.
 */
import { describeError } from '../../src/core/errors';
import type { Logger } from '../../src/core/log';

export interface Notice {
  /** What happened, the same text for every notice of its kind. */
  kind: string;
  /** Where in the webhook: `entry[0].changes[1].statuses[7]`. */
  where: string;
  /** A detail safe to log (a schema's message, a platform error's code), when there is one. */
  detail?: string;
  /** `warn` for what deserves a warning (a number not served, an item quarantined); the line is then one. */
  level?: 'warn';
}

/** The notice of an item the mapping could not handle: it is kept out, the rest of the batch goes on. */
export function quarantined(where: string, error: unknown): Notice {
  return { kind: 'quarantined: could not be mapped', where, detail: describeError(error), level: 'warn' };
}

/** Examples kept of each kind. */
const EXAMPLES_PER_KIND = 3;

export class NoticeSummary {
  private readonly kinds = new Map<string, { count: number; examples: string[] }>();
  private warn = false;

  constructor(private readonly channel: string) {}

  add(...notices: readonly Notice[]): void {
    for (const notice of notices) {
      if (notice.level === 'warn') this.warn = true;
      const kind = this.kinds.get(notice.kind) ?? { count: 0, examples: [] };
      kind.count += 1;
      if (kind.examples.length < EXAMPLES_PER_KIND)
        kind.examples.push(notice.detail === undefined ? notice.where : `${notice.where} (${notice.detail})`);
      this.kinds.set(notice.kind, kind);
    }
  }

  /** Writes the webhook's one line, when there is anything to tell. */
  log(log: Logger): void {
    if (this.kinds.size === 0) return;
    let total = 0;
    const counts: Record<string, number> = {};
    const examples: Record<string, string[]> = {};
    for (const [kind, { count, examples: some }] of this.kinds) {
      total += count;
      counts[kind] = count;
      examples[kind] = some;
    }
    const message = `${this.channel}: ${total} notice(s) about the webhook, by kind`;
    if (this.warn) log.warn(message, { counts, examples });
    else log.info(message, { counts, examples });
  }
}
