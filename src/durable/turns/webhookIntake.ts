/**
 * What a webhook writes before its answer, and what follows the answer.
 *
 * - Up to `BATCH_THRESHOLD` events (the usual webhook, one message): each event is written create-only to
 *   its conversation's inbox (`waiting/…`), one write per event as before; that write is the durable
 *   record and the deduplication.
 * - More: the whole batch is written as ONE create-only batch record (`BatchRecords`), so the answer
 *   waits for one write however many events came (Meta disables a Messenger webhook that keeps failing
 *   its time limit). After the answer the batch is fanned out: each conversation's events are written to
 *   its inbox (create-only, so redeliveries still deduplicate) and the conversation is drained; the batch
 *   record is removed only once every event is in an inbox. A fan-out cut short (a crash, storage gone)
 *   leaves the record, and the recovery sweep fans it out again; events written twice are recognised.
 *
 * Each webhook (or batch) is one group for `FairAdmission`: its conversations take turns with everyone
 * else's, never all of them first.
 */
import { describeError } from '../../core/errors';
import type { InFlight } from '../../core/inFlight';
import type { Logger } from '../../core/log';
import type { ArrivingEvent } from './turnStores';
import type { BatchStore, InboxStore } from './turnStores';

/** A webhook with more events than this is recorded as one batch record before its answer. */
export const BATCH_THRESHOLD = 16;
/** Conversations of a batch whose events are written to their inboxes at once while it fans out. */
const FAN_OUT_WRITES = 8;

export interface WebhookRecording {
  /** The first failure to record: answer 503 so the platform delivers the webhook again. */
  error: Error | undefined;
  /** Ids of events found already waiting (redeliveries), among those recorded one by one. */
  redelivered: string[];
  /** Call after the answer: fans a batch out and drains what was recorded, in the background. */
  proceed(): void;
}

export interface WebhookIntakeDeps {
  inbox: InboxStore;
  batches: BatchStore;
  inFlight: InFlight;
  log: Logger;
  /** Runs a write the answer waits for (counted as intake, so turns make room for it). */
  intakeWrite<T>(work: () => Promise<T>): Promise<T>;
  /** Drains a conversation; its turn slot is asked for on behalf of `group`. */
  drain(channel: string, conversationKey: string, group: string): void;
}

export class WebhookIntake {
  private webhooks = 0;
  /** Batch records this process is fanning out (a redelivery or the sweep leaves them to it). */
  private readonly fanning = new Set<string>();
  /**
   * Conversations with events in a batch this process answered but has not yet written to their inboxes:
   * a later small webhook of the same person waits for them before its drain, so their messages run in
   * the order the platform gave them, not the order the writes happened to finish.
   */
  private readonly unwritten = new Map<string, Promise<void>>();

  constructor(private readonly deps: WebhookIntakeDeps) {}

  /** Records a webhook's events before its answer (never throws: a failure is in `error`). */
  async record(events: readonly ArrivingEvent[]): Promise<WebhookRecording> {
    if (events.length > BATCH_THRESHOLD) return this.recordBatch(events);
    this.webhooks += 1;
    const group = `webhook ${this.webhooks}`;
    const results = await Promise.allSettled(
      events.map((event) => this.deps.intakeWrite(() => this.deps.inbox.record(event))),
    );
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    const recorded = events.filter((_, i) => results[i]?.status === 'fulfilled');
    return {
      error: failed && toError(failed.reason),
      redelivered: events.filter((_, i) => isFalse(results[i])).map((e) => e.id),
      // Redeliveries are drained too: one still waiting (an earlier answer was 503) runs now rather than at
      // the next sweep; one that has run is not found by the drain.
      proceed: () => {
        for (const [first] of byConversation(recorded)) {
          if (!first) continue;
          const drain = (): void => this.deps.drain(first.channel, first.conversationKey, group);
          const waiting = this.unwritten.get(keyOf(first));
          if (waiting) void this.deps.inFlight.track(waiting.then(drain));
          else drain();
        }
      },
    };
  }

