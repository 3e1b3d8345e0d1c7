/**
 * The outbound scheduler of one number or page: how fast, in what order and how patiently messages go out.
 *
 * - Throughput: a token bucket per number (WhatsApp's default is 80 messages a second), of which each
 *   instance of the app takes its share (`shareRate`). An account-level "slow down" halves the rate; each
 *   success gives back one message a second, up to the instance's share of the configured rate.
 * - Pacing per person: one message in flight per recipient, so the parts of a reply arrive in order; where
 *   the platform has a pair limit (WhatsApp: one message every 6 s, bursts of 45) a bucket per recipient.
 * - Priority: replies go before proactive notifications; read receipts and typing indicators take no
 *   tokens, and are dropped rather than delayed while the number or the person is held back.
 * - Backoff: an account-level limit (WhatsApp 130429, Graph 4/80007/613, HTTP 429) holds the whole number
 *   for the platform's `Retry-After`, or an exponential backoff with jitter; a pair limit (131056) holds
 *   only that person, 4^X seconds as Meta advises. The message keeps its place and is sent again.
 * - Outage: when the platform does not answer (5xx, network, timeout, after the client's own retries) the
 *   whole number is held, then one message at a time probes it (`OutageProbe`); the first answer ends the
 *   outage and everything waiting goes out. Read receipts and typing indicators are dropped meanwhile.
 * - Patience: a message held back by limits or an outage for longer than `maxWaitMs` (or while shutting
 *   down) is refused with `DeliveryDeferredError` (`ChannelUnavailableError` for an outage): the turn it
 *   belongs to runs again later from the durable inbox.
 */
import { ChannelUnavailableError, DeliveryDeferredError } from '../../src/core/errors';
import { platformAnswerOf, type PlatformAnswer } from '../../src/core/failures';
import type { Logger } from '../../src/core/log';
import { OutageProbe } from './outageProbe';
import { RecipientPacing, type PairLimit, type Recipient } from './recipientPacing';

/** WhatsApp's default throughput per number; also the default for Messenger pages. */
export const DEFAULT_MESSAGES_PER_SECOND = 80;

export type OutboundPriority = 'reply' | 'proactive' | 'receipt';
const PRIORITIES: readonly OutboundPriority[] = ['reply', 'proactive', 'receipt'];

/** What a failed send says about limits: the whole account (number, page) or one recipient. */
export interface RateLimitVerdict {
  scope: 'account' | 'recipient';
  retryAfterMs?: number;
}

export interface OutboundSchedulerOptions {
  /** Names the channel in errors and logs. */
  channel: string;
  messagesPerSecond: number;
  /** Messages that may go at once after a quiet spell; one second's worth by default. */
  burst?: number;
  /** A per-recipient limit: `burst` messages, then one every `intervalMs`. */
  pairLimit?: PairLimit;
  /** Tells rate limits from other failures (those are passed to the caller at once). */
  rateLimitOf: (error: unknown) => RateLimitVerdict | undefined;
  /** How long a message may be held back by limits before it is deferred; default 60 s. */
  maxWaitMs?: number;
  /** Longest hold of the whole number without a `Retry-After` (or during an outage); default 8 s. */
  maxPauseMs?: number;
  log?: Logger;
  now?: () => number;
}

interface Job {
  recipient: string;
  priority: OutboundPriority;
  /** Sends, and settles the caller's promise on success. */
  attempt: () => Promise<void>;
  reject: (error: unknown) => void;
  enqueuedAt: number;
  /** A limit (or an outage) has held this message back at least once. */
  held: boolean;
  lastError?: unknown;
  /** The platform did not answer this message's last send. */
  unanswered?: boolean;
  /** Sent to learn whether the platform answers again after an outage. */
  probe?: boolean;
}

const FIRST_PAUSE_MS = 500;

export class OutboundScheduler {
  private readonly queues: Record<OutboundPriority, Job[]> = { reply: [], proactive: [], receipt: [] };
  private readonly recipients: RecipientPacing;
  private readonly configuredRate: number;
  private readonly now: () => number;
  private readonly outage: OutageProbe;
  private rate: number;
  /** This instance's share of the number's rate (`1 / instances`, `shareRate`). */
  private share = 1;
  private tokens: number;
  private refilledAt: number;
  private pausedUntil = 0;
  private pauseStreak = 0;
  private heldAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private closing = false;

