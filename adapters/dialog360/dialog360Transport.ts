/**
 * 360dialog for one number: the Cloud API bodies, posted to `{base}/messages` with `D360-API-KEY` (no
 * Graph version, no phone number id). Media: Meta's download URL is not reachable with the 360dialog
 * key, so its host is swapped for 360dialog's (`{base}/whatsapp_business/attachments/?mid=…`).
 */
import type { Logger } from '../../src/core/log';
import { GraphClient, MediaTooLargeError, UntrustedUrlError } from '../meta/graphClient';
import { isMediaDownloadUrl, mediaLookupPath } from '../whatsapp/mediaUrl';
import {
  mediaUrlResponse,
  messageIdOf,
  refusedMediaUrl,
  type DownloadedMedia,
  type TransportOptions,
  type WhatsAppTransport,
} from '../whatsapp/transport';
import type { InboundMedia } from '../whatsapp/toActivities';

export class Dialog360Transport implements WhatsAppTransport {
  readonly kind = '360dialog';
  readonly serviceUrl: string;
  private readonly client: GraphClient;
  private readonly log: Logger;

  constructor(number: { apiKey: string; baseUrl: string }, options: TransportOptions) {
    this.serviceUrl = number.baseUrl.replace(/\/+$/, '');
    this.log = options.log;
    const basePath = new URL(this.serviceUrl).pathname;
    this.client = new GraphClient({
      channel: '360dialog',
      baseUrl: this.serviceUrl,
      headers: { 'D360-API-KEY': number.apiKey },
      log: options.log,
      fetch: options.fetch,
      retry: options.retry,
      ...options.timeouts,
      // D360-API-KEY is a custom header: fetch would carry it across a redirect to another host.
      redirect: 'error',
      // Only the attachments path: the key also reads and changes the number's settings.
      mediaPath: (url) => isMediaDownloadUrl(url, basePath),
    });
  }

  async send(body: Record<string, unknown>): Promise<string | undefined> {
    return messageIdOf(await this.client.postJson('messages', body, { rateLimits: 'throw' }));
  }

  async fetchMedia(media: InboundMedia, maxBytes: number): Promise<DownloadedMedia> {
    if (media.url !== undefined) {
      try {
        return await this.client.download(this.throughOurHost(media.url), maxBytes);
      } catch (error) {
        // Expired or unknown: ask 360dialog for a fresh URL below; too large stays too large.
        if (error instanceof MediaTooLargeError) throw error;
        if (error instanceof UntrustedUrlError) refusedMediaUrl(this.log, error);
      }
    }
    const lookup = mediaUrlResponse.parse(
      await this.client.getJson(mediaLookupPath('360dialog', media.mediaId)),
    );
    return this.client.download(this.throughOurHost(lookup.url), maxBytes);
  }

  /** `https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=…` → `{base}/whatsapp_business/attachments/?mid=…` */
  throughOurHost(metaUrl: string): string {
    const url = new URL(metaUrl.replace(/\\\//g, '/'));
    return `${this.serviceUrl}${url.pathname}${url.search}`;
  }
}
