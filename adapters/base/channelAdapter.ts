/**
 * The base of our channel adapters: what every webhook channel does the same way on top of botbuilder's
 * `BotAdapter`. Turns of one conversation run one at a time and in order; turns that run after the
 * webhook was answered are tracked so shutdown waits for them; proactive messages come in through
 * `continueConversationAsync`; updating or deleting a sent message is a typed "not supported".
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
import { NotSupportedError } from '../../src/errors';
import type { InFlight } from '../../src/inFlight';
import type { Logger } from '../../src/log';
import { SerialQueue } from '../../src/serialQueue';

export type TurnLogic = (context: TurnContext) => Promise<void>;

export interface ChannelAdapterDeps {
  log: Logger;
  /** Shared with the server, so SIGTERM waits for turns that run after a webhook's answer. */
  inFlight: InFlight;
}

/** `turnState` key marking a proactive turn (no inbound message). */
export const PROACTIVE_TURN = Symbol('proactiveTurn');

export abstract class ChannelAdapter extends BotAdapter {
  /** Name used in errors and logs. */
  abstract readonly channel: string;
  private readonly queue = new SerialQueue();

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

  /** Runs `logic` in a proactive turn for the conversation of `reference`. */
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
    await this.serially(conversationKeyOf(activity), () => this.runMiddleware(context, logic));
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
   * Runs one inbound activity as a turn in the background, after earlier turns of its conversation.
   * `prepare` may change the activity or decide the turn is not needed (returns false).
   * A failure outside the bot's own error handler is logged, never dropped silently.
   */
  protected runTurnInBackground(
    activity: Partial<Activity>,
    logic: TurnLogic,
    prepare?: (activity: Partial<Activity>) => Promise<boolean>,
  ): Promise<void> {
    return this.serially(conversationKeyOf(activity), async () => {
      if (prepare && !(await prepare(activity))) return;
      await this.runMiddleware(new TurnContext(this, activity), logic);
    }).catch((error: unknown) => {
      this.deps.log.error(`${this.channel}: a turn failed outside the bot's error handler`, {
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
    });
  }

  /** Queues work behind earlier work of the same conversation and tracks it as in flight. */
  protected serially(key: string, work: () => Promise<void>): Promise<void> {
    return this.deps.inFlight.track(this.queue.run(key, work));
  }
}

export function conversationKeyOf(activity: Partial<Activity>): string {
  return `${activity.channelId ?? ''}/${activity.conversation?.id ?? ''}`;
}
