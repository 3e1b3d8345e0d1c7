/**
 * Turns that survive crashes and run one at a time per conversation, across instances.
 *
 * A webhook records each event in the conversation's inbox (`record`), answers 200, and asks for the
 * conversation to be drained. Draining takes the conversation's lease, runs its waiting events oldest
 * first, and marks each done; a turn that fails outside the bot's own error handler keeps waiting and
 * is tried again (three times at most); a turn that failed for a transient reason (`failureOf`: its reply
 * deferred by rate limits or by the channel's API not answering, its lease lost) keeps waiting without
 * counting as a failure. A sweep, at start and periodically, drains conversations whose events have
 * waited too long: those of an instance that died mid-turn, once its lease has lapsed, and those whose
 * turns were deferred.
 * A webhook's events are recorded through `recordWebhook` (a large batch as one record, fanned out after
 * the answer: `WebhookIntake`), and drains are admitted to the turn slots fairly (`FairAdmission`).
 */
import { ConversationBusyError, describeError } from '../../core/errors';
import { failureOf } from '../../core/failures';
import type { InFlight } from '../../core/inFlight';
import type { Logger } from '../../core/log';
import type { InboxEvent } from '../storage/conversationInbox';
import { FairAdmission } from './fairAdmission';
import { LEASE_SECONDS, type ArrivingEvent, type InboxStore, type LeaseStore } from './turnStores';
import { WebhookIntake, type WebhookRecording } from './webhookIntake';

/** How many times more attempts a turn that keeps losing state races gets than one that fails. */
const CONFLICT_BUDGET = 4;

/** Webhook writes in flight at once that count as an intake burst. */
const INTAKE_BURST = 4;

/**
 * Runs one event under its conversation's lease; `held` aborts if the lease is lost, and the runner then
 * stops before its next send (a `LeaseLostError`), leaving the event waiting.
 */
export type EventRunner = (event: InboxEvent, held: AbortSignal) => Promise<void>;

export interface DurableTurnsOptions {
  /** The conversation inbox: `ConversationInbox` (blob storage) or `MemoryInbox` (one process). */
  inbox: InboxStore;
  /** The conversation lease: `ConversationLease` (blob storage) or `MemoryLeases` (one process). */
  lease: LeaseStore;
  inFlight: InFlight;
  log: Logger;
  /** How often to try again when another instance holds the lease. */
  retryDelayMs?: number;
  /**
   * How long a proactive turn waits for its conversation's lease before `ConversationBusyError`; by default
   * one lease duration, after which the lease of an instance that died has lapsed.
   */
  proactiveWaitMs?: number;
  /** Waiting events older than this are swept. */
  staleAfterMs?: number;
  /** How often the sweep runs; 0 turns the periodic sweep off. */
  sweepEveryMs?: number;
  maxAttempts?: number;
  /**
   * Conversations drained at once by this process; more wait their turn (their events are safe in
   * storage). Keeps turns from crowding out the webhook's own write, so acknowledgements stay fast.
   */
  maxConcurrent?: number;
}

/** The events waiting in the inbox as the last sweep saw them (`/readyz` reports it). */
export interface Backlog {
  waiting: number;
  /** How long the oldest has waited, in seconds (0 when none waits). */
  oldestWaitingSeconds: number;
  /** When the sweep looked (ISO time). */
  at: string;
}

export class DurableTurns {
  private readonly runners = new Map<string, EventRunner>();
  private readonly draining = new Map<string, { again: boolean }>();
  private sweeper: NodeJS.Timeout | undefined;
  private lastBacklog: Backlog | undefined;
  /** Webhook writes in flight: many at once means an intake burst, and turns make room for it. */
  private recording = 0;
  private readonly admission = new FairAdmission(() => this.slots());
  private readonly intake: WebhookIntake;

  constructor(private readonly options: DurableTurnsOptions) {
    this.intake = new WebhookIntake({
      inbox: options.inbox,
      batches: options.inbox.batches,
      inFlight: options.inFlight,
      log: options.log,
      intakeWrite: (work) => this.intakeWrite(work),
      drain: (channel, conversationKey, group) => this.drain(channel, conversationKey, group),
    });
  }

  /** Registers how a channel runs its events. */
  register(channel: string, runner: EventRunner): void {
    this.runners.set(channel, runner);
  }

