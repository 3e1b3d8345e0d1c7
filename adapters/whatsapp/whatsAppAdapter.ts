/**
 * The WhatsApp adapter: Meta's Cloud API and 360dialog as one Bot Framework adapter.
 *
 * Inbound: proof of origin (hub challenge and `X-Hub-Signature-256` over the raw bytes, or 360dialog's
 * `X-Webhook-Secret`), then the proven bytes parsed and cut to a sane depth, zod, the pure mapping of the
 * whole batch, routing by `phone_number_id`, the durable inbox (a redelivered id is acknowledged, not
 * processed; an item that cannot be mapped or stored is quarantined), then 200, with one log line for
 * whatever was not processed; media are fetched at once and stored, and each conversation's turns run in
 * order. Outbound: the pure rendering, the 24-hour window, and the number's transport with typed errors
 * and retries.
 */
import type { Activity, ResourceResponse, TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { Dialog360Number, CloudNumber, WhatsAppNumber } from './whatsAppNumber';
import {
  storedMediaAttachment,
  unavailableMediaAttachment,
  type StoredMedia,
} from '../../src/core/conventions/storedMedia';
import { NotSupportedError, WindowClosedError, describeError } from '../../src/core/errors';
import type { HttpRequest, HttpResponse } from '../../src/core/http';
import type { InboxEvent } from '../../src/durable/storage/conversationInbox';
import type { DurableTurns } from '../../src/durable/turns/durableTurns';
import type { MediaSink } from '../../src/durable/storage/mediaStore';
import { Dialog360Transport } from '../dialog360/dialog360Transport';
import {
  ChannelAdapter,
  PROACTIVE_TURN,
  requiredLogic,
  type ChannelAdapterDeps,
  type TurnLogic,
} from '../base/channelAdapter';
import { readRecorded, recordedEventSchema } from '../base/recordedEvent';
import { WebhookPipeline } from '../base/webhookPipeline';
import { answerHubChallenge } from '../meta/hubChallenge';
import { metaRateLimit, WHATSAPP_PAIR_LIMIT } from '../meta/rateLimits';
import type { GraphTimeouts } from '../meta/graphClient';
import type { RetryPolicy } from '../meta/retry';
import {
  DEFAULT_MESSAGES_PER_SECOND,
  type OutboundPriority,
  type OutboundScheduler,
} from '../base/outboundScheduler';
import { signedLines } from '../meta/signature';
import { resolveReply } from './choices';
import {
  conversationIdOf,
  mapWebhook,
  type InboundItem,
  type InboundMedia,
  type MediaKind,
} from './toActivities';
import type { ConversationMemory } from './conversationMemory';
import { choicesInDocuments, type ChoiceStore } from './choiceStore';
import { secretLines } from './dialog360Secret';
import { addressed, markReadBody, renderActivity, renderChoicePage } from './fromActivity';
import { CloudApiTransport, type WhatsAppTransport } from './transport';
import { webhookSchema, type WaWebhook } from './webhookSchema';

/** Meta's inbound limits per kind, documents capped lower by default (operators may raise it). */
export const DEFAULT_MEDIA_LIMITS: Record<MediaKind, number> = {
  image: 5 * 1024 * 1024,
  audio: 16 * 1024 * 1024,
  video: 16 * 1024 * 1024,
  document: 25 * 1024 * 1024,
  sticker: 512 * 1024,
};

export interface WhatsAppAdapterOptions extends ChannelAdapterDeps {
  numbers: readonly WhatsAppNumber[];
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
  /** Where offered choices are kept; by default a document per conversation beside `memory`'s. */
  choices?: ChoiceStore;
  fetch?: typeof fetch;
  retry?: RetryPolicy;
  /** Timeouts of the calls to the platform (tests shorten them). */
  timeouts?: GraphTimeouts;
  mediaLimits?: Partial<Record<MediaKind, number>>;
}

interface Line {
  number: WhatsAppNumber;
  transport: WhatsAppTransport;
  outbox: OutboundScheduler;
}

export class WhatsAppAdapter extends ChannelAdapter {
  readonly channel = 'whatsapp';
  private readonly lines: Line[];
  private readonly mediaLimits: Record<MediaKind, number>;
  private readonly choices: ChoiceStore;
  /** The bot logic recorded events run (`options.logic`). */
  private readonly logic: TurnLogic;
  private readonly intake: WebhookPipeline<WaWebhook, InboundItem, Line>;

  constructor(private readonly options: WhatsAppAdapterOptions) {
    super(options);
    this.logic = requiredLogic('WhatsAppAdapter', options.logic);
    const { log, fetch, retry, timeouts } = options;
    const transportOptions = { log, fetch, retry, timeouts };
    this.lines = options.numbers.map((number) => ({
      number,
      transport:
        number.transport === 'cloud'
          ? new CloudApiTransport(number, transportOptions)
          : new Dialog360Transport(number, transportOptions),
      outbox: this.createOutbox({
        channel: number.transport === 'cloud' ? 'whatsapp' : '360dialog',
        messagesPerSecond: number.messagesPerSecond ?? DEFAULT_MESSAGES_PER_SECOND,
        pairLimit: WHATSAPP_PAIR_LIMIT,
        rateLimitOf: metaRateLimit,
      }),
    }));
    this.mediaLimits = { ...DEFAULT_MEDIA_LIMITS, ...options.mediaLimits };
    this.choices = options.choices ?? choicesInDocuments(options.memory);
    options.turns.register('whatsapp', (event, held) => this.runEvent(event, held));
    this.intake = new WebhookPipeline(
      {
        name: 'whatsapp',
        schema: webhookSchema,
        map: (body, accepted) =>
          mapWebhook(body, { serviceUrl: (id) => this.lineFor(id, accepted)?.transport.serviceUrl ?? '' }),
        lineFor: (item, _body, accepted) => this.lineFor(item.phoneNumberId, accepted),
        notServed: 'phone number id this deployment does not serve; ignored',
        recorded: (item, line) => ({
          channel: 'whatsapp',
          conversationKey: rawConversationKey(item),
          payload: { item, serviceUrl: line.transport.serviceUrl } satisfies RecordedItem,
        }),
      },
      options,
    );
  }

  get hasCloudNumbers(): boolean {
    return this.lines.some((l) => l.number.transport === 'cloud');
  }

  get hasDialog360Numbers(): boolean {
    return this.lines.some((l) => l.number.transport === '360dialog');
  }

  /** `GET, POST /webhooks/whatsapp`: Meta's Cloud API webhooks (events run `options.logic`, see there). */
  async process(request: HttpRequest, response: HttpResponse, logic: TurnLogic): Promise<void> {
    const cloud = this.lines.filter(
      (l): l is Line & { number: CloudNumber } => l.number.transport === 'cloud',
    );
    if (request.method === 'GET') {
      answerHubChallenge(
        request,
        response,
        cloud.map((l) => l.number.verifyToken),
      );
      return;
    }
    this.ignoreWebhookLogic(this.logic, logic);
    await this.intake.process(request, response, (rawBody) =>
      signedLines(request, rawBody, cloud, (l) => l.number.appSecret),
    );
  }

  /** `POST /webhooks/360dialog`: 360dialog webhooks, proven by the `X-Webhook-Secret` header. */
  async processDialog360(request: HttpRequest, response: HttpResponse, logic: TurnLogic): Promise<void> {
    const d360 = this.lines.filter(
      (l): l is Line & { number: Dialog360Number } => l.number.transport === '360dialog',
    );
    this.ignoreWebhookLogic(this.logic, logic);
    await this.intake.process(
      request,
      response,
      () => secretLines(request, d360, (l) => l.number.webhookSecret),
      '360dialog',
    );
  }

  override async sendActivities(
    context: TurnContext,
    activities: Partial<Activity>[],
  ): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      switch (activity.type) {
        case 'delay':
          await new Promise((resolve) =>
            setTimeout(resolve, typeof activity.value === 'number' ? activity.value : 1000),
          );
          responses.push({ id: '' });
          break;
        case 'typing':
          await this.showTyping(context);
          responses.push({ id: '' });
          break;
        case 'message':
          responses.push({ id: (await this.sendMessage(context, activity)) ?? '' });
          break;
        default:
          this.options.log.debug(
            `whatsapp: activity type ${String(activity.type)} has no WhatsApp form; not sent`,
          );
          responses.push({ id: '' });
      }
    }
    return responses;
  }

  /** Runs one recorded event: media stored, identity settled, choices resolved, then the turn. */
  private async runEvent(event: InboxEvent, held: AbortSignal): Promise<void> {
    const { item, serviceUrl } = readRecorded(recordedSchema, event.payload);
    const activity = item.activity;
    const line = this.lines.find(
      (l) =>
        l.transport.serviceUrl === serviceUrl &&
        (l.number.phoneNumberId ?? item.phoneNumberId) === item.phoneNumberId,
    );
    if (!line) {
      this.options.log.warn('whatsapp: a recorded event belongs to a number no longer configured; dropped');
      return;
    }
    await this.settleIdentity(item, activity);
    const media = await Promise.all(item.media.map((m, i) => this.storeMedia(item, line, m, i)));
    if (media.length > 0) activity.attachments = [...(activity.attachments ?? []), ...media];
    const conversationId = activity.conversation?.id ?? '';
    if (activity.type !== 'event')
      await this.options.memory.touchWindow(conversationId, activity.timestamp ?? new Date());
    await this.runRecordedTurn(
      activity,
      event,
      async (context) => {
        if (await this.answeredByAdapter(line, context)) return;
        await this.logic(context);
      },
      held,
    );
  }

  protected override afterLogic(context: TurnContext): Promise<void> {
    return this.choices.flush(context);
  }

  /**
   * Maps a reply to the choices last offered and marks the message read; true when the adapter answered
   * it itself ("More options": the next page of a long list) and the bot's turn is not needed.
   */
  private async answeredByAdapter(line: Line, context: TurnContext): Promise<boolean> {
    const activity = context.activity;
    if (activity.type !== 'message') return false;
    if (typeof activity.text === 'string' && activity.text !== '') {
      const choices = await this.choices.get(context);
      const resolved = resolveReply(activity.text, choices);
      if (resolved.kind === 'value') activity.text = resolved.value;
      if (resolved.kind === 'page') {
        if (choices) {
          const to = recipientOf(activity.from);
          const page = addressed(renderChoicePage(choices, resolved.page), to);
          await this.sendPart(context, (stillHeld) => this.post(line, to, 'reply', page, stillHeld));
        }
        return true;
      }
    }
    if (activity.id) {
      // Best effort, and not in the turn's way.
      void this.options.inFlight.track(
        this.post(line, recipientOf(activity.from), 'receipt', markReadBody(activity.id, false)).catch(
          (error: unknown) => {
            this.options.log.warn('whatsapp: could not mark a message read', { error: describeError(error) });
          },
        ),
      );
    }
    return false;
  }

  /** A person whose phone is hidden keeps the identity they had when it was not. */
  private async settleIdentity(item: InboundItem, activity: Partial<Activity>): Promise<void> {
    const memory = this.options.memory;
    const waId = waIdOf(activity.from);
    const businessUserId = item.businessUserId;
    if (businessUserId === undefined || activity.from === undefined) return;
    if (waId !== undefined) {
      await memory.linkIdentity(businessUserId, waId);
      return;
    }
    const known = await memory.identityFor(businessUserId);
    if (known === undefined) return;
    const properties: unknown = activity.from.properties;
    activity.from = {
      ...activity.from,
      id: known,
      properties: { ...(isRecord(properties) ? properties : {}), waId: known },
    };
    if (activity.conversation && !activity.conversation.isGroup) {
      activity.conversation = { ...activity.conversation, id: conversationIdOf(item.phoneNumberId, known) };
    }
  }

  private async storeMedia(item: InboundItem, line: Line, media: InboundMedia, index: number) {
    try {
      const downloaded = await line.transport.fetchMedia(media, this.mediaLimits[media.kind]);
      const stored: StoredMedia = await this.options.media.save({
        channel: 'whatsapp',
        conversationKey: `${item.phoneNumberId}/${item.userKey}`,
        messageId: item.dedupeKey,
        index,
        data: downloaded.data,
        mimeType: media.mimeType ?? downloaded.contentType ?? 'application/octet-stream',
        kind: media.kind,
        originalName: media.filename,
        voice: media.voice,
        caption: media.caption,
        expectedSha256: media.sha256,
      });
      return storedMediaAttachment(stored);
    } catch (error) {
      this.options.log.warn(
        'whatsapp: inbound media could not be stored; the attachment is marked unavailable',
        {
          kind: media.kind,
          error: describeError(error),
        },
      );
      return unavailableMediaAttachment({
        available: false,
        kind: media.kind,
        mimeType: media.mimeType,
        reason: describeError(error),
      });
    }
  }

  private async sendMessage(context: TurnContext, activity: Partial<Activity>): Promise<string | undefined> {
    const proactive = context.turnState.get(PROACTIVE_TURN) === true;
    if (activity.conversation?.isGroup)
      throw new NotSupportedError('whatsapp', 'replies to group conversations');
    const line = this.lineForOutbound(activity);
    const conversationId = activity.conversation?.id ?? '';
    const to = recipientOf(activity.recipient);
    const rendered = renderActivity(activity);
    let bodies = rendered.messages;
    let choices = rendered.choices;
    if (rendered.unrendered.length > 0) {
      if (bodies.length === 0)
        throw new NotSupportedError('whatsapp', `attachments of type ${rendered.unrendered.join(', ')}`);
      this.options.log.warn('whatsapp: attachments WhatsApp cannot show were left out', {
        types: rendered.unrendered,
      });
    }
    if (bodies.length === 0) return undefined;
    if (!rendered.templateOnly && !(await this.options.memory.windowOpen(conversationId))) {
      if (!rendered.windowClosedFallback) throw new WindowClosedError('whatsapp');
      bodies = [rendered.windowClosedFallback];
      choices = undefined;
    }
    // Remembered before sending: a tap can arrive before a late write. A proactive notice leaves the
    // choices of a prompt the person may still be answering alone.
    if (choices || !proactive) await this.choices.set(context, choices);
    let id: string | undefined;
    const priority = proactive ? 'proactive' : 'reply';
    for (const body of bodies)
      id =
        (await this.sendPart(context, (stillHeld) =>
          this.post(line, to, priority, addressed(body, to), stillHeld),
        )) ?? id;
    return id;
  }

  /** Posts one body through the number's outbound scheduler (`stillHeld` checked just before). */
  private post(
    line: Line,
    to: string,
    priority: OutboundPriority,
    body: Record<string, unknown>,
    stillHeld?: () => void,
  ): Promise<string | undefined> {
    return line.outbox.schedule({ recipient: to, priority }, () => {
      stillHeld?.();
      return line.transport.send(body);
    });
  }

  private async showTyping(context: TurnContext): Promise<void> {
    const inbound = context.activity;
    if (context.turnState.get(PROACTIVE_TURN) === true || inbound.type !== 'message' || !inbound.id) return;
    const line = this.lineForOutbound({ ...inbound, from: inbound.recipient });
    await this.post(line, recipientOf(inbound.from), 'receipt', markReadBody(inbound.id, true)).catch(
      (error: unknown) => {
        this.options.log.warn('whatsapp: could not show typing', { error: describeError(error) });
      },
    );
  }

  private lineFor(phoneNumberId: string, among: readonly Line[]): Line | undefined {
    return (
      among.find((l) => l.number.phoneNumberId === phoneNumberId) ??
      among.find((l) => l.number.phoneNumberId === undefined)
    );
  }

  /** The line a conversation came in on: its `serviceUrl` names the transport, the bot id the number. */
  private lineForOutbound(activity: Partial<Activity>): Line {
    const phoneNumberId = activity.from?.id ?? activity.conversation?.id.split(':')[0] ?? '';
    const sameService = this.lines.filter((l) => l.transport.serviceUrl === activity.serviceUrl);
    const line = this.lineFor(phoneNumberId, sameService.length > 0 ? sameService : this.lines);
    if (!line) throw new Error(`No WhatsApp number of this deployment sends for ${phoneNumberId}`);
    return line;
  }
}

