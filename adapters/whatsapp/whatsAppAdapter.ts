/**
 * The WhatsApp adapter: Meta's Cloud API and 360dialog as one Bot Framework adapter, on the shared webhook
 * pipeline and replay path (`WebhookAdapter`). What is WhatsApp's own: its numbers, each with its transport
 * (Cloud API or 360dialog); proof of origin (hub challenge and `X-Hub-Signature-256` over the raw bytes, or
 * 360dialog's `X-Webhook-Secret`); the schema and pure mapping of a webhook, routed by `phone_number_id`;
 * media fetched through the number's transport; the turn hooks (identity settling for hidden phones, a
 * reply mapped to the choices last offered, "More options" pages, read receipts); and the rendering, with
 * the 24-hour window's template fallback.
 */
import type { Activity, ConversationReference, TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { Dialog360Number, CloudNumber, WhatsAppNumber } from './whatsAppNumber';
import { NotSupportedError, WindowClosedError } from '../../src/core/errors';
import type { HttpRequest, HttpResponse } from '../../src/core/http';
import { Dialog360Transport } from '../dialog360/dialog360Transport';
import type { TurnLogic } from '../base/channelAdapter';
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
import { answerHubChallenge } from '../meta/hubChallenge';
import { metaRateLimit, WHATSAPP_PAIR_LIMIT } from '../meta/rateLimits';
import { signedLines } from '../meta/signature';
import { resolveReply } from './choices';
import { conversationIdOf, mapWebhook, type InboundItem, type MediaKind } from './toActivities';
import type { ConversationMemory } from './conversationMemory';
import { choicesInDocuments, type ChoiceStore } from './choiceStore';
import { secretLines } from './dialog360Secret';
import { addressed, markReadBody, renderActivity, renderChoicePage } from './fromActivity';
import { recipientOf, settleIdentity } from './identity';
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

export interface WhatsAppAdapterOptions extends WebhookAdapterOptions, GraphAccessOptions {
  numbers: readonly WhatsAppNumber[];
  memory: ConversationMemory;
  /** Where offered choices are kept; by default a document per conversation beside `memory`'s. */
  choices?: ChoiceStore;
  mediaLimits?: Partial<Record<MediaKind, number>>;
}

interface Line {
  number: WhatsAppNumber;
  transport: WhatsAppTransport;
  serviceUrl: string;
  outbox: OutboundScheduler;
}

type CloudLine = Line & { number: CloudNumber };

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
type Recorded = z.output<typeof recordedSchema>['item'];

export class WhatsAppAdapter extends WebhookAdapter<WaWebhook, InboundItem, Line, Recorded> {
  readonly channel = 'whatsapp';
  protected readonly intake: WebhookPipeline<WaWebhook, InboundItem, Line>;
  private readonly lines: Line[];
  private readonly mediaLimits: Record<MediaKind, number>;
  private readonly choices: ChoiceStore;

  constructor(private readonly options: WhatsAppAdapterOptions) {
    super(options, { channels: ['whatsapp'], schema: recordedSchema, lineNoun: 'number' });
    const { log, fetch, retry, timeouts } = options;
    const transportOptions = { log, fetch, retry, timeouts };
    this.lines = options.numbers.map((number) => {
      const transport =
        number.transport === 'cloud'
          ? new CloudApiTransport(number, transportOptions)
          : new Dialog360Transport(number, transportOptions);
      const outbox = this.createOutbox({
        channel: number.transport === 'cloud' ? 'whatsapp' : '360dialog',
        messagesPerSecond: number.messagesPerSecond ?? DEFAULT_MESSAGES_PER_SECOND,
        pairLimit: WHATSAPP_PAIR_LIMIT,
        rateLimitOf: metaRateLimit,
      });
      return { number, transport, serviceUrl: transport.serviceUrl, outbox };
    });
    this.mediaLimits = { ...DEFAULT_MEDIA_LIMITS, ...options.mediaLimits };
    this.choices = options.choices ?? choicesInDocuments(options.memory);
    this.intake = new WebhookPipeline(
      {
        name: 'whatsapp',
        schema: webhookSchema,
        map: (body, accepted) =>
          mapWebhook(body, { serviceUrl: (id) => this.lineFor(id, accepted)?.serviceUrl ?? '' }),
        lineFor: (item, _body, accepted) => this.lineFor(item.phoneNumberId, accepted),
        notServed: 'phone number id this deployment does not serve; ignored',
        recorded: (item, line) => ({
          channel: 'whatsapp',
          conversationKey: rawConversationKey(item),
          payload: { item, serviceUrl: line.serviceUrl } satisfies z.input<typeof recordedSchema>,
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

  /** `POST /webhooks/360dialog`: 360dialog webhooks, proven by the `X-Webhook-Secret` header. */
  async processDialog360(request: HttpRequest, response: HttpResponse, logic?: TurnLogic): Promise<void> {
    const d360 = this.lines.filter(
      (l): l is Line & { number: Dialog360Number } => l.number.transport === '360dialog',
    );
    await this.receive(
      request,
      response,
      logic,
      () => secretLines(request, d360, (l) => l.number.webhookSecret),
      '360dialog',
    );
  }

  /**
   * A reference for a proactive turn to `userId` (a `wa_id`, or a business-scoped id) from the number whose
   * phone number id is `lineId` (the first number when not given, if its id is known).
   */
  referenceTo(target: ProactiveTarget): Partial<ConversationReference> | undefined {
    if (target.channel !== 'whatsapp') return undefined;
    const phoneNumberId = target.lineId ?? this.lines[0]?.number.phoneNumberId;
    const line = phoneNumberId === undefined ? undefined : this.lineFor(phoneNumberId, this.lines);
    if (!line || phoneNumberId === undefined) return undefined;
    return personalReference(
      'whatsapp',
      line,
      phoneNumberId,
      target.userId,
      conversationIdOf(phoneNumberId, target.userId),
    );
  }

  /** `POST /webhooks/whatsapp`: Meta's Cloud API webhooks, signed with the app secret. */
  protected verify(request: HttpRequest, rawBody: Buffer): readonly Line[] {
    return signedLines(request, rawBody, this.cloudLines(), (l) => l.number.appSecret);
  }

  /** `GET /webhooks/whatsapp`: Meta's subscription challenge. */
  protected answerChallenge(request: HttpRequest, response: HttpResponse): void {
    answerHubChallenge(
      request,
      response,
      this.cloudLines().map((l) => l.number.verifyToken),
    );
  }

  protected lineOfRecorded(item: Recorded, serviceUrl: string): Line | undefined {
    return this.lines.find(
      (l) =>
        l.serviceUrl === serviceUrl && (l.number.phoneNumberId ?? item.phoneNumberId) === item.phoneNumberId,
    );
  }

  protected attachmentsOf(item: Recorded, line: Line): InboundAttachment[] {
    return item.media.map((media, index) => ({
      channel: 'whatsapp',
      conversationKey: `${item.phoneNumberId}/${item.userKey}`,
      messageId: item.dedupeKey,
      index,
      kind: media.kind,
      mimeType: media.mimeType,
      originalName: media.filename,
      voice: media.voice,
      caption: media.caption,
      expectedSha256: media.sha256,
      download: () => line.transport.fetchMedia(media, this.mediaLimits[media.kind]),
    }));
  }

  /** A person whose phone is hidden keeps the identity they had when it was not. */
  protected override prepareTurn(item: Recorded, activity: Partial<Activity>): Promise<void> {
    return settleIdentity(this.options.memory, item, activity);
  }

  /**
   * Maps a reply to the choices last offered and marks the message read; true when the adapter answered
   * it itself ("More options": the next page of a long list) and the bot's turn is not needed.
   */
  protected override async answeredByAdapter(line: Line, _item: Recorded, context: TurnContext) {
    const activity = context.activity;
    if (activity.type !== 'message') return false;
    if (typeof activity.text === 'string' && activity.text !== '') {
      const choices = await this.choices.get(context);
      const resolved = resolveReply(activity.text, choices);
      if (resolved.kind === 'value') activity.text = resolved.value;
      if (resolved.kind === 'page') {
        if (choices) {
          const to = recipientOf(activity.from);
          await this.sendParts(context, line, to, [addressed(renderChoicePage(choices, resolved.page), to)]);
        }
        return true;
      }
    }
    // Best effort, and not in the turn's way.
    if (activity.id)
      this.receipt(line, recipientOf(activity.from), markReadBody(activity.id, false), 'mark a message read');
    return false;
  }

  protected override afterLogic(context: TurnContext): Promise<void> {
    return this.choices.flush(context);
  }

  protected async sendMessage(context: TurnContext, activity: Partial<Activity>) {
    const proactive = isProactive(context);
    if (activity.conversation?.isGroup)
      throw new NotSupportedError('whatsapp', 'replies to group conversations');
    const line = this.outboundLine(activity);
    const conversationId = activity.conversation?.id ?? '';
    const to = recipientOf(activity.recipient);
    const rendered = renderActivity(activity);
    let bodies = rendered.messages;
    let choices = rendered.choices;
    this.checkRendered('whatsapp', bodies.length, rendered.unrendered);
    if (bodies.length === 0) return undefined;
    if (!rendered.templateOnly && !(await this.options.memory.windowOpen(conversationId))) {
      if (!rendered.windowClosedFallback) throw new WindowClosedError('whatsapp');
      bodies = [rendered.windowClosedFallback];
      choices = undefined;
    }
    // Remembered before sending: a tap can arrive before a late write. A proactive notice leaves the
    // choices of a prompt the person may still be answering alone.
    if (choices || !proactive) await this.choices.set(context, choices);
    return this.sendParts(
      context,
      line,
      to,
      bodies.map((body) => addressed(body, to)),
    );
  }

  /** Marks the message a turn answers read, with the typing indicator (not in a proactive turn). */
  protected async showTyping(context: TurnContext): Promise<void> {
    const inbound = context.activity;
    if (isProactive(context) || inbound.type !== 'message' || !inbound.id) return;
    const line = this.outboundLine({ ...inbound, from: inbound.recipient });
    await this.post(line, recipientOf(inbound.from), 'receipt', markReadBody(inbound.id, true));
  }

  protected deliver(line: Line, _recipient: string | undefined, body: Record<string, unknown>) {
    return line.transport.send(body);
  }

  /** The line a conversation came in on: its `serviceUrl` names the transport, the bot id the number. */
  protected lineForOutbound(activity: Partial<Activity>): Line | undefined {
    const phoneNumberId = activity.from?.id ?? activity.conversation?.id.split(':')[0] ?? '';
    const sameService = this.lines.filter((l) => l.serviceUrl === activity.serviceUrl);
    return this.lineFor(phoneNumberId, sameService.length > 0 ? sameService : this.lines);
  }

  private lineFor(phoneNumberId: string, among: readonly Line[]): Line | undefined {
    return (
      among.find((l) => l.number.phoneNumberId === phoneNumberId) ??
      among.find((l) => l.number.phoneNumberId === undefined)
    );
  }

  private cloudLines(): CloudLine[] {
    return this.lines.filter((l): l is CloudLine => l.number.transport === 'cloud');
  }
}

/** The conversation an event is recorded under: as the webhook named it, before identities settle. */
function rawConversationKey(item: InboundItem): string {
  return item.activity.conversation?.id ?? conversationIdOf(item.phoneNumberId, item.userKey);
}
