/**
 * The base of a webhook channel's adapter: one intake and one replay path for every channel, which
 * supplies only its specifics.
 *
 * - Intake (`process`, `receive`: `WebhookPipeline`): verify → parse → map → route → record → 200 (503
 *   when the record fails, so the platform delivers again) → drain.
 * - Replay (`replay`, registered with `DurableTurns` under the channel's ids, so the recovery sweep runs
 *   the same path): stored event → its line → media fetched and stored → the 24-hour window touched → the
 *   turn (the channel's turn hook, then the bot logic, given once, at construction).
 * - Outbound: `sendActivities` (delay, typing, message), every body through its line's outbound scheduler
 *   (`post`), a reply part by part (`sendParts`, `ChannelAdapter.sendPart`).
 *
 * What a channel supplies (all of it, beside its rendering and its options):
 * - lines: what serves one number, page or account (`ChannelLine`: the `serviceUrl` its activities carry,
 *   its outbound scheduler from `createOutbox`), with the channel's transport;
 * - verification: `verify(request, rawBody)` returns the lines whose secret proves the raw bytes, or throws
 *   `WebhookAuthError`; `answerChallenge` answers a GET (Meta's hub challenge);
 * - `intake`: the pipeline over the channel's `WebhookChannel` (zod schema, the pure mapping of a whole
 *   body, the routing of an item to a line, what is recorded; `parse` and `acknowledgement` when the body
 *   is not JSON);
 * - replay: `ReplayOf` (its channel ids, what was recorded, read back through zod), `lineOfRecorded`,
 *   `attachmentsOf` (each with its `download`), and the turn hooks `prepareTurn` (before the media:
 *   settling an identity) and `answeredByAdapter` (in the turn, before the logic: true when the adapter
 *   answered itself);
 * - outbound: `deliver` (one body to the platform), `sendMessage` (rendering, the window), `showTyping`,
 *   `lineForOutbound`.
 *
 * A Twilio channel fits: `verify` checks `X-Twilio-Signature` (HMAC-SHA1 of the public URL and the sorted
 * form parameters, keyed by the auth token); its `WebhookChannel.parse` reads the form-encoded body and its
 * `acknowledgement` is an empty TwiML `<Response/>`; the mapping turns one message (`MessageSid`,
 * `NumMedia`, `MediaUrl0..n`) into one item; `download` fetches a media URL with basic auth (account SID
 * and auth token); `deliver` posts form-encoded to the Messages resource; `answerChallenge` answers 405.
 */
import type { Activity, ConversationReference, ResourceResponse, TurnContext } from 'botbuilder';
import type { z } from 'zod';
import { describeError, NotSupportedError } from '../../src/core/errors';
import type { HttpRequest, HttpResponse } from '../../src/core/http';
import type { InboxEvent } from '../../src/durable/storage/conversationInbox';
import type { MediaSink } from '../../src/durable/storage/mediaStore';
import type { DurableTurns } from '../../src/durable/turns/durableTurns';
import { ChannelAdapter, type ChannelAdapterDeps, type TurnLogic } from './channelAdapter';
import { ConfiguredLogic } from './configuredLogic';
import { storeInboundMedia, type InboundAttachment } from './inboundMedia';
import type { OutboundPriority, OutboundScheduler } from './outboundScheduler';
import { readRecorded } from './recordedEvent';
import { isProactive } from './turnState';
import type { IntakeItem, WebhookPipeline } from './webhookPipeline';

/** Whom a proactive message goes to: the person's id on the channel, and which of our lines sends it. */
export interface ProactiveTarget {
  /** `whatsapp`; `messenger` or `instagram` on the Messenger adapter. */
  channel: string;
  userId: string;
  lineId?: string;
}

/** The reference of a one-to-one conversation with `userId` on `line` (our account `accountId`). */
export function personalReference(
  channelId: string,
  line: { serviceUrl: string },
  accountId: string,
  userId: string,
  conversationId: string,
): Partial<ConversationReference> {
  return {
    channelId,
    serviceUrl: line.serviceUrl,
    bot: { id: accountId, name: '' },
    user: { id: userId, name: '' },
    conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
  };
}

/** What serves one number, page or account. */
export interface ChannelLine {
  /** The `serviceUrl` of its inbound activities: names the line a reply goes out on. */
  serviceUrl: string;
  outbox: OutboundScheduler;
}

/** The 24-hour customer-service window of each conversation (`ConversationMemory` keeps it). */
export interface ConversationWindows {
  touchWindow(conversationId: string, at: Date): Promise<void>;
  windowOpen(conversationId: string): Promise<boolean>;
}