  /**
   * Fans out batch records written longer than `olderThanMs` ago (left by a crash or a fan-out cut
   * short); returns how many it found.
   */
  async sweep(olderThanMs: number): Promise<number> {
    const names = (await this.deps.batches.stalled(olderThanMs)).filter((n) => !this.fanning.has(n));
    for (const name of names) {
      const events = await this.deps.batches.read(name);
      if (events === 'unreadable')
        this.deps.log.error('a batch record does not parse; kept under batches-unreadable/, not run', {
          batch: name,
        });
      else if (events !== 'gone') this.fanOut(name, events);
    }
    return names.length;
  }

  private async recordBatch(events: readonly ArrivingEvent[]): Promise<WebhookRecording> {
    let name: string;
    try {
      const written = await this.deps.intakeWrite(() => this.deps.batches.write(events));
      name = written.name;
      if (!written.created)
        this.deps.log.info('a batch delivered again; its record is still there', { events: events.length });
    } catch (error) {
      return { error: toError(error), redelivered: [], proceed: () => undefined };
    }
    const written = this.hold(events);
    return { error: undefined, redelivered: [], proceed: () => this.fanOut(name, events, written) };
  }

  /** Marks a batch's conversations unwritten; returns, per conversation, the call that says it is written. */
  private hold(events: readonly ArrivingEvent[]): Map<string, () => void> {
    const releases = new Map<string, () => void>();
    for (const [first] of byConversation(events)) {
      if (!first) continue;
      const key = keyOf(first);
      let release: () => void = () => undefined;
      const mine = new Promise<void>((resolve) => (release = resolve));
      const before = this.unwritten.get(key);
      const all = before ? Promise.all([before, mine]).then(() => undefined) : mine;
      this.unwritten.set(key, all);
      releases.set(key, () => {
        release();
        void all.then(() => {
          if (this.unwritten.get(key) === all) this.unwritten.delete(key);
        });
      });
    }
    return releases;
  }

  /**
   * Fans a batch out in the background (tracked for shutdown); once at a time per batch here. Whatever
   * happens, every conversation held for it is released at the end (a failed fan-out is the sweep's).
   */
  private fanOut(
    name: string,
    events: readonly ArrivingEvent[],
    written: Map<string, () => void> = new Map(),
  ): void {
    const releaseAll = (): void => {
      for (const release of written.values()) release();
    };
    if (this.fanning.has(name)) {
      releaseAll();
      return;
    }
    this.fanning.add(name);
    void this.deps.inFlight.track(
      this.fanOutNow(name, events, written)
        .finally(releaseAll)
        .catch((error: unknown) => {
          this.deps.log.warn('could not fan out a batch of events; the sweep tries again', {
            events: events.length,
            error: describeError(error),
          });
        })
        .finally(() => this.fanning.delete(name)),
    );
  }

  /**
   * Writes each conversation's events to its inbox, then drains it (all of a conversation's events are
   * written before its drain, so they run in order); removes the batch record once all are written.
   */
  private async fanOutNow(
    name: string,
    events: readonly ArrivingEvent[],
    written: Map<string, () => void>,
  ): Promise<void> {
    const queue = [...byConversation(events)];
    const group = `batch ${name}`;
    let failure: Error | undefined;
    const writer = async (): Promise<void> => {
      for (let next = queue.shift(); next && failure === undefined; next = queue.shift()) {
        try {
          await Promise.all(next.map((event) => this.deps.inbox.record(event)));
        } catch (error) {
          failure ??= toError(error);
          return;
        }
        const [first] = next;
        if (first) {
          this.deps.drain(first.channel, first.conversationKey, group);
          written.get(keyOf(first))?.();
        }
      }
    };
    await Promise.all(Array.from({ length: FAN_OUT_WRITES }, writer));
    if (failure !== undefined) throw failure;
    await this.deps.batches.remove(name);
  }
}

/** Events by conversation, conversations in the order they first appear. */
function byConversation(events: readonly ArrivingEvent[]): IterableIterator<ArrivingEvent[]> {
  const conversations = new Map<string, ArrivingEvent[]>();
  for (const event of events) {
    const key = `${event.channel}\n${event.conversationKey}`;
    const line = conversations.get(key);
    if (line) line.push(event);
    else conversations.set(key, [event]);
  }
  return conversations.values();
}

function keyOf(event: ArrivingEvent): string {
  return `${event.channel}\n${event.conversationKey}`;
}

function isFalse(result: PromiseSettledResult<boolean> | undefined): boolean {
  return result?.status === 'fulfilled' && !result.value;
}

function toError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason));
}
