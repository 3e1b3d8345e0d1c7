/**
 * The base of our channel adapters: what every webhook channel does the same way on top of botbuilder's
 * `BotAdapter`. Turns of one conversation run one at a time and in order, across instances: recorded turns
 * and proactive ones (`continueConversationAsync`) alike run under the conversation's lease; turns that
 * run after the webhook was answered are tracked so shutdown waits for them; updating or deleting a sent
 * message is a typed "not supported".
 */
import {
  ActivityTypes,
  BotAdapter,
  TurnContext,
  type Activity,
  type ConversationReference,
  type ResourceResponse,
} from 'botbuilder';
import type { ClaimsIdentity } from 'botframework-connector';
import { LeaseLostError, NotSupportedError, type DeliveryDeferredError } from '../../src/core/errors';
import { failureOf } from '../../src/core/failures';
import type { InFlight } from '../../src/core/inFlight';
import type { Logger } from '../../src/core/log';
import { SerialQueue } from '../../src/core/serialQueue';
import type { InboxEvent, PartsSent } from '../../src/durable/storage/conversationInbox';
import { OutboundScheduler, type OutboundSchedulerOptions } from './outboundScheduler';
import {
  deferralOf,
  inboundEventOf,
  INBOUND_EVENT,
  LEASE,
  LOGIC_ERROR,
  noteDeferral,
  PARTS_SENT,
  PROACTIVE_TURN,
} from './turnState';
import { sendOrUnknown, warnUnknownOutcome } from './unknownOutcome';

export { INBOUND_EVENT, PROACTIVE_TURN } from './turnState';

/** Tuning of the outbound schedulers (tests shorten the waits). */
export type OutboundSettings = Partial<
  Pick<OutboundSchedulerOptions, 'maxWaitMs' | 'maxPauseMs' | 'pairLimit' | 'burst'>
>;

export type TurnLogic = (context: TurnContext) => Promise<void>;

/** Runs work under a conversation's lease, across instances (`DurableTurns.exclusive`). */
export interface ConversationLocks {
  exclusive(
    channel: string,
    conversationKey: string,
    work: (held: AbortSignal) => Promise<void>,
  ): Promise<void>;
}

export interface ChannelAdapterDeps {
  log: Logger;
  /** Shared with the server, so SIGTERM waits for turns that run after a webhook's answer. */
  inFlight: InFlight;
  /** The parts sent for an inbound event (a replayed turn sends only what is missing). */
  partsSent?: PartsSent;
  outbound?: OutboundSettings;
  /**
   * Where proactive turns take their conversation's lease, as recorded turns do (the channel adapters
   * pass their `turns`). Without it, proactive turns are ordered within this process only.
   */
  turns?: ConversationLocks;
  /** Hashes personal ids (conversation keys, message ids) for log lines; without it they are left out. */
  hashId?: (id: string) => string;
}

export abstract class ChannelAdapter extends BotAdapter {
  /** Name used in errors and logs. */
  abstract readonly channel: string;
  private readonly queue = new SerialQueue();
  private readonly outboxes: OutboundScheduler[] = [];

  constructor(protected readonly deps: ChannelAdapterDeps) {
    super();
  }

  abstract override sendActivities(
    context: TurnContext,
    activities: Partial<Activity>[],
  ): Promise<ResourceResponse[]>;

  override updateActivity(): Promise<void> {
    return Promise.reject(new NotSupportedError(this.channel, 'updating a sent message'));
  }

  override deleteActivity(): Promise<void> {
    return Promise.reject(new NotSupportedError(this.channel, 'deleting a sent message'));
  }

