/**
 * The Messenger adapter: Facebook pages and their Instagram accounts (the same Messenger Platform) as
 * one Bot Framework adapter. Inbound: hub challenge, `X-Hub-Signature-256` over the raw bytes, then the
 * proven bytes parsed and cut to a sane depth, zod, the pure mapping of every entry and `messaging` item,
 * routing by page (or Instagram account), the durable inbox keyed by `mid` (an item that cannot be mapped
 * or stored is quarantined), then 200, with one log line for whatever was not processed; attachments are
 * downloaded at once into blob storage. Outbound: the pure rendering, `messaging_type` by the 24-hour
 * window (RESPONSE, UPDATE, or MESSAGE_TAG with a configured tag; otherwise `WindowClosedError` before any
 * call), typed errors and retries.
 */
import type { Activity, ResourceResponse, TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { MessengerPage } from './messengerPage';
import { storedMediaAttachment, unavailableMediaAttachment } from '../../src/core/conventions/storedMedia';
import { describeError, NotSupportedError, WindowClosedError } from '../../src/core/errors';
import type { HttpRequest, HttpResponse } from '../../src/core/http';
import type { InboxEvent } from '../../src/durable/storage/conversationInbox';
import type { DurableTurns } from '../../src/durable/turns/durableTurns';
import type { MediaSink } from '../../src/durable/storage/mediaStore';
import {
  ChannelAdapter,
  PROACTIVE_TURN,
  requiredLogic,
  type ChannelAdapterDeps,
  type TurnLogic,
} from '../base/channelAdapter';
import { readRecorded, recordedEventSchema } from '../base/recordedEvent';
import { WebhookPipeline } from '../base/webhookPipeline';
import { GraphClient, type GraphTimeouts } from '../meta/graphClient';
import { answerHubChallenge } from '../meta/hubChallenge';
import { metaRateLimit } from '../meta/rateLimits';
import type { RetryPolicy } from '../meta/retry';
import {
  DEFAULT_MESSAGES_PER_SECOND,
  type OutboundPriority,
  type OutboundScheduler,
} from '../base/outboundScheduler';
import { signedLines } from '../meta/signature';
import type { ConversationMemory } from '../whatsapp/conversationMemory';
import { isMetaMediaHost } from '../whatsapp/transport';
import { renderActivity } from './fromActivity';
import { mapWebhook, type InboundItem, type InboundMedia, type MessengerMediaKind } from './toActivities';
import { webhookSchema, type MessengerWebhook } from './webhookSchema';

export const MESSAGE_TAGS = [
  'ACCOUNT_UPDATE',
  'CONFIRMED_EVENT_UPDATE',
  'CUSTOMER_FEEDBACK',
  'HUMAN_AGENT',
  'POST_PURCHASE_UPDATE',
] as const;
export type MessageTag = (typeof MESSAGE_TAGS)[number];

export const DEFAULT_MEDIA_LIMITS: Record<MessengerMediaKind, number> = {
  image: 8 * 1024 * 1024,
  audio: 25 * 1024 * 1024,
  video: 25 * 1024 * 1024,
  document: 25 * 1024 * 1024,
};

export interface MessengerAdapterOptions extends ChannelAdapterDeps {
  pages: readonly MessengerPage[];
  /** Records inbound events and runs them one at a time per conversation, across instances. */
  turns: DurableTurns;
  /**
   * The bot logic every recorded event runs, those found by the recovery sweep included (required: without
   * it they would be lost). The `logic` given to `process` does not replace it: recorded events may run in
   * another process or after a restart, so they always run this one (other logic given there is ignored,
   * with a warning).
   */
  logic: TurnLogic;
  media: MediaSink;
  memory: ConversationMemory;
  /** The tag proactive messages use outside the 24-hour window; unset, they are refused there. */
  messageTag?: MessageTag;
  fetch?: typeof fetch;
  retry?: RetryPolicy;
  /** Timeouts of the calls to the platform (tests shorten them). */
  timeouts?: GraphTimeouts;
}

interface Line {
  page: MessengerPage;
  client: GraphClient;
  outbox: OutboundScheduler;
  media: GraphClient;
  serviceUrl: string;
}

const channelTagSchema = z.object({ messenger: z.object({ tag: z.enum(MESSAGE_TAGS) }) });

export class MessengerAdapter extends ChannelAdapter {
  readonly channel = 'messenger';
  private readonly lines: Line[];
  /** The bot logic recorded events run (`options.logic`). */
  private readonly logic: TurnLogic;
  private readonly intake: WebhookPipeline<MessengerWebhook, InboundItem, Line>;

  constructor(private readonly options: MessengerAdapterOptions) {
    super(options);
    this.logic = requiredLogic('MessengerAdapter', options.logic);
    this.lines = options.pages.map((page) => ({
      page,
      serviceUrl: `${page.graphUrl.replace(/\/+$/, '')}/${page.pageId}`,
      client: new GraphClient({
        channel: 'messenger',
        baseUrl: page.graphUrl,
        headers: { authorization: `Bearer ${page.pageAccessToken}` },
        log: options.log,
        fetch: options.fetch,
        retry: options.retry,
        ...options.timeouts,
      }),
      // Attachment URLs are public CDN links: fetched without our token, from Meta's hosts only.
      media: new GraphClient({
        channel: 'messenger',
        baseUrl: page.graphUrl,
        headers: {},
        log: options.log,
        fetch: options.fetch,
        retry: options.retry,
        ...options.timeouts,
        trustedHost: (host) => isMetaMediaHost(host) || /(^|\.)cdninstagram\.com$/.test(host),
      }),
      outbox: this.createOutbox({
        channel: 'messenger',
        messagesPerSecond: page.messagesPerSecond ?? DEFAULT_MESSAGES_PER_SECOND,
        rateLimitOf: metaRateLimit,
      }),
    }));
    for (const channel of ['messenger', 'instagram'])
      options.turns.register(channel, (event, held) => this.runEvent(event, held));
    const instagram = (body: MessengerWebhook) => body.object === 'instagram';
    this.intake = new WebhookPipeline(
      {
        name: 'messenger',
        schema: webhookSchema,
        map: (body, accepted) =>
          mapWebhook(body, (id) => this.lineFor(id, accepted, instagram(body))?.serviceUrl ?? ''),
        lineFor: (item, body, accepted) => this.lineFor(item.accountId, accepted, instagram(body)),
        notServed: 'page this deployment does not serve; ignored',
        recorded: (item, line) => ({
          channel: item.channelId,
          conversationKey: item.activity.conversation?.id ?? item.userKey,
          payload: { item, serviceUrl: line.serviceUrl } satisfies RecordedItem,
        }),
      },
      options,
    );
  }

  /** Runs one recorded event: attachments stored, the window kept, the message marked seen, then the turn. */
  private async runEvent(event: InboxEvent, held: AbortSignal): Promise<void> {
    const { item, serviceUrl } = readRecorded(recordedSchema, event.payload);
    const activity = item.activity;
    const line = this.lines.find((l) => l.serviceUrl === serviceUrl);
    if (!line) {
      this.options.log.warn('messenger: a recorded event belongs to a page no longer configured; dropped');
      return;
    }
    const attachments = await Promise.all(item.media.map((m, i) => this.storeMedia(item, line, m, i)));
    if (attachments.length > 0) activity.attachments = [...(activity.attachments ?? []), ...attachments];
    if (activity.type !== 'event') {
      await this.options.memory.touchWindow(
        activity.conversation?.id ?? '',
        activity.timestamp ?? new Date(),
      );
    }
    if (activity.type === 'message') this.markSeen(line, item.userKey);
    await this.runRecordedTurn(activity, event, this.logic, held);
  }

  /** `GET, POST /webhooks/messenger` (events run `options.logic`, see there). */
  async process(request: HttpRequest, response: HttpResponse, logic: TurnLogic): Promise<void> {
    if (request.method === 'GET') {
      answerHubChallenge(
        request,
        response,
        this.lines.map((l) => l.page.verifyToken),
      );
      return;
    }
    this.ignoreWebhookLogic(this.logic, logic);
    await this.intake.process(request, response, (rawBody) =>
      signedLines(request, rawBody, this.lines, (l) => l.page.appSecret),
    );
  }

  override async sendActivities(
    context: TurnContext,
    activities: Partial<Activity>[],
  ): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    const proactive = context.turnState.get(PROACTIVE_TURN) === true;
    for (const activity of activities) {
      if (activity.type === 'delay') {
        await new Promise((resolve) =>
          setTimeout(resolve, typeof activity.value === 'number' ? activity.value : 1000),
        );
        responses.push({ id: '' });
      } else if (activity.type === 'typing') {
        await this.senderAction(activity, 'typing_on').catch((error: unknown) => {
          this.options.log.warn('messenger: could not show typing', { error: describeError(error) });
        });
        responses.push({ id: '' });
      } else if (activity.type === 'message') {
        responses.push({ id: (await this.sendMessage(context, activity, proactive)) ?? '' });
      } else {
        responses.push({ id: '' });
      }
    }
    return responses;
  }

  private async sendMessage(
    context: TurnContext,
    activity: Partial<Activity>,
    proactive: boolean,
  ): Promise<string | undefined> {
    const line = this.lineForOutbound(activity);
    const channel = activity.channelId === 'instagram' ? 'instagram' : 'messenger';
    const rendered = renderActivity(activity, channel);
    if (rendered.unrendered.length > 0) {
      if (rendered.messages.length === 0)
        throw new NotSupportedError(channel, `attachments of type ${rendered.unrendered.join(', ')}`);
      this.options.log.warn(`${channel}: attachments it cannot show were left out`, {
        types: rendered.unrendered,
      });
    }
    if (rendered.messages.length === 0) return undefined;
    const windowOpen = await this.options.memory.windowOpen(activity.conversation?.id ?? '');
    const tag =
      channelTagSchema.safeParse(activity.channelData).data?.messenger.tag ?? this.options.messageTag;
    if (!windowOpen && tag === undefined) throw new WindowClosedError(channel);
    const type = !windowOpen
      ? { messaging_type: 'MESSAGE_TAG', tag }
      : { messaging_type: proactive ? 'UPDATE' : 'RESPONSE' };
    let id: string | undefined;
    for (const message of rendered.messages) {
      const sent = await this.sendPart(context, async (stillHeld) => {
        const answer = await this.post(
          line,
          activity.recipient?.id,
          proactive ? 'proactive' : 'reply',
          { ...type, message },
          stillHeld,
        );
        return sendResponse.safeParse(answer).data?.message_id;
      });
      id = sent ?? id;
    }
    return id;
  }

  private senderAction(activity: Partial<Activity>, action: 'typing_on' | 'mark_seen'): Promise<unknown> {
    return this.post(this.lineForOutbound(activity), activity.recipient?.id, 'receipt', {
      sender_action: action,
    });
  }

  /** Posts to the Send API through the page's outbound scheduler (`stillHeld` checked just before). */
  private post(
    line: Line,
    recipient: string | undefined,
    priority: OutboundPriority,
    body: Record<string, unknown>,
    stillHeld?: () => void,
  ): Promise<unknown> {
    return line.outbox.schedule({ recipient: recipient ?? '', priority }, () => {
      stillHeld?.();
      return line.client.postJson(
        'me/messages',
        { recipient: { id: recipient }, ...body },
        { rateLimits: 'throw' },
      );
    });
  }

  private markSeen(line: Line, userKey: string): void {
    void this.options.inFlight.track(
      this.post(line, userKey, 'receipt', { sender_action: 'mark_seen' }).catch((error: unknown) => {
        this.options.log.warn('messenger: could not mark a message seen', { error: describeError(error) });
      }),
    );
  }

  private async storeMedia(item: InboundItem, line: Line, media: InboundMedia, index: number) {
    try {
      const downloaded = await line.media.download(media.url, DEFAULT_MEDIA_LIMITS[media.kind]);
      const stored = await this.options.media.save({
        channel: item.channelId,
        conversationKey: `${item.accountId}/${item.userKey}`,
        messageId: item.dedupeKey,
        index,
        data: downloaded.data,
        mimeType: downloaded.contentType ?? 'application/octet-stream',
        kind: media.kind,
      });
      return storedMediaAttachment(stored);
    } catch (error) {
      this.options.log.warn('messenger: an attachment could not be stored; marked unavailable', {
        kind: media.kind,
        error: describeError(error),
      });
      return unavailableMediaAttachment({ available: false, kind: media.kind, reason: describeError(error) });
    }
  }

  private lineFor(accountId: string, among: readonly Line[], instagram: boolean): Line | undefined {
    const exact = among.find((l) => l.page.pageId === accountId || l.page.instagramAccountId === accountId);
    if (exact || !instagram) return exact;
    // An Instagram account id that is not configured: the page of the app that signed, if it is the only one.
    const unclaimed = among.filter((l) => l.page.instagramAccountId === undefined);
    return unclaimed.length === 1 ? unclaimed[0] : undefined;
  }

  private lineForOutbound(activity: Partial<Activity>): Line {
    const accountId = activity.from?.id ?? '';
    const line =
      this.lines.find((l) => l.serviceUrl === activity.serviceUrl) ??
      this.lineFor(accountId, this.lines, activity.channelId === 'instagram');
    if (!line) throw new Error(`No page of this deployment sends for ${accountId}`);
    return line;
  }
}

const sendResponse = z.object({ message_id: z.string().optional() }).loose();

/** What is recorded for one inbound event. */
const recordedSchema = recordedEventSchema({
  accountId: z.string(),
  channelId: z.enum(['messenger', 'instagram']),
  media: z.array(z.object({ kind: z.enum(['image', 'audio', 'video', 'document']), url: z.string() })),
});
type RecordedItem = z.input<typeof recordedSchema>;