/** The phone number when known (`wa_id`), else the business-scoped user id. */
function recipientOf(account: Partial<Activity>['recipient']): string {
  return waIdOf(account) ?? account?.id ?? '';
}

function waIdOf(account: Partial<Activity>['recipient']): string | undefined {
  const properties: unknown = account?.properties;
  return isRecord(properties) && typeof properties.waId === 'string' && properties.waId !== ''
    ? properties.waId
    : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const inboundMediaSchema = z.object({
  kind: z.enum(['image', 'audio', 'video', 'document', 'sticker']),
  mediaId: z.string(),
  url: z.string().optional(),
  mimeType: z.string().optional(),
  sha256: z.string().optional(),
  filename: z.string().optional(),
  caption: z.string().optional(),
  voice: z.boolean().optional(),
});

/** What is recorded for one inbound event. */
const recordedSchema = recordedEventSchema({
  phoneNumberId: z.string(),
  businessUserId: z.string().optional(),
  media: z.array(inboundMediaSchema),
});
type RecordedItem = z.input<typeof recordedSchema>;

/** The conversation an event is recorded under: as the webhook named it, before identities settle. */
function rawConversationKey(item: InboundItem): string {
  return item.activity.conversation?.id ?? conversationIdOf(item.phoneNumberId, item.userKey);
}