  /**
   * Runs `logic` in a proactive turn for the conversation of `reference`, under the conversation's lease:
   * it waits while another turn of the conversation runs (in any instance), and rejects with
   * `ConversationBusyError`, having run nothing, if that lasts longer than the wait (`proactiveWaitMs`).
   * A reply held back by rate limits or by the channel's API not answering, or the lease lost mid-turn,
   * rejects with `DeliveryDeferredError` (`ChannelUnavailableError`, `LeaseLostError`); parts sent before
   * are not recorded, so trying again may repeat them.
   */
  override async continueConversation(
    reference: Partial<ConversationReference>,
    logic: TurnLogic,
  ): Promise<void> {
    const activity = TurnContext.applyConversationReference(
      { type: ActivityTypes.Event, name: 'ContinueConversation' },
      reference,
      true,
    );
    const context = new TurnContext(this, activity);
    context.turnState.set(PROACTIVE_TURN, true);
    const turn = (held?: AbortSignal): Promise<void> => this.runTurn(context, logic, held);
    const locks = this.deps.turns;
    const channel = activity.channelId ?? '';
    const conversationKey = activity.conversation?.id ?? '';
    await this.serially(conversationKeyOf(activity), () =>
      locks ? locks.exclusive(channel, conversationKey, turn) : turn(),
    );
  }

  override continueConversationAsync(
    botAppId: string,
    reference: Partial<ConversationReference>,
    logic: TurnLogic,
  ): Promise<void>;
  override continueConversationAsync(
    claimsIdentity: ClaimsIdentity,
    reference: Partial<ConversationReference>,
    logic: TurnLogic,
  ): Promise<void>;
  override continueConversationAsync(
    claimsIdentity: ClaimsIdentity,
    reference: Partial<ConversationReference>,
    audience: string,
    logic: TurnLogic,
  ): Promise<void>;
  override continueConversationAsync(
    _botAppIdOrClaims: string | ClaimsIdentity,
    reference: Partial<ConversationReference>,
    logicOrAudience: TurnLogic | string,
    maybeLogic?: TurnLogic,
  ): Promise<void> {
    const logic = typeof logicOrAudience === 'function' ? logicOrAudience : maybeLogic;
    if (logic === undefined)
      return Promise.reject(new TypeError('continueConversationAsync needs a logic function'));
    return this.continueConversation(reference, logic);
  }

  /**
   * Runs a recorded inbound event as a turn; replies are counted so a replay skips those already sent.
   * A deferred reply (rate limits, or the channel's API not answering: `failureOf` says transient) fails
   * the run (whatever the turn's error handler did), so the event keeps waiting and runs again later; so
   * does losing the conversation's lease (`held` aborted): no part is sent after that (`LeaseLostError`).
   */
  protected async runRecordedTurn(
    activity: Partial<Activity>,
    event: InboxEvent,
    logic: TurnLogic,
    held?: AbortSignal,
  ): Promise<void> {
    const context = new TurnContext(this, activity);
    context.turnState.set(INBOUND_EVENT, event);
    await this.runTurn(context, logic, held);
  }

  /**
   * Runs a turn (recorded or proactive) through the middleware; `held` aborts if its conversation's lease is
   * lost. A reply held back fails the turn even when the logic or its error handler swallowed the error:
   * the event runs again, or the proactive caller tries again.
   */
  private async runTurn(
    context: TurnContext,
    logic: TurnLogic,
    held: AbortSignal | undefined,
  ): Promise<void> {
    if (held) context.turnState.set(LEASE, held);
    try {
      await this.runMiddleware(context, async (turn) => {
        try {
          await logic(turn);
        } catch (error) {
          turn.turnState.set(LOGIC_ERROR, error);
          throw error;
        }
        await this.afterLogic(turn);
      });
    } catch (error) {
      throw this.turnDeferral(context) ?? error;
    }
    const deferred = this.turnDeferral(context);
    if (deferred) throw deferred;
  }

  /**
   * The deferral that should end a turn's run: one its logic met (even if the logic or the error handler
   * swallowed it). A deferral met only by the error handler's apology after a genuine failure does not
   * count: that turn failed, and its handler has dealt with it.
   */
  private turnDeferral(context: TurnContext): DeliveryDeferredError | undefined {
    const logicError: unknown = context.turnState.get(LOGIC_ERROR);
    if (logicError !== undefined && failureOf(logicError).kind !== 'transient') return undefined;
    return deferralOf(context);
  }