  constructor(private readonly options: OutboundSchedulerOptions) {
    this.configuredRate = Math.max(0.1, options.messagesPerSecond);
    this.rate = this.configuredRate;
    this.now = options.now ?? Date.now;
    this.recipients = new RecipientPacing(options.pairLimit, this.now);
    this.outage = new OutageProbe({
      channel: options.channel,
      maxHoldMs: options.maxPauseMs ?? 8_000,
      now: this.now,
      log: options.log,
    });
    this.tokens = this.capacity();
    this.refilledAt = this.now();
  }

  /**
   * Takes `fraction` (0 to 1) of the configured rate: instances of one app share each number's rate
   * (`InstanceRoster`). A rate lowered by a limit stays as far below the new share as it was below the old.
   */
  shareRate(fraction: number): void {
    const share = Math.min(1, Math.max(0.01, fraction));
    if (share === this.share) return;
    // In proportion: a rate a limit halved stays half of the new share (the limit is the number's).
    this.rate = (this.rate * share) / this.share;
    this.share = share;
    this.refill(this.now());
    this.tokens = Math.min(this.tokens, this.capacity());
    this.pump();
  }

  /** The highest rate this instance may send at: its share of the configured rate. */
  private ceiling(): number {
    return this.configuredRate * this.share;
  }

  /** The current rate (messages a second), lowered after account-level limits. */
  get currentRate(): number {
    return this.rate;
  }

  /** Messages waiting to be sent. */
  get waiting(): number {
    return PRIORITIES.reduce((n, p) => n + this.queues[p].length, 0);
  }

