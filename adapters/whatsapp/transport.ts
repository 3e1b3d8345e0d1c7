/**
 * How messages reach WhatsApp for one number. The Cloud API and 360dialog take the same bodies and differ
 * only in base URL, auth header, message path and media download.
 */
import type { Logger } from '../../src/core/log';
import type { GraphAccessOptions } from '../meta/graphAccess';
import { GraphClient, MediaTooLargeError, UntrustedUrlError } from '../meta/graphClient';
import { isMediaDownloadUrl, mediaLookupPath } from './mediaUrl';
import type { InboundMedia } from './toActivities';
import { z } from 'zod';

export interface DownloadedMedia {
  data: Buffer;
  contentType: string | undefined;
}

export interface WhatsAppTransport {
  readonly kind: 'cloud' | '360dialog';
  /** Where replies go, as `serviceUrl` of inbound activities. */
  readonly serviceUrl: string;
  /**
   * POSTs one message body; returns the platform's message id when it gave one. Rate limits are thrown
   * at once: the adapter's outbound scheduler holds the number (or the person) and sends again.
   */
  send(body: Record<string, unknown>): Promise<string | undefined>;
  /** Downloads inbound media (its URL expires in minutes); refuses more than `maxBytes`. */
  fetchMedia(media: InboundMedia, maxBytes: number): Promise<DownloadedMedia>;
}

export interface TransportOptions extends GraphAccessOptions {
  log: Logger;
}

const sendResponse = z.object({ messages: z.array(z.object({ id: z.string() }).loose()).optional() }).loose();
export const mediaUrlResponse = z.object({ url: z.url() }).loose();

/** Hosts Meta serves media from. */
export function isMetaMediaHost(host: string): boolean {
  return /(^|\.)(fbsbx\.com|whatsapp\.net|facebook\.com|fbcdn\.net)$/.test(host);
}

export function messageIdOf(response: unknown): string | undefined {
  const parsed = sendResponse.safeParse(response);
  return parsed.success ? parsed.data.messages?.[0]?.id : undefined;
}

/** Meta's Cloud API for one phone number id. */
export class CloudApiTransport implements WhatsAppTransport {
  readonly kind = 'cloud';
  readonly serviceUrl: string;
  private readonly client: GraphClient;
  private readonly log: Logger;

  constructor(
    private readonly number: { phoneNumberId: string; accessToken: string; graphUrl: string },
    options: TransportOptions,
  ) {
    this.serviceUrl = `${number.graphUrl.replace(/\/+$/, '')}/${number.phoneNumberId}`;
    this.client = new GraphClient({
      channel: 'whatsapp',
      baseUrl: number.graphUrl,
      headers: { authorization: `Bearer ${number.accessToken}` },
      log: options.log,
      fetch: options.fetch,
      retry: options.retry,
      ...options.timeouts,
      trustedHost: isMetaMediaHost,
      mediaPath: (url) => isMediaDownloadUrl(url),
    });
    this.log = options.log;
  }

  async send(body: Record<string, unknown>): Promise<string | undefined> {
    return messageIdOf(
      await this.client.postJson(`${this.number.phoneNumberId}/messages`, body, { rateLimits: 'throw' }),
    );
  }

  async fetchMedia(media: InboundMedia, maxBytes: number): Promise<DownloadedMedia> {
    if (media.url !== undefined) {
      try {
        return await this.client.download(media.url, maxBytes);
      } catch (error) {
        // The webhook's URL may have expired (5 minutes): ask for a fresh one below; too large stays too large.
        if (error instanceof MediaTooLargeError) throw error;
        if (error instanceof UntrustedUrlError) refusedMediaUrl(this.log, error);
      }
    }
    const lookup = mediaUrlResponse.parse(
      await this.client.getJson(
        `${mediaLookupPath('whatsapp', media.mediaId)}?phone_number_id=${encodeURIComponent(this.number.phoneNumberId)}`,
      ),
    );
    return this.client.download(lookup.url, maxBytes);
  }
}

/** A webhook's media URL refused before any request (the media is then looked up by its id). */
export function refusedMediaUrl(log: Logger, error: UntrustedUrlError): void {
  log.warn(`${error.channel}: a webhook's media URL was refused; looking the media up by its id`, {
    refused: error.refused,
    host: error.host,
  });
}
