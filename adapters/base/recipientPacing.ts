/**
 * The per-person side of an outbound scheduler: one message in flight per recipient (so the parts of a
 * reply arrive in order), a bucket per recipient where the platform has a pair limit (WhatsApp: bursts of
 * 45, then one message every 6 s), and a hold of one person after a pair-limit answer (131056), 4^X
 * seconds as Meta advises unless the platform said how long. Recipients with nothing to remember are
 * forgotten.
 */

/** A per-recipient limit: `burst` messages, then one every `intervalMs`. */
export interface PairLimit {
  burst: number;
  intervalMs: number;
}

export interface Recipient {
  tokens: number;
  refilledAt: number;
  busy: boolean;
  blockedUntil: number;
  streak: number;
}

const MAX_RECIPIENT_HOLD_MS = 64_000;

export class RecipientPacing {
  private readonly recipients = new Map<string, Recipient>();
  private lastCleanup = 0;

  constructor(
    private readonly pairLimit: PairLimit | undefined,
    private readonly now: () => number,
  ) {}

  /** The recipient `id`, its pair tokens refilled to `now`. */
  recipient(id: string, now: number): Recipient {
    let recipient = this.recipients.get(id);
    if (!recipient) {
      recipient = { tokens: this.fullPair(), refilledAt: now, busy: false, blockedUntil: 0, streak: 0 };
      this.recipients.set(id, recipient);
    }
    recipient.tokens = this.pairTokens(recipient, now);
    recipient.refilledAt = now;
    return recipient;
  }

  /** Milliseconds until the recipient has a pair token (0: now, or no pair limit). */
  tokenWait(recipient: Recipient): number {
    const pair = this.pairLimit;
    return !pair || recipient.tokens >= 1 ? 0 : (1 - recipient.tokens) * pair.intervalMs;
  }

  /** The account was over its limit: the person got nothing, so their pair quota is given back. */
  giveBack(recipient: Recipient): void {
    recipient.tokens = Math.min(this.pairLimit?.burst ?? 1, recipient.tokens + 1);
  }

  /** A pair limit held this person back: `retryAfterMs`, or 4^X seconds (X: holds in a row). */
  hold(recipient: Recipient, retryAfterMs: number | undefined): void {
    recipient.streak += 1;
    recipient.tokens = Math.min(recipient.tokens, 0);
    const wait = retryAfterMs ?? Math.min(MAX_RECIPIENT_HOLD_MS, 1000 * 4 ** (recipient.streak - 1));
    recipient.blockedUntil = this.now() + wait;
  }

  /** Forgets recipients with nothing to remember (full bucket, hold over, nothing in flight). */
  cleanup(now: number): void {
    if (this.recipients.size < 1000 || now - this.lastCleanup < 1000) return;
    this.lastCleanup = now;
    for (const [id, r] of this.recipients) {
      if (!r.busy && now >= r.blockedUntil && this.pairTokens(r, now) >= this.fullPair())
        this.recipients.delete(id);
    }
  }

  /** A recipient's pair tokens at `now` (always one when there is no pair limit). */
  private pairTokens(recipient: Recipient, now: number): number {
    const pair = this.pairLimit;
    if (!pair) return 1;
    return Math.min(pair.burst, recipient.tokens + (now - recipient.refilledAt) / pair.intervalMs);
  }

  private fullPair(): number {
    return this.pairLimit?.burst ?? 1;
  }
}
