/**
 * HTTP to Meta's Graph API (and to 360dialog, which speaks the same bodies): JSON posts and gets with an
 * explicit base URL (the Graph version is part of it), an injectable `fetch`, typed errors and retries.
 *
 * Errors become `ChannelApiError {status, code, subcode, fbtraceId}`. Throughput and transient codes
 * (130429, 131056, 80007, 4, 131000, 5xx, ...) and network failures are retried with backoff and jitter
 * (sends paced by an outbound scheduler leave rate limits to it);
 * validation errors (100, 131008, 131009, ...) never are; 131047 is `WindowClosedError`; 190 (token) is
 * logged loudly. Nothing is swallowed: the last failure is thrown to the caller.
 *
 * A POST (a message send) is repeated only when it provably was not processed (`sendOutcome.ts`): one
 * that went out and got no answer (a timeout, a reset, a gateway's 502/504) throws
 * `DeliveryUnknownError` at once, since the platform may have delivered it. POSTs wait 60 s for their
 * answer, reads 15 s. Media downloads send the credentials only to the media paths and never follow a
 * redirect anywhere the first URL could not have pointed.
 */
import { ChannelApiError, ChannelNetworkError, DeliveryUnknownError } from '../../src/core/errors';
import type { Logger } from '../../src/core/log';
import { metaRateLimit } from './rateLimits';
import { readCapped } from './readCapped';
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from './retry';
import { errorOfAnswer } from './graphError';
import { outcomeOfFailure } from './sendOutcome';

export { MediaTooLargeError } from './readCapped';

const MAX_REDIRECTS = 3;

export interface GraphClientOptions {
  /** Names the channel in errors and logs: `whatsapp`, `360dialog`, `messenger`. */
  channel: string;
  /** API base, version included for Graph (`https://graph.facebook.com/v24.0`). */
  baseUrl: string;
  /** Authentication headers (`Authorization: Bearer …` or `D360-API-KEY`). */
  headers: Record<string, string>;
  log: Logger;
  fetch?: typeof fetch;
  retry?: RetryPolicy;
  /** GETs and media downloads (safe to repeat); default 15 s. */
  timeoutMs?: number;
  /**
   * POSTs (message sends); default 60 s, longer than Meta's slow tail: a send that times out is not sent
   * again (its outcome is unknown), so giving up early only turns deliveries into unknowns.
   */
  postTimeoutMs?: number;
  /**
   * Absolute URLs (media downloads) this client may send its credentials to, besides the base URL's
   * own origin. Anything else is refused, so a webhook can never make us hand our token elsewhere.
   */
  trustedHost?: (host: string) => boolean;
  /**
   * Which paths of those hosts an absolute URL may name (WhatsApp: the media attachments path); any other
   * is refused before a request, so our token reads media and nothing else. Unset: any path.
   */
  mediaPath?: (url: URL) => boolean;
  /** `error` for custom credential headers that fetch would carry across a redirect. */
  redirect?: 'follow' | 'error' | 'manual';
}

/** The client's timeouts, as adapters and transports pass them on. */
export type GraphTimeouts = Pick<GraphClientOptions, 'timeoutMs' | 'postTimeoutMs'>;

export class GraphClient {
  private readonly fetch: typeof fetch;
  private readonly retry: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly postTimeoutMs: number;

  constructor(private readonly options: GraphClientOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.postTimeoutMs = options.postTimeoutMs ?? 60_000;
  }

  get channel(): string {
    return this.options.channel;
  }

  /**
   * POSTs a JSON body to a path under the base URL; returns the parsed answer. With `rateLimits: 'throw'`
   * a rate limit is thrown at once, for an outbound scheduler that paces the whole number to handle.
   * `DeliveryUnknownError` when it went out and no answer says what became of it (never repeated).
   */
  async postJson(
    path: string,
    body: unknown,
    options: { rateLimits?: 'retry' | 'throw' } = {},
  ): Promise<unknown> {
    return this.withRetries(
      () => this.request('POST', this.url(path), JSON.stringify(body)),
      options.rateLimits === 'throw',
    );
  }

  /** GETs JSON from a path under the base URL, or from an absolute URL. */
  async getJson(pathOrUrl: string): Promise<unknown> {
    return this.withRetries(() => this.request('GET', this.url(pathOrUrl)));
  }

  /**
   * Downloads bytes (media) with the same credentials; refuses more than `maxBytes`, and a redirect to
   * anywhere the client would not have sent its credentials (`UntrustedUrlError`).
   */
  async download(
    pathOrUrl: string,
    maxBytes: number,
  ): Promise<{ data: Buffer; contentType: string | undefined }> {
    const url = this.url(pathOrUrl);
    return this.withRetries(async () => {
      const response = await this.followTrusted(url);
      if (!response.ok) throw await errorOfAnswer(this.channel, 'GET', response, this.options.log);
      return {
        data: await readCapped(response, maxBytes),
        contentType: response.headers.get('content-type') ?? undefined,
      };
    });
  }

