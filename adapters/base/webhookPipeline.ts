/**
 * The one intake of a webhook POST, shared by the channel adapters: a channel is its specifics
 * (`WebhookChannel`) on this pipeline. The raw bytes are proven by the channel's own check (signature or
 * shared secret), then parsed and cut to a sane depth, checked with the channel's zod schema (a body that
 * does not match is logged and acknowledged, not processed), mapped item by item, each item routed to the
 * line that serves it, the batch recorded (`recordBatch`: quarantine, then the durable record and
 * deduplication), then answered 200; one log line tells whatever was not processed.
 */
import type { Activity } from 'botbuilder';
import type { z } from 'zod';
import type { HttpRequest, HttpResponse } from '../../src/core/http';
import type { Logger } from '../../src/core/log';
import type { DurableTurns } from '../../src/durable/turns/durableTurns';
import { NoticeSummary, type Notice } from './noticeSummary';
import { parseProvenBody } from './provenBody';
import { rawBodyOf } from './rawBody';
import { recordBatch } from './recordBatch';
import { timeSlicer } from './timeSlice';

/** One result of a channel's mapping: an item to record, or a notice about a part not processed. */
export type Mapped<Item> = { item: Item } | { notice: Notice };

/** What the pipeline reads of every mapped item. */
export interface IntakeItem {
  /** Position in the webhook, for the log. */
  where: string;
  /** The platform's id of the event: recorded once, a redelivery is recognised by it. */
  dedupeKey: string;
  /** The event's order key in its conversation (the platform's timestamp). */
  orderMs: number;
}

/** What every channel's mapped item carries besides: the person, the activity and its media. */
export interface ChannelItem<Media> extends IntakeItem {
  /** The person, as the platform names them to this line. */
  userKey: string;
  /** The platform's own time, as sent (`orderKeyOf`): the event's order in its inbox, the same on redelivery. */
  orderMs: number;
  activity: Partial<Activity>;
  /** Media to download when the turn runs. */
  media: Media[];
}

/** A whole webhook mapped: its items, and what was acknowledged without a turn (for the log). */
export interface MappedBatch<Item> {
  items: Item[];
  notices: Notice[];
}

/** A channel's specifics on the pipeline; `Line` is what serves one number, page or account. */
export interface WebhookChannel<Body, Item extends IntakeItem, Line> {
  /** The channel's name at the start of its log lines. */
  name: string;
  schema: z.ZodType<Body>;
  /** The pure mapping of the whole body, item by item, among the lines that proved it. */
  map(body: Body, accepted: readonly Line[]): Iterable<Mapped<Item>>;
  /** The line among `accepted` that serves an item; undefined when none does. */
  lineFor(item: Item, body: Body, accepted: readonly Line[]): Line | undefined;
  /** The notice kind of an item no accepted line serves. */
  notServed: string;
  /** How an item is recorded: its channel, its conversation and the payload its turn reads back. */
  recorded(item: Item, line: Line): { channel: string; conversationKey: string; payload: unknown };
  /** How the proven bytes become a body (a form-encoded one, say); by default JSON cut to a sane depth. */
  parse?(rawBody: Buffer): unknown;
  /** The answer of a webhook taken (200); by default the JSON `{}`. */
  acknowledgement?: { contentType: string; body: string };
}

export interface WebhookPipelineDeps {
  log: Logger;
  turns: DurableTurns;
}

export class WebhookPipeline<Body, Item extends IntakeItem, Line> {
  constructor(
    private readonly channel: WebhookChannel<Body, Item, Line>,
    private readonly deps: WebhookPipelineDeps,
  ) {}

  /**
   * A webhook POST: its raw bytes (answered 500 when a host took them), proven by `prove`, which returns the
   * lines whose secret proved them or throws `WebhookAuthError`, then received. `route` names the route in
   * the log when it is not the channel's own (360dialog's, on WhatsApp's pipeline).
   */
  async process(
    request: HttpRequest,
    response: HttpResponse,
    prove: (rawBody: Buffer) => readonly Line[],
    route = this.channel.name,
  ): Promise<void> {
    const rawBody = rawBodyOf(request, response, this.deps.log, route);
    if (!rawBody) return;
    await this.receive(rawBody, prove(rawBody), response);
  }

  /** A proven body (`accepted`: the lines whose secret proved it): parsed, mapped, routed, recorded, answered. */
  private async receive(rawBody: Buffer, accepted: readonly Line[], response: HttpResponse): Promise<void> {
    const { channel, deps } = this;
    const notices = new NoticeSummary(channel.name);
    try {
      // Parsed, checked, mapped and routed with pauses for the event loop between the steps and, in a
      // large batch, between items: a webhook of megabytes is never one long stretch of work.
      const pause = timeSlicer();
      const body = channel.parse ? channel.parse(rawBody) : parseProvenBody(rawBody, deps.log, channel.name);
      await pause();
      const parsed = channel.schema.safeParse(body);
      await pause();
      if (!parsed.success) {
        deps.log.warn(
          `${channel.name}: webhook body does not match the schema; acknowledged, not processed`,
          {
            issue: parsed.error.issues[0]?.message,
            path: parsed.error.issues[0]?.path.join('.'),
          },
        );
        this.acknowledge(response);
        return;
      }
      const routed: { item: Item; line: Line }[] = [];
      for (const mapped of channel.map(parsed.data, accepted)) {
        if ('notice' in mapped) notices.add(mapped.notice);
        else {
          const line = channel.lineFor(mapped.item, parsed.data, accepted);
          if (line) routed.push({ item: mapped.item, line });
          else notices.add({ kind: channel.notServed, where: mapped.item.where, level: 'warn' });
        }
        await pause();
      }
      // Each event is recorded in its conversation's inbox before the answer (a large batch as one batch
      // record, fanned out after it): that write is the durable record and the deduplication. If it fails
      // the answer is 503, so the platform delivers the webhook again; what was recorded is processed (and
      // recognised when it comes again). Redeliveries are drained too: one still waiting runs now; one
      // that has run is not found by the drain.
      const { failure, proceed } = await recordBatch(
        deps.turns,
        routed.map(({ item, line }) => ({
          where: item.where,
          timestampMs: item.orderMs,
          dedupeKey: item.dedupeKey,
          ...channel.recorded(item, line),
        })),
        notices,
      );
      if (!failure) this.acknowledge(response);
      proceed();
      if (failure) throw failure;
    } finally {
      notices.log(deps.log);
    }
  }

  private acknowledge(response: HttpResponse): void {
    const { contentType, body } = this.channel.acknowledgement ?? JSON_ACKNOWLEDGEMENT;
    response.status(200);
    response.header('content-type', contentType);
    response.end(body);
  }
}

const JSON_ACKNOWLEDGEMENT = { contentType: 'application/json', body: '{}' };