  async record(
    channel: string,
    conversationKey: string,
    timestampMs: number,
    id: string,
    payload: unknown,
  ): Promise<boolean> {
    return this.intakeWrite(() =>
      this.options.inbox.record({ channel, conversationKey, timestampMs, id, payload }),
    );
  }

  /**
   * Records a webhook's events before its answer: one create-only write per event, or, above
   * `BATCH_THRESHOLD` events, one batch record for all of them. Answer 200 unless `error`, then call
   * `proceed()`: it fans a batch out and drains the conversations, in the background.
   */
  recordWebhook(events: readonly ArrivingEvent[]): Promise<WebhookRecording> {
    return this.intake.record(events);
  }

  /**
   * Runs `work` under the conversation's lease, the one its recorded turns run under (for a proactive
   * turn): while another turn, in any instance, holds it, tries again every `retryDelayMs` for up to
   * `proactiveWaitMs`, then rejects with `ConversationBusyError` having run nothing. `held` aborts if the
   * lease is lost while `work` runs.
   */
  async exclusive(
    channel: string,
    conversationKey: string,
    work: (held: AbortSignal) => Promise<void>,
  ): Promise<void> {
    const waitMs = this.options.proactiveWaitMs ?? LEASE_SECONDS * 1000;
    const deadline = Date.now() + waitMs;
    for (;;) {
      if (await this.options.lease.withLease(`${channel}/${conversationKey}`, work)) return;
      const left = deadline - Date.now();
      if (left <= 0) throw new ConversationBusyError(channel, waitMs);
      await new Promise((resolve) => setTimeout(resolve, Math.min(left, this.options.retryDelayMs ?? 500)));
    }
  }

  /**
   * Drains a conversation in the background (tracked for shutdown). Its turn slot is asked for on behalf
   * of `group` (the webhook or batch that brought its events): groups take turns (`FairAdmission`).
   */
  drain(channel: string, conversationKey: string, group = `${channel}/${conversationKey}`): void {
    const key = `${channel}/${conversationKey}`;
    const running = this.draining.get(key);
    if (running) {
      running.again = true;
      return;
    }
    const state = { again: false };
    this.draining.set(key, state);
    void this.options.inFlight.track(
      this.drainLoop(channel, conversationKey, state, group)
        .catch((error: unknown) => {
          this.options.log.error('could not drain a conversation; the sweep will try again', {
            error: describeError(error),
          });
        })
        .finally(() => this.draining.delete(key)),
    );
  }

  /**
   * Drains every conversation with events waiting longer than `staleAfterMs`, and fans out batch records
   * as old; returns how many conversations and batches it found.
   */
  async sweep(staleAfterMs = this.options.staleAfterMs ?? 30_000): Promise<number> {
    const now = Date.now();
    const { stalled, waiting, oldestAt } = await this.options.inbox.scan(staleAfterMs, now);
    this.lastBacklog = {
      waiting,
      oldestWaitingSeconds: oldestAt === undefined ? 0 : Math.max(0, Math.round((now - oldestAt) / 1000)),
      at: new Date(now).toISOString(),
    };
    if (waiting > 0)
      this.options.log.info(
        `backlog: ${waiting} event(s) waiting, the oldest for ${this.lastBacklog.oldestWaitingSeconds} s`,
        { waiting, oldestWaitingSeconds: this.lastBacklog.oldestWaitingSeconds },
      );
    for (const { channel, conversationKey } of stalled) {
      if (this.runners.has(channel)) this.drain(channel, conversationKey, 'sweep');
    }
    if (stalled.length > 0)
      this.options.log.info(`sweep: ${stalled.length} conversation(s) with events left waiting`);
    const batches = await this.intake.sweep(staleAfterMs);
    if (batches > 0) this.options.log.info(`sweep: ${batches} batch record(s) left to fan out`);
    return stalled.length + batches;
  }

  /** What the last sweep found waiting (every instance's events, from storage); undefined before it. */
  get backlog(): Backlog | undefined {
    return this.lastBacklog;
  }

  start(): void {
    const every = this.options.sweepEveryMs ?? 30_000;
    void this.sweep().catch((error: unknown) =>
      this.options.log.warn('sweep failed', { error: describeError(error) }),
    );
    if (every > 0) {
      this.sweeper = setInterval(() => {
        void this.sweep().catch((error: unknown) =>
          this.options.log.warn('sweep failed', { error: describeError(error) }),
        );
      }, every);
      this.sweeper.unref();
    }
  }