  /** A GET that follows redirects itself, each one only where `url` accepts it (never another host's bytes). */
  private async followTrusted(url: string): Promise<Response> {
    let target = url;
    for (let hop = 0; ; hop += 1) {
      const response = await this.send('GET', target, undefined, 'manual');
      if (response.status < 300 || response.status > 399) return response;
      await response.body?.cancel();
      const location = response.headers.get('location');
      const next = location === null ? undefined : parseUrl(location, target);
      if (!next || hop >= MAX_REDIRECTS)
        throw new UntrustedUrlError(this.channel, next?.hostname ?? 'an unusable location', 'redirect');
      target = this.url(next.href, 'redirect');
    }
  }

  private url(pathOrUrl: string, reaching: 'request' | 'redirect' = 'request'): string {
    if (!/^https?:\/\//.test(pathOrUrl)) {
      return `${this.options.baseUrl.replace(/\/+$/, '')}/${pathOrUrl.replace(/^\/+/, '')}`;
    }
    const target = new URL(pathOrUrl);
    const base = new URL(this.options.baseUrl);
    const trusted =
      target.origin === base.origin ||
      (target.protocol === 'https:' && this.options.trustedHost?.(target.hostname) === true);
    const refused = (why: 'host' | 'path') =>
      new UntrustedUrlError(this.channel, target.hostname, reaching === 'redirect' ? 'redirect' : why);
    if (!trusted) throw refused('host');
    if (this.options.mediaPath && !this.options.mediaPath(target)) throw refused('path');
    return pathOrUrl;
  }

  private withRetries<T>(attempt: () => Promise<T>, throwRateLimits = false): Promise<T> {
    return withRetry(
      attempt,
      (error) => {
        if (error instanceof ChannelApiError) {
          const rateLimited = metaRateLimit(error) !== undefined;
          if (rateLimited && throwRateLimits) return { retry: false };
          return { retry: error.retryable, retryAfterMs: error.retryAfterMs, rateLimited };
        }
        // A `DeliveryUnknownError` is never repeated: the platform may have acted on it.
        return { retry: error instanceof ChannelNetworkError };
      },
      this.retry,
    );
  }

  private async request(method: 'GET' | 'POST', url: string, body?: string): Promise<unknown> {
    const response = await this.send(method, url, body);
    if (!response.ok) throw await errorOfAnswer(this.channel, method, response, this.options.log);
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      const what = `${method} ${redactUrl(url)}: the answer broke off: ${reasonOf(error)}`;
      if (method === 'GET') throw new ChannelNetworkError(this.channel, what, { cause: error });
      // Accepted (2xx): delivered; only the answer, with the message id, is lost.
      this.options.log.warn(`${this.channel}: a send was accepted (no message id): ${what}`);
      return {};
    }
    if (text === '') return {};
    try {
      return JSON.parse(text);
    } catch {
      if (method === 'POST') {
        // Accepted (2xx) is delivered, whatever a proxy made of the answer: never an apology for it.
        this.options.log.warn(
          `${this.channel}: a send was accepted (no message id): ${method} ${redactUrl(url)}: the answer is not JSON`,
        );
        return {};
      }
      throw new ChannelApiError({
        channel: this.channel,
        status: response.status,
        message: 'the API answered with a body that is not JSON',
        retryable: false,
      });
    }
  }

  private async send(
    method: 'GET' | 'POST',
    url: string,
    body?: string,
    redirect = this.options.redirect ?? 'follow',
  ): Promise<Response> {
    try {
      return await this.fetch(url, {
        method,
        headers: {
          ...this.options.headers,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body,
        redirect,
        signal: AbortSignal.timeout(method === 'POST' ? this.postTimeoutMs : this.timeoutMs),
      });
    } catch (error) {
      const what = `${method} ${redactUrl(url)} failed: ${reasonOf(error)}`;
      if (method === 'POST' && outcomeOfFailure(error) === 'unknown')
        throw new DeliveryUnknownError(this.channel, `${what}; it may have been delivered`, { cause: error });
      throw new ChannelNetworkError(this.channel, what, { cause: error });
    }
  }
}

/**
 * A URL refused before any request: another host than the API's and the media hosts (`host`), a path of
 * theirs that is not media (`path`), or a download's redirect to either (`redirect`).
 */
export class UntrustedUrlError extends Error {
  constructor(
    readonly channel: string,
    readonly host: string,
    readonly refused: 'host' | 'path' | 'redirect' = 'host',
  ) {
    super(
      refused === 'redirect'
        ? `${channel}: refusing a media redirect to ${host}`
        : `${channel}: refusing to send credentials to ${host}${refused === 'path' ? ' outside its media paths' : ''}`,
    );
  }
}

function parseUrl(location: string, base: string): URL | undefined {
  try {
    return new URL(location, base);
  } catch {
    return undefined;
  }
}

/** URLs may carry `access_token`; logs and errors get them without the query. */
function redactUrl(url: string): string {
  return url.split('?')[0] ?? url;
}

function reasonOf(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return `${error.name === 'TimeoutError' ? 'timed out' : error.message}${cause}`;
  }
  return String(error);
}
