/**
 * HTTP to Meta's Graph API (and to 360dialog, which speaks the same bodies): JSON posts and gets with an
 * explicit base URL (the Graph version is part of it), an injectable `fetch`, typed errors and retries.
 *
 * Errors become `ChannelApiError {status, code, subcode, fbtraceId}`. Throughput and transient codes
 * (130429, 131056, 80007, 4, 131000, 5xx, ...) and network failures are retried with backoff and jitter
 * (sends paced by an outbound scheduler leave rate limits to it);
 * validation errors (100, 131008, 131009, ...) never are; 131047 is `WindowClosedError`; 190 (token) is
 * logged loudly. Nothing is swallowed: the last failure is thrown to the caller.
 */
import { z } from 'zod';
import { ChannelApiError, ChannelNetworkError, WindowClosedError } from '../../src/errors';
import type { Logger } from '../../src/log';
import { metaRateLimit } from './rateLimits';
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from './retry';

const RETRYABLE_CODES = new Set([
  1, 2, 4, 17, 32, 613, 80007, 130429, 131000, 131016, 131056, 131057, 133004,
]);
const WINDOW_CLOSED = 131047;
/** Messenger (2018278) and Instagram (2534022): "sent outside of allowed window". */
const OUTSIDE_WINDOW_SUBCODES = new Set([2018278, 2534022]);
const TOKEN_INVALID = 190;

const graphErrorSchema = z.object({
  error: z.object({
    message: z.string().optional(),
    type: z.string().optional(),
    code: z.number().optional(),
    error_subcode: z.number().optional(),
    fbtrace_id: z.string().optional(),
    error_data: z.object({ details: z.string().optional() }).loose().optional(),
  }),
});

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
  timeoutMs?: number;
  /**
   * Absolute URLs (media downloads) this client may send its credentials to, besides the base URL's
   * own origin. Anything else is refused, so a webhook can never make us hand our token elsewhere.
   */
  trustedHost?: (host: string) => boolean;
  /** `error` for custom credential headers that fetch would carry across a redirect. */
  redirect?: 'follow' | 'error' | 'manual';
}

export class GraphClient {
  private readonly fetch: typeof fetch;
  private readonly retry: RetryPolicy;
  private readonly timeoutMs: number;

  constructor(private readonly options: GraphClientOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.timeoutMs = options.timeoutMs ?? 15_000;
  }

  get channel(): string {
    return this.options.channel;
  }

  /**
   * POSTs a JSON body to a path under the base URL; returns the parsed answer. With `rateLimits: 'throw'`
   * a rate limit is thrown at once, for an outbound scheduler that paces the whole number to handle.
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

  /** Downloads bytes (media) with the same credentials; refuses more than `maxBytes`. */
  async download(
    pathOrUrl: string,
    maxBytes: number,
  ): Promise<{ data: Buffer; contentType: string | undefined }> {
    return this.withRetries(async () => {
      const response = await this.send('GET', this.url(pathOrUrl));
      if (!response.ok) throw await this.apiError(response);
      const declared = Number(response.headers.get('content-length') ?? NaN);
      if (Number.isFinite(declared) && declared > maxBytes) {
        await response.body?.cancel();
        throw new MediaTooLargeError(maxBytes);
      }
      return {
        data: await readCapped(response, maxBytes),
        contentType: response.headers.get('content-type') ?? undefined,
      };
    });
  }

  private url(pathOrUrl: string): string {
    if (!/^https?:\/\//.test(pathOrUrl)) {
      return `${this.options.baseUrl.replace(/\/+$/, '')}/${pathOrUrl.replace(/^\/+/, '')}`;
    }
    const target = new URL(pathOrUrl);
    const base = new URL(this.options.baseUrl);
    if (
      target.origin !== base.origin &&
      !(target.protocol === 'https:' && this.options.trustedHost?.(target.hostname))
    ) {
      throw new UntrustedUrlError(this.channel, target.hostname);
    }
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
        return { retry: error instanceof ChannelNetworkError };
      },
      this.retry,
    );
  }

  private async request(method: string, url: string, body?: string): Promise<unknown> {
    const response = await this.send(method, url, body);
    if (!response.ok) throw await this.apiError(response);
    const text = await response.text();
    if (text === '') return {};
    try {
      return JSON.parse(text);
    } catch {
      throw new ChannelApiError({
        channel: this.channel,
        status: response.status,
        message: 'the API answered with a body that is not JSON',
        retryable: false,
      });
    }
  }

  private async send(method: string, url: string, body?: string): Promise<Response> {
    try {
      return await this.fetch(url, {
        method,
        headers: {
          ...this.options.headers,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body,
        redirect: this.options.redirect ?? 'follow',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new ChannelNetworkError(this.channel, `${method} ${redactUrl(url)} failed: ${reasonOf(error)}`, {
        cause: error,
      });
    }
  }

  private async apiError(response: Response): Promise<Error> {
    const text = await response.text().catch(() => '');
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      raw = undefined;
    }
    const parsed = graphErrorSchema.safeParse(raw);
    const error = parsed.success ? parsed.data.error : undefined;
    const code = error?.code;
    const details = error?.error_data?.details;
    const message = [error?.message ?? (response.statusText || 'no error body'), details]
      .filter(Boolean)
      .join(' — ');
    if (code === WINDOW_CLOSED || (code === 10 && OUTSIDE_WINDOW_SUBCODES.has(error?.error_subcode ?? 0))) {
      return new WindowClosedError(this.channel, message);
    }
    if (code === TOKEN_INVALID || response.status === 401) {
      this.options.log.error(
        `${this.channel}: the API rejected our credentials; renew the access token / API key`,
        {
          status: response.status,
          code,
          fbtraceId: error?.fbtrace_id,
        },
      );
    }
    return new ChannelApiError({
      channel: this.channel,
      status: response.status,
      code,
      subcode: error?.error_subcode,
      fbtraceId: error?.fbtrace_id,
      message,
      retryable:
        code !== undefined
          ? RETRYABLE_CODES.has(code) || (response.status >= 500 && code !== 100)
          : response.status >= 500 || response.status === 429,
      retryAfterMs: retryAfterMs(response.headers.get('retry-after')),
    });
  }
}

export class UntrustedUrlError extends Error {
  constructor(
    readonly channel: string,
    readonly host: string,
  ) {
    super(`${channel}: refusing to send credentials to ${host}`);
  }
}

async function readCapped(response: Response, maxBytes: number): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader: ReadableStreamDefaultReader<Uint8Array> | undefined = response.body?.getReader();
  if (!reader) return Buffer.alloc(0);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new MediaTooLargeError(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}

export class MediaTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`media larger than ${maxBytes} bytes`);
  }
}

function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
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