  stop(): void {
    if (this.sweeper) clearInterval(this.sweeper);
  }

  private async drainLoop(
    channel: string,
    conversationKey: string,
    state: { again: boolean },
    group: string,
  ): Promise<void> {
    for (let tries = 0; tries < 40; tries += 1) {
      const held = await this.admission.run(group, () =>
        this.options.lease.withLease(`${channel}/${conversationKey}`, (held) =>
          this.runWaiting(channel, conversationKey, state, held),
        ),
      );
      if (held && !state.again) return;
      if (!held) {
        // Another instance is at this conversation; it drains what it finds, and we look again.
        await new Promise((resolve) => setTimeout(resolve, this.options.retryDelayMs ?? 500));
      }
    }
    // Still busy: the instance holding the lease drains what it finds; the sweep covers the rest.
  }

  /** A webhook write the answer waits for: while many are in flight, turns make room (`slots`). */
  private async intakeWrite<T>(work: () => Promise<T>): Promise<T> {
    this.recording += 1;
    try {
      return await work();
    } finally {
      this.recording -= 1;
    }
  }

  /**
   * Slots for turns now: all of `maxConcurrent`, or a quarter of them while webhooks are writing many events
   * at once, so the acknowledgements the platforms wait for keep most of the store.
   */
  private slots(): number {
    const max = this.options.maxConcurrent ?? 16;
    return this.recording >= INTAKE_BURST ? Math.max(1, Math.floor(max / 4)) : max;
  }

  private async runWaiting(
    channel: string,
    conversationKey: string,
    state: { again: boolean },
    held: AbortSignal,
  ): Promise<void> {
    const runner = this.runners.get(channel);
    if (!runner) return;
    for (let round = 0; round < 10; round += 1) {
      state.again = false;
      const waiting = await this.options.inbox.waiting(channel, conversationKey);
      if (waiting.length === 0) return;
      for (const next of waiting) {
        if (held.aborted) {
          // Another instance may hold the conversation now: this drain stops, the next holder runs the rest.
          this.options.log.warn('lost a conversation’s lease; its drain stops, its events run again later', {
            channel,
          });
          return;
        }
        // The history tells a first run from a replay (which skips the parts already sent) and from a
        // late redelivery of an event that already ran.
        const { start, attempts, partsSent } = await this.options.inbox.begin(next);
        if (start === 'finished') continue;
        const event = { ...next, attempts, partsSent, firstRun: start === 'first' };
        try {
          await runner(event, held);
        } catch (error) {
          const failure = failureOf(error);
          if (failure.kind === 'transient') {
            // Rate limits, an outage of the channel's API (or shutdown) held a reply back, or the lease was
            // lost before a send: not a failure of the turn. The event is left as it is, its later events
            // behind it, for the next drain or the sweep; what was recorded as sent is not sent again.
            this.options.log.warn(
              failure.cause === 'lease-lost'
                ? 'lost a conversation’s lease mid-turn; nothing more was sent, the event runs again later'
                : 'a reply was deferred; the event runs again later',
              { channel, error: describeError(failure.deferral) },
            );
            return;
          }
          const attempts = event.attempts + 1;
          this.options.log.error('a turn failed outside the bot’s error handler', {
            channel,
            attempts,
            error: describeError(error),
          });
          // A lost state race is nobody's fault and a rerun on fresh state usually wins it: it gets a larger
          // budget before the event is given up, so a busy conversation does not drop a person's message.
          const budget =
            (this.options.maxAttempts ?? 3) * (failure.kind === 'conflict' ? CONFLICT_BUDGET : 1);
          if (attempts >= budget) await this.options.inbox.complete({ ...event, attempts }, 'failed');
          else await this.options.inbox.failed(event);
          // A lost state race (a proactive turn saved in between) is worth trying again at once.
          if (failure.kind === 'conflict') state.again = true;
          return; // keep order: later events wait for this one's retry
        }
        try {
          await this.options.inbox.complete(event);
        } catch (error) {
          // The turn ran; only its bookkeeping failed. Stop here and let the next drain or sweep look again.
          this.options.log.warn('could not mark an event done; it is checked again later', {
            channel,
            error: describeError(error),
          });
          return;
        }
      }
      // Look again only if this process recorded more for the conversation meanwhile; events recorded by
      // other instances while we held the lease are drained by them or by the sweep.
      if (!state.again) return;
    }
  }
}