export interface WebhookAdapterOptions extends ChannelAdapterDeps {
  /** Records inbound events and runs them one at a time per conversation, across instances. */
  turns: DurableTurns;
  /**
   * The bot logic every recorded event runs, those found by the recovery sweep included (required: without
   * it they would be lost). The `logic` given to `process` does not replace it: recorded events may run in
   * another process or after a restart, so they always run this one (other logic given there is ignored,
   * with a warning).
   */
  logic: TurnLogic;
  /** Where inbound media is kept. */
  media: MediaSink;
  memory: ConversationWindows;
}

/** What the replay reads of every recorded item. */
export interface ReplayItem {
  activity: Partial<Activity>;
}

/** How a channel's recorded events are found and read back. */
export interface ReplayOf<Recorded extends ReplayItem> {
  /** The channel ids its recorded events carry (their turns run `replay`). */
  channels: readonly string[];
  /** What was recorded, read back through zod (`recordedEventSchema`). */
  schema: z.ZodType<{ item: Recorded; serviceUrl: string }>;
  /** What a line is called in log lines and errors ('number', 'page'). */
  lineNoun: string;
}

export abstract class WebhookAdapter<
  Body,
  Item extends IntakeItem,
  Line extends ChannelLine,
  Recorded extends ReplayItem,