  /** Runs after a turn's logic succeeded (an adapter persists what it kept in the turn's state). */
  protected afterLogic(_context: TurnContext): Promise<void> {
    return Promise.resolve();
  }

  /**
   * Sends one part of a reply once: in a turn answering a recorded event, a part its event's count of
   * parts sent includes is not sent again; a part sent is recorded, and so is one whose outcome is unknown (it counts as
   * sent, `unknownOutcome.ts`). Nothing is sent once the turn's conversation lease is
   * lost: `send` is given a check to call again right before the platform call (a part may wait in the
   * outbound scheduler), which throws `LeaseLostError` then. A transient failure of the send (`failureOf`:
   * rate limits, the API not answering) is thrown as its deferral, and nothing more of the reply goes out.
   */
  protected async sendPart(
    context: TurnContext,
    send: (stillHeld: () => void) => Promise<string | undefined>,
  ): Promise<string | undefined> {
    // After a deferral nothing more of this reply goes out: later parts would arrive before the held one.
    const earlier = deferralOf(context);
    if (earlier && context.turnState.get(LOGIC_ERROR) === undefined) throw earlier;
    const stillHeld = (): void => this.assertLeaseHeld(context);
    try {
      stillHeld();
      return await this.sendPartOnce(context, () => send(stillHeld));
    } catch (error) {
      const failure = failureOf(error);
      if (failure.kind !== 'transient') throw error;
      noteDeferral(context, failure.deferral);
      throw failure.deferral;
    }
  }

  /** Throws `LeaseLostError` once the turn's conversation lease is lost: another instance may run it now. */
  private assertLeaseHeld(context: TurnContext): void {
    const held: unknown = context.turnState.get(LEASE);
    if (held instanceof AbortSignal && held.aborted)
      throw new LeaseLostError(this.channel, { cause: held.reason });
  }

  private async sendPartOnce(
    context: TurnContext,
    send: () => Promise<string | undefined>,
  ): Promise<string | undefined> {
    const event = inboundEventOf(context);
    const partsSent = this.deps.partsSent;
    if (!partsSent || !event) {
      const { id, unknown } = await sendOrUnknown(send);
      if (unknown)
        warnUnknownOutcome(this.deps, unknown, { conversationId: context.activity.conversation?.id });
      return id;
    }
    const part = Number(context.turnState.get(PARTS_SENT) ?? 0);
    context.turnState.set(PARTS_SENT, part + 1);
    // Only a replay (a retry, or an event another process or an earlier life began) can have sent it.
    if (!event.firstRun && part < (await partsSent.partsSent(event))) {
      this.deps.log.debug(`${this.channel}: a replayed turn skips a part it sent before`, { part });
      return undefined;
    }
    const { id, unknown } = await sendOrUnknown(send);
    await partsSent.recordPartsSent(event, part + 1, unknown ? 'unknown' : 'sent');
    if (unknown) warnUnknownOutcome(this.deps, unknown, { event, part: part + 1 });
    return id;
  }

  /** The outbound scheduler of one number or page (closed with the others at shutdown). */
  protected createOutbox(options: OutboundSchedulerOptions): OutboundScheduler {
    const outbox = new OutboundScheduler({ ...options, ...this.deps.outbound, log: this.deps.log });
    this.outboxes.push(outbox);
    return outbox;
  }

  /** Takes `fraction` of each line's configured send rate (instances of one app share it). */
  shareRate(fraction: number): void {
    for (const outbox of this.outboxes) outbox.shareRate(fraction);
  }

  /** Shutting down: messages held back by rate limits are deferred now (their events run again later). */
  closeOutbound(): void {
    for (const outbox of this.outboxes) outbox.close();
  }

  /** Queues work behind earlier work of the same conversation and tracks it as in flight. */
  protected serially(key: string, work: () => Promise<void>): Promise<void> {
    return this.deps.inFlight.track(this.queue.run(key, work));
  }
}

export function conversationKeyOf(activity: Partial<Activity>): string {
  return `${activity.channelId ?? ''}/${activity.conversation?.id ?? ''}`;
}
