/**
 * Whether a number's platform answers, for its outbound scheduler. After a send the platform did not
 * answer (5xx, network, timeout: `isChannelOutage`, after the client's own retries) the number is held,
 * then one message at a time (a probe) tests it, each hold twice the last (with jitter, up to a ceiling);
 * the first answer, success or refusal, ends the outage. A down API sees one call at a time, however many
 * messages wait, and they go out within one hold of its recovery.
 */
import type { PlatformAnswer } from '../../src/core/failures';
import type { Logger } from '../../src/core/log';

const FIRST_HOLD_MS = 500;

export class OutageProbe {
  private down = false;
  private streak = 0;
  private heldAt = 0;
  private probing = false;

  constructor(
    private readonly options: { channel: string; maxHoldMs: number; now: () => number; log?: Logger },
  ) {}

  /** The platform has not answered since a send it did not answer. */
  get active(): boolean {
    return this.down;
  }

  /** Whether a message must wait now: a probe is in flight, or it is a receipt (never worth a probe). */
  blocks(receipt: boolean): boolean {
    return this.down && (this.probing || receipt);
  }

  /** A message is about to be sent; during an outage it is the probe (true), and others wait for it. */
  claim(): boolean {
    if (!this.down) return false;
    this.probing = true;
    return true;
  }

  /**
   * How a send that began at `dispatchedAt` ended. Returns, when the platform did not answer a send that
   * began after the latest hold, the time until which the number is held now.
   */
  settled(probe: boolean, dispatchedAt: number, answer: PlatformAnswer): number | undefined {
    if (probe) this.probing = false;
    // A send that began before the latest hold says nothing new: that hold covers it.
    if (answer === 'unknown' || (this.down && dispatchedAt < this.heldAt)) return undefined;
    if (answer === 'answered') {
      if (this.down)
        this.options.log?.info(`${this.options.channel}: the API answers again; held messages go out`, {
          probes: this.streak,
        });
      this.down = false;
      this.streak = 0;
      return undefined;
    }
    const now = this.options.now();
    this.down = true;
    this.streak += 1;
    this.heldAt = now;
    const ceiling = Math.min(this.options.maxHoldMs, FIRST_HOLD_MS * 2 ** (this.streak - 1));
    const wait = ceiling / 2 + (Math.random() * ceiling) / 2;
    const details = { holdMs: Math.round(wait), probes: this.streak - 1 };
    if (this.streak === 1)
      this.options.log?.warn(
        `${this.options.channel}: the API did not answer; holding this number's messages, one probe at a time until it does`,
        details,
      );
    else this.options.log?.debug(`${this.options.channel}: the API still does not answer`, details);
    return now + wait;
  }
}
