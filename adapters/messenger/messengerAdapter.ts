/**
 * The Messenger adapter: Facebook pages and their Instagram accounts (the same Messenger Platform) as one
 * Bot Framework adapter, on the shared webhook pipeline and replay path (`WebhookAdapter`). What is
 * Messenger's own: its pages, each with its Graph clients (the Send API with the page's token, attachments
 * from Meta's CDN without it); the hub challenge and `X-Hub-Signature-256` over the raw bytes; the schema
 * and pure mapping of every entry and `messaging` item, routed by page (or Instagram account); `mark_seen`
 * as a turn starts; and the rendering, with `messaging_type` by the 24-hour window (RESPONSE, UPDATE, or
 * MESSAGE_TAG with a configured tag; otherwise `WindowClosedError` before any call).
 */
import type { Activity, ConversationReference, TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { MessengerPage } from './messengerPage';
import { WindowClosedError } from '../../src/core/errors';
import type { HttpRequest, HttpResponse } from '../../src/core/http';
import type { InboundAttachment } from '../base/inboundMedia';
import { DEFAULT_MESSAGES_PER_SECOND, type OutboundScheduler } from '../base/outboundScheduler';
import { recordedEventSchema } from '../base/recordedEvent';
import { isProactive } from '../base/turnState';
import {
  personalReference,
  WebhookAdapter,
  type ProactiveTarget,
  type WebhookAdapterOptions,
} from '../base/webhookAdapter';
import { WebhookPipeline } from '../base/webhookPipeline';
import type { GraphAccessOptions } from '../meta/graphAccess';
import { GraphClient } from '../meta/graphClient';
import { answerHubChallenge } from '../meta/hubChallenge';
import { metaRateLimit } from '../meta/rateLimits';
import { signedLines } from '../meta/signature';
import { isMetaMediaHost } from '../whatsapp/transport';
import { renderActivity } from './fromActivity';
import { conversationIdOf, mapWebhook, type InboundItem, type MessengerMediaKind } from './toActivities';
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

export interface MessengerAdapterOptions extends WebhookAdapterOptions, GraphAccessOptions {
  pages: readonly MessengerPage[];
  /** The tag proactive messages use outside the 24-hour window; unset, they are refused there. */
  messageTag?: MessageTag;
}

interface Line {
  page: MessengerPage;
  client: GraphClient;
  outbox: OutboundScheduler;
  media: GraphClient;
  serviceUrl: string;
}

const channelTagSchema = z.object({ messenger: z.object({ tag: z.enum(MESSAGE_TAGS) }) });
const sendResponse = z.object({ message_id: z.string().optional() }).loose();

/** What is recorded for one inbound event. */
const recordedSchema = recordedEventSchema({
  accountId: z.string(),
  channelId: z.enum(['messenger', 'instagram']),
  media: z.array(z.object({ kind: z.enum(['image', 'audio', 'video', 'document']), url: z.string() })),
});
type Recorded = z.output<typeof recordedSchema>['item'];

export class MessengerAdapter extends WebhookAdapter<MessengerWebhook, InboundItem, Line, Recorded> {
  readonly channel = 'messenger';
  protected readonly intake: WebhookPipeline<MessengerWebhook, InboundItem, Line>;
  private readonly lines: Line[];

  constructor(private readonly options: MessengerAdapterOptions) {
    super(options, { channels: ['messenger', 'instagram'], schema: recordedSchema, lineNoun: 'page' });
    const { log, fetch, retry, timeouts } = options;
    const client = (page: MessengerPage, headers: Record<string, string>) =>
      new GraphClient({
        channel: 'messenger',
        baseUrl: page.graphUrl,
        headers,
        log,
        fetch,
        retry,
        ...timeouts,
      });
    this.lines = options.pages.map((page) => ({
      page,
      serviceUrl: `${page.graphUrl.replace(/\/+$/, '')}/${page.pageId}`,
      client: client(page, { authorization: `Bearer ${page.pageAccessToken}` }),
      // Attachment URLs are public CDN links: fetched without our token, from Meta's hosts only.
      media: new GraphClient({
        channel: 'messenger',
        baseUrl: page.graphUrl,
        headers: {},
        log,
        fetch,
        retry,
        ...timeouts,
        trustedHost: (host) => isMetaMediaHost(host) || /(^|\.)cdninstagram\.com$/.test(host),
      }),
      outbox: this.createOutbox({
        channel: 'messenger',
        messagesPerSecond: page.messagesPerSecond ?? DEFAULT_MESSAGES_PER_SECOND,
        rateLimitOf: metaRateLimit,
      }),
    }));
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
          payload: { item, serviceUrl: line.serviceUrl } satisfies z.input<typeof recordedSchema>,
        }),
      },
      options,
    );
  }

  /**
   * A reference for a proactive turn to `userId` (a page- or Instagram-scoped id) from the page (or its
   * Instagram account) whose id is `lineId`; the first page (with an Instagram account, for
   * `instagram`) when not given.
   */
  referenceTo(target: ProactiveTarget): Partial<ConversationReference> | undefined {
    if (target.channel !== 'messenger' && target.channel !== 'instagram') return undefined;
    const instagram = target.channel === 'instagram';
    const line =
      target.lineId === undefined
        ? this.lines.find((l) => !instagram || l.page.instagramAccountId !== undefined)
        : this.lines.find((l) => (instagram ? l.page.instagramAccountId : l.page.pageId) === target.lineId);
    const accountId = instagram ? line?.page.instagramAccountId : line?.page.pageId;
    if (!line || accountId === undefined) return undefined;
    return personalReference(
      target.channel,
      line,
      accountId,
      target.userId,
      conversationIdOf(accountId, target.userId),
    );
  }

  /** `POST /webhooks/messenger`: signed with the app secret. */
  protected verify(request: HttpRequest, rawBody: Buffer): readonly Line[] {
    return signedLines(request, rawBody, this.lines, (l) => l.page.appSecret);
  }

  /** `GET /webhooks/messenger`: Meta's subscription challenge. */
  protected answerChallenge(request: HttpRequest, response: HttpResponse): void {
    answerHubChallenge(
      request,
      response,
      this.lines.map((l) => l.page.verifyToken),
    );
  }

  protected lineOfRecorded(_item: Recorded, serviceUrl: string): Line | undefined {
    return this.lines.find((l) => l.serviceUrl === serviceUrl);
  }

  protected attachmentsOf(item: Recorded, line: Line): InboundAttachment[] {
    return item.media.map((media, index) => ({
      channel: item.channelId,
      conversationKey: `${item.accountId}/${item.userKey}`,
      messageId: item.dedupeKey,
      index,
      kind: media.kind,
      download: () => line.media.download(media.url, DEFAULT_MEDIA_LIMITS[media.kind]),
    }));
  }

  /** The message is marked seen as its turn starts (best effort, not in the turn's way). */
  protected override answeredByAdapter(line: Line, item: Recorded, context: TurnContext) {
    if (context.activity.type === 'message')
      this.receipt(line, item.userKey, { sender_action: 'mark_seen' }, 'mark a message seen');
    return Promise.resolve(false);
  }

  protected async sendMessage(context: TurnContext, activity: Partial<Activity>) {
    const line = this.outboundLine(activity);
    const channel = activity.channelId === 'instagram' ? 'instagram' : 'messenger';
    const rendered = renderActivity(activity, channel);
    this.checkRendered(channel, rendered.messages.length, rendered.unrendered);
    if (rendered.messages.length === 0) return undefined;
    const windowOpen = await this.options.memory.windowOpen(activity.conversation?.id ?? '');
    const tag =
      channelTagSchema.safeParse(activity.channelData).data?.messenger.tag ?? this.options.messageTag;
    if (!windowOpen && tag === undefined) throw new WindowClosedError(channel);
    const type = !windowOpen
      ? { messaging_type: 'MESSAGE_TAG', tag }
      : { messaging_type: isProactive(context) ? 'UPDATE' : 'RESPONSE' };
    return this.sendParts(
      context,
      line,
      activity.recipient?.id,
      rendered.messages.map((message) => ({ ...type, message })),
    );
  }

  protected async showTyping(_context: TurnContext, activity: Partial<Activity>): Promise<void> {
    const line = this.outboundLine(activity);
    await this.post(line, activity.recipient?.id, 'receipt', { sender_action: 'typing_on' });
  }

  /** Posts to the Send API; the message id when it gave one. */
  protected async deliver(line: Line, recipient: string | undefined, body: Record<string, unknown>) {
    const answer = await line.client.postJson(
      'me/messages',
      { recipient: { id: recipient }, ...body },
      { rateLimits: 'throw' },
    );
    return sendResponse.safeParse(answer).data?.message_id;
  }

  protected lineForOutbound(activity: Partial<Activity>): Line | undefined {
    return (
      this.lines.find((l) => l.serviceUrl === activity.serviceUrl) ??
      this.lineFor(activity.from?.id ?? '', this.lines, activity.channelId === 'instagram')
    );
  }

  private lineFor(accountId: string, among: readonly Line[], instagram: boolean): Line | undefined {
    const exact = among.find((l) => l.page.pageId === accountId || l.page.instagramAccountId === accountId);
    if (exact || !instagram) return exact;
    // An Instagram account id that is not configured: the page of the app that signed, if it is the only one.
    const unclaimed = among.filter((l) => l.page.instagramAccountId === undefined);
    return unclaimed.length === 1 ? unclaimed[0] : undefined;
  }
}