  /** Sends through the scheduler; resolves with what `send` resolved once it went. */
  schedule<T>(target: { recipient: string; priority: OutboundPriority }, send: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queues[target.priority].push({
        recipient: target.recipient,
        priority: target.priority,
        attempt: async () => resolve(await send()),
        reject,
        enqueuedAt: this.now(),
        held: false,
      });
      this.pump();
    });
  }

  /** Shutting down: what waits on a limit is deferred now; what can go still goes. */
  close(): void {
    this.closing = true;
    this.pump();
  }

  private pump(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const now = this.now();
    this.refill(now);
    let wakeAt = Infinity;
    for (const priority of PRIORITIES) {
      const queue = this.queues[priority];
      for (let i = 0; i < queue.length;) {
        const job = queue[i];
        if (!job) break;
        const recipient = this.recipients.recipient(job.recipient, now);
        const next = this.consider(job, recipient, now);
        if (next === 'wait' || typeof next === 'number') {
          if (typeof next === 'number') wakeAt = Math.min(wakeAt, next);
          i += 1;
          continue;
        }
        queue.splice(i, 1);
        if (next === 'send') this.dispatch(job, recipient);
        else job.reject(next);
      }
    }
    this.recipients.cleanup(now);
    if (Number.isFinite(wakeAt) && this.waiting > 0)
      this.timer = setTimeout(() => this.pump(), Math.max(1, Math.ceil(wakeAt - now)));
  }

  /**
   * What to do with a waiting message now: send it (its tokens taken), refuse it, wait for another
   * message to settle ('wait'), or look again at a time (a number).
   */
  private consider(job: Job, recipient: Recipient, now: number): 'send' | 'wait' | number | Error {
    const maxWait = this.options.maxWaitMs ?? 60_000;
    const probeWait = this.outage.blocks(job.priority === 'receipt') ? Infinity : 0;
    const holdEnds = Math.max(this.pausedUntil, recipient.blockedUntil, probeWait);
    const held = now < holdEnds;
    if ((job.held || held) && now - job.enqueuedAt >= maxWait) return this.deferred(job, 'rate limits');
    if (held && (this.closing || job.priority === 'receipt')) return this.deferred(job, 'a rate limit');
    const deadline = job.held || held ? job.enqueuedAt + maxWait : Infinity;
    if (held) return Math.min(holdEnds, deadline);
    if (recipient.busy) return 'wait';
    if (job.priority === 'receipt') return 'send';
    const wait = this.tokenWait(recipient);
    if (wait > 0) return Math.min(now + wait, deadline);
    this.tokens -= 1;
    recipient.tokens -= 1;
    job.probe = this.outage.claim();
    return 'send';
  }

  /** Milliseconds until both the number and the recipient have a token (0: now). */
  private tokenWait(recipient: Recipient): number {
    const numberWait = this.tokens >= 1 ? 0 : ((1 - this.tokens) * 1000) / this.rate;
    return Math.max(numberWait, this.recipients.tokenWait(recipient));
  }

  private dispatch(job: Job, recipient: Recipient): void {
    recipient.busy = true;
    const dispatchedAt = this.now();
    job
      .attempt()
      .then(
        () => {
          this.heard(job, dispatchedAt, 'answered');
          recipient.streak = 0;
          // Only a send that began after the latest hold says the limit has cleared.
          if (dispatchedAt >= this.heldAt) this.pauseStreak = 0;
          this.rate = Math.min(this.ceiling(), this.rate + 1);
        },
        (error: unknown) => {
          const verdict = this.options.rateLimitOf(error);
          const answer = platformAnswerOf(error, verdict !== undefined);
          const unanswered = answer === 'unanswered';
          this.heard(job, dispatchedAt, answer);
          if ((!verdict && !unanswered) || job.priority === 'receipt') {
            // A receipt is not sent again, but what it learnt about the number holds for everyone.
            if (verdict?.scope === 'account') this.holdAccount(verdict.retryAfterMs);
            job.reject(error);
            return;
          }
          job.held = true;
          job.lastError = error;
          job.unanswered = unanswered;
          if (!verdict) {
            // Not answered: the outage holds the whole number (above); the message keeps its place.
          } else if (verdict.scope === 'account') {
            // The number was over its limit; the person got nothing, so their pair quota is given back.
            this.recipients.giveBack(recipient);
            this.holdAccount(verdict.retryAfterMs);
          } else this.recipients.hold(recipient, verdict.retryAfterMs);
          this.queues[job.priority].unshift(job);
        },
      )
      .finally(() => {
        recipient.busy = false;
        this.pump();
      })
      .catch((error: unknown) => job.reject(error));
  }

  private holdAccount(retryAfterMs: number | undefined): void {
    const now = this.now();
    if (now < this.pausedUntil) {
      // Sent before the hold began: the hold already covers it, unless the platform asks for longer.
      if (retryAfterMs !== undefined) this.pausedUntil = Math.max(this.pausedUntil, now + retryAfterMs);
      return;
    }
    this.pauseStreak += 1;
    this.heldAt = now;
    this.rate = Math.max(this.ceiling() / 10, this.rate / 2);
    this.tokens = 0;
    const ceiling = Math.min(this.options.maxPauseMs ?? 8_000, FIRST_PAUSE_MS * 2 ** (this.pauseStreak - 1));
    const wait = retryAfterMs ?? ceiling / 2 + (Math.random() * ceiling) / 2;
    this.pausedUntil = now + wait;
    this.options.log?.warn(
      `${this.options.channel}: rate limited; holding every message of this number or page`,
      {
        holdMs: Math.round(wait),
        messagesPerSecond: Math.round(this.rate * 10) / 10,
      },
    );
  }

  /** Tells the outage probe what a send learnt; a send the platform did not answer holds the number. */
  private heard(job: Job, dispatchedAt: number, answer: PlatformAnswer): void {
    const holdUntil = this.outage.settled(job.probe === true, dispatchedAt, answer);
    if (holdUntil !== undefined) this.pausedUntil = Math.max(this.pausedUntil, holdUntil);
  }

  /** The refusal of a message held back too long (or while shutting down) by `limit`, or by an outage. */
  private deferred(job: Job, limit: string): DeliveryDeferredError {
    const down = job.unanswered === true || (this.outage.active && !job.held);
    const why = down ? 'held back while the API did not answer' : `held back by ${limit}`;
    const message = this.closing
      ? `${why} while shutting down`
      : `${why} for ${Math.round(this.now() - job.enqueuedAt)} ms`;
    const options = { cause: job.lastError };
    return down
      ? new ChannelUnavailableError(this.options.channel, message, options)
      : new DeliveryDeferredError(this.options.channel, message, options);
  }

  private capacity(): number {
    const burst = this.options.burst ?? this.configuredRate;
    return Math.max(1, (burst * this.rate) / this.configuredRate);
  }

  private refill(now: number): void {
    this.tokens = Math.min(this.capacity(), this.tokens + ((now - this.refilledAt) * this.rate) / 1000);
    this.refilledAt = now;
  }
}