> extends ChannelAdapter {
  protected abstract readonly intake: WebhookPipeline<Body, Item, Line>;
  /** The bot logic recorded events run (`options.logic`). */
  private readonly logic: ConfiguredLogic;

  constructor(
    private readonly channelOptions: WebhookAdapterOptions,
    private readonly recorded: ReplayOf<Recorded>,
  ) {
    super(channelOptions);
    this.logic = new ConfiguredLogic(new.target.name, channelOptions.logic);
    for (const channel of recorded.channels)
      channelOptions.turns.register(channel, (event, held) => this.replay(event, held));
  }

  /**
   * The channel's webhook route: a GET is the platform's challenge, a POST is received (its events run the
   * logic given at construction; `logic`, botbuilder's third argument, may be left out).
   */
  async process(request: HttpRequest, response: HttpResponse, logic?: TurnLogic): Promise<void> {
    if (request.method === 'GET') {
      this.answerChallenge(request, response);
      return;
    }
    await this.receive(request, response, logic, (rawBody) => this.verify(request, rawBody));
  }

  /** The lines whose secret proves the raw bytes (at least one), or throws `WebhookAuthError`. */
  protected abstract verify(request: HttpRequest, rawBody: Buffer): readonly Line[];

  /** Answers a GET of the webhook route (the platform's subscription challenge). */
  protected abstract answerChallenge(request: HttpRequest, response: HttpResponse): void;

  /** A webhook POST, proven by `prove`, through the pipeline; `route` names another route in the log. */
  protected async receive(
    request: HttpRequest,
    response: HttpResponse,
    given: TurnLogic | undefined,
    prove: (rawBody: Buffer) => readonly Line[],
    route?: string,
  ): Promise<void> {
    this.logic.ignore(given, this.channel, this.channelOptions.log);
    await this.intake.process(request, response, prove, route);
  }

  /** The line a recorded event came in on; undefined when it is no longer configured. */
  protected abstract lineOfRecorded(item: Recorded, serviceUrl: string): Line | undefined;

  /** The attachments of a recorded event to keep, each with how to download it. */
  protected abstract attachmentsOf(item: Recorded, line: Line): InboundAttachment[];

  /** Before the media are stored: the channel may settle the activity (an identity, say). */
  protected prepareTurn(_item: Recorded, _activity: Partial<Activity>): Promise<void> {
    return Promise.resolve();
  }

  /** In the turn, before the logic: true when the adapter answered the activity itself. */
  protected answeredByAdapter(_line: Line, _item: Recorded, _context: TurnContext): Promise<boolean> {
    return Promise.resolve(false);
  }

  /**
   * A conversation reference for a proactive turn (`continueConversationAsync`) to `userId`, from the
   * line `lineId` (a phone number id, a page id or an Instagram account id; the first line when not
   * given); undefined when no configured line answers to it.
   */
  abstract referenceTo(target: ProactiveTarget): Partial<ConversationReference> | undefined;

  /** Whether the 24-hour customer-service window of `reference`'s conversation is open. */
  windowOpen(reference: Partial<ConversationReference>): Promise<boolean> {
    return this.channelOptions.memory.windowOpen(reference.conversation?.id ?? '');
  }

  /** Runs one recorded event: its line, its media stored, its window kept, then the turn. */
  private async replay(event: InboxEvent, held: AbortSignal): Promise<void> {
    const { item, serviceUrl } = readRecorded(this.recorded.schema, event.payload);
    const line = this.lineOfRecorded(item, serviceUrl);
    if (!line) {
      this.channelOptions.log.warn(
        `${this.channel}: a recorded event belongs to a ${this.recorded.lineNoun} no longer configured; dropped`,
      );
      return;
    }
    const activity = item.activity;
    await this.prepareTurn(item, activity);
    const media = await Promise.all(
      this.attachmentsOf(item, line).map((m) => storeInboundMedia(this.channelOptions, this.channel, m)),
    );
    if (media.length > 0) activity.attachments = [...(activity.attachments ?? []), ...media];
    if (activity.type !== 'event') {
      const conversationId = activity.conversation?.id ?? '';
      await this.channelOptions.memory.touchWindow(conversationId, activity.timestamp ?? new Date());
    }
    const turn = async (context: TurnContext): Promise<void> => {
      if (await this.answeredByAdapter(line, item, context)) return;
      await this.logic.run(context);
    };
    await this.runRecordedTurn(activity, event, turn, held);
  }

  override async sendActivities(
    context: TurnContext,
    activities: Partial<Activity>[],
  ): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      if (activity.type === 'delay') {
        const ms = typeof activity.value === 'number' ? activity.value : 1000;
        await new Promise((resolve) => setTimeout(resolve, ms));
      } else if (activity.type === 'typing') {
        await this.showTyping(context, activity).catch((error: unknown) => {
          this.channelOptions.log.warn(`${this.channel}: could not show typing`, {
            error: describeError(error),
          });
        });
      } else if (activity.type === 'message') {
        responses.push({ id: (await this.sendMessage(context, activity)) ?? '' });
        continue;
      } else {
        this.channelOptions.log.debug(
          `${this.channel}: activity type ${String(activity.type)} has no form here; not sent`,
        );
      }
      responses.push({ id: '' });
    }
    return responses;
  }

  /** Sends one message activity (rendered, the window checked); the id of its last part. */
  protected abstract sendMessage(
    context: TurnContext,
    activity: Partial<Activity>,
  ): Promise<string | undefined>;

  /** Shows the person the bot is typing (best effort: a failure is logged, not thrown on). */
  protected abstract showTyping(context: TurnContext, activity: Partial<Activity>): Promise<void>;

  /** Sends one body to the platform on `line`; the message id when there is one. */
  protected abstract deliver(
    line: Line,
    recipient: string | undefined,
    body: Record<string, unknown>,
  ): Promise<string | undefined>;

  /** The line that sends for an outbound activity's conversation. */
  protected abstract lineForOutbound(activity: Partial<Activity>): Line | undefined;

  protected outboundLine(activity: Partial<Activity>): Line {
    const line = this.lineForOutbound(activity);
    if (!line)
      throw new Error(
        `${this.channel}: no ${this.recorded.lineNoun} of this deployment sends for this conversation`,
      );
    return line;
  }

  /** Posts one body through the line's outbound scheduler (`stillHeld` checked just before the call). */
  protected post(
    line: Line,
    recipient: string | undefined,
    priority: OutboundPriority,
    body: Record<string, unknown>,
    stillHeld?: () => void,
  ): Promise<string | undefined> {
    return line.outbox.schedule({ recipient: recipient ?? '', priority }, () => {
      stillHeld?.();
      return this.deliver(line, recipient, body);
    });
  }

  /** A receipt (read, seen), best effort and not in the turn's way; `what` names it in the warning. */
  protected receipt(line: Line, recipient: string, body: Record<string, unknown>, what: string): void {
    void this.channelOptions.inFlight.track(
      this.post(line, recipient, 'receipt', body).catch((error: unknown) => {
        this.channelOptions.log.warn(`${this.channel}: could not ${what}`, { error: describeError(error) });
      }),
    );
  }

  /** Sends a reply's bodies part by part (`sendPart`), as a reply or a proactive message; the last id. */
  protected async sendParts(
    context: TurnContext,
    line: Line,
    recipient: string | undefined,
    bodies: readonly Record<string, unknown>[],
  ): Promise<string | undefined> {
    const priority = isProactive(context) ? 'proactive' : 'reply';
    let id: string | undefined;
    for (const body of bodies) {
      const sent = await this.sendPart(context, (stillHeld) =>
        this.post(line, recipient, priority, body, stillHeld),
      );
      id = sent ?? id;
    }
    return id;
  }

  /** Refuses a message with nothing the channel can show; warns of attachments it left out. */
  protected checkRendered(channel: string, parts: number, unrendered: readonly string[]): void {
    if (unrendered.length === 0) return;
    if (parts === 0) throw new NotSupportedError(channel, `attachments of type ${unrendered.join(', ')}`);
    this.channelOptions.log.warn(`${channel}: attachments it cannot show were left out`, {
      types: unrendered,
    });
  }
}
