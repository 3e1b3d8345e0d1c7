/**
 * A fake Meta Graph API and 360dialog API: a real HTTP server on port 0 that records every request,
 * checks credentials, validates outbound bodies against `outbound-limits.json` (answering Meta's
 * error shape on any violation), serves registered media, and can be told to fail the next calls or to
 * answer slowly (a slow call is accepted, and so delivered, when it arrives; only its answer waits), or
 * be down for a while (`outage`).
 *
 * Routes (Graph version segment is free):
 *   POST /{version}/{phone-number-id}/messages   WhatsApp Cloud API (Bearer token)
 *   POST /messages                               360dialog (D360-API-KEY)
 *   POST /{version}/me/messages                  Messenger and Instagram (Bearer or access_token)
 *   GET  /{version}/{media-id}                   WhatsApp media URL lookup
 *   GET  /whatsapp_business/attachments/?mid=…   media bytes (same credentials), as Meta's lookaside host
 *   GET  /media/{media-id}                       media bytes (public media: none needed)
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash, randomBytes } from 'node:crypto';
import { validateOutbound, type RuleChannel, type Violation } from './outboundRules';

export type GraphKind = 'whatsapp' | '360dialog' | 'messenger' | 'media';

export interface RecordedRequest {
  kind: GraphKind;
  method: string;
  path: string;
  /** The query string, `?` included (empty without one). */
  search: string;
  headers: IncomingMessage['headers'];
  rawBody: Buffer;
  body: unknown;
  /** Status the fake answered. */
  status: number;
  violations: Violation[];
  /** When the fake received it (`Date.now()`). */
  at: number;
}

export interface ScriptedFailure {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Only calls whose body matches fail (default: every API call). */
  when?: (body: unknown) => boolean;
}

/** Matches message sends (not mark-read or typing calls). */
export const messageSends = (body: unknown): boolean =>
  typeof body === 'object' && body !== null && 'type' in body && !('status' in body);

export interface FakeGraphOptions {
  /** Accepted `Authorization: Bearer` tokens (WhatsApp and Messenger). */
  tokens?: string[];
  /** Accepted `D360-API-KEY` values. */
  d360Keys?: string[];
  /** Recipients that are Instagram accounts: their bodies are also checked against Instagram rules. */
  instagramRecipients?: string[];
}

export interface FakeMedia {
  id: string;
  data: Buffer;
  mimeType: string;
  public: boolean;
  /** Its bytes answer a redirect to this URL instead. */
  redirectTo?: string;
}

export interface SlowAnswers {
  delayMs: number;
  /** Only calls whose body matches answer slowly (default: every API call). */
  when?: (body: unknown) => boolean;
}

export class FakeGraph {
  readonly requests: RecordedRequest[] = [];
  private readonly failures: ScriptedFailure[] = [];
  private down = false;
  private readonly media = new Map<string, FakeMedia>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private slow: SlowAnswers | undefined;
  private server: Server | undefined;
  private sequence = 0;
  url = '';

  constructor(private readonly options: FakeGraphOptions = {}) {}

  static async start(options: FakeGraphOptions = {}): Promise<FakeGraph> {
    const fake = new FakeGraph(options);
    await fake.listen();
    return fake;
  }

  /** Base URL with a Graph version, as `META_GRAPH_URL` expects. */
  get graphUrl(): string {
    return `${this.url}/v24.0`;
  }

  /** The next `count` API calls (not media downloads) answer with this failure. */
  failNext(failure: ScriptedFailure, count = 1): void {
    for (let i = 0; i < count; i += 1) this.failures.push(failure);
  }

  /**
   * API calls from now on are accepted (recorded, so delivered) as they arrive, but answered only after
   * `delayMs`, as a slow Graph API does; `undefined` answers promptly again.
   */
  answerSlowly(slow: SlowAnswers | undefined): void {
    this.slow = slow;
  }

  /**
   * An outage: until `outage(false)`, every call to a messages endpoint (sends, read receipts, typing; on
   * every kind of number or page) answers 500 with Meta's "service temporarily unavailable" body. Media
   * downloads still answer.
   */
  outage(on: boolean): void {
    this.down = on;
  }

  /** Media to serve; `public` media (Messenger CDN links) need no credentials at `/media/{id}`. */
  registerMedia(
    data: Buffer,
    mimeType: string,
    options: { public?: boolean; redirectTo?: string } = {},
  ): FakeMedia {
    const item = {
      id: `${Date.now()}${this.sequence++}`,
      data,
      mimeType,
      public: options.public ?? false,
      ...(options.redirectTo === undefined ? {} : { redirectTo: options.redirectTo }),
    };
    this.media.set(item.id, item);
    return item;
  }

  /** Requests for one path (whatever their answer), e.g. to check a URL was never fetched. */
  requestsTo(path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  /** Accepted message sends of one kind (what a user would actually receive). */
  sent(kind: GraphKind): RecordedRequest[] {
    return this.requests.filter((r) => r.kind === kind && r.status === 200 && r.method === 'POST');
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
  }

  private async listen(): Promise<void> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        res.writeHead(500);
        res.end(String(error));
      });
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
    const rawBody = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', this.url);
    const method = req.method ?? 'GET';
    const kind = routeKind(method, url.pathname);
    let body: unknown;
    try {
      body = rawBody.length > 0 ? JSON.parse(rawBody.toString('utf8')) : undefined;
    } catch {
      body = undefined;
    }
    const record = (status: number, violations: Violation[] = []): void => {
      this.requests.push({
        kind: kind ?? 'media',
        method,
        path: url.pathname,
        search: url.search,
        headers: req.headers,
        rawBody,
        body,
        status,
        violations,
        at: Date.now(),
      });
    };
    const reply = (status: number, payload: unknown, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(payload));
    };
    const slow = this.slow;
    const replySlowly = (status: number, payload: unknown): void => {
      if (!slow || (slow.when !== undefined && !slow.when(body))) return reply(status, payload);
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        // The client may have given up meanwhile: the call was accepted all the same.
        if (!res.destroyed && res.socket?.destroyed === false) reply(status, payload);
      }, slow.delayMs);
      this.timers.add(timer);
    };

    if (!kind) {
      record(404);
      return reply(404, graphError(803, 'Unknown path components', 'OAuthException'));
    }
    if (!this.authorised(kind, req, url)) {
      record(401);
      return reply(
        401,
        graphError(190, 'Invalid OAuth access token - Cannot parse access token', 'OAuthException'),
      );
    }
    if (kind === 'media') return this.serveMedia(url, res, record);
    if (this.down) {
      record(500);
      return reply(500, {
        error: { ...graphError(2, 'Service temporarily unavailable').error, is_transient: true },
      });
    }

    const failureIndex = this.failures.findIndex((f) => f.when === undefined || f.when(body));
    const failure = failureIndex === -1 ? undefined : this.failures.splice(failureIndex, 1)[0];
    if (failure) {
      record(failure.status);
      return reply(failure.status, failure.body, failure.headers);
    }
    if (body === undefined) {
      record(400);
      return reply(400, graphError(100, 'Invalid parameter', 'OAuthException', 'body is not JSON'));
    }
    const violations = validateOutbound(body, this.ruleChannels(kind, body));
    if (violations.length > 0) {
      record(400, violations);
      const details = violations.map((v) => `${v.rule}: ${v.path} ${v.detail}`).join('; ');
      return reply(
        400,
        graphError(100, 'Invalid parameter', 'OAuthException', details, kind !== 'messenger'),
      );
    }
    record(200);
    return replySlowly(200, this.success(kind, body));
  }

  private ruleChannels(kind: GraphKind, body: unknown): RuleChannel[] {
    if (kind !== 'messenger') return ['whatsapp'];
    const recipient = isRecord(body) && isRecord(body.recipient) ? body.recipient.id : undefined;
    return typeof recipient === 'string' && this.options.instagramRecipients?.includes(recipient)
      ? ['messenger', 'instagram']
      : ['messenger'];
  }

  private success(kind: GraphKind, body: unknown): unknown {
    const id = randomBytes(12).toString('hex').toUpperCase();
    if (kind === 'messenger') {
      const recipient = isRecord(body) && isRecord(body.recipient) ? body.recipient.id : undefined;
      return isRecord(body) && body.sender_action !== undefined
        ? { recipient_id: recipient }
        : { recipient_id: recipient, message_id: `m_${id}` };
    }
    if (isRecord(body) && body.status === 'read') return { success: true };
    const to = isRecord(body) ? body.to : undefined;
    return {
      messaging_product: 'whatsapp',
      contacts: [{ input: to, wa_id: typeof to === 'string' ? to.replace(/^\+/, '') : to }],
      messages: [{ id: `wamid.${id}` }],
    };
  }

  private authorised(kind: GraphKind, req: IncomingMessage, url: URL): boolean {
    const d360 = req.headers['d360-api-key'];
    if (kind === '360dialog') return typeof d360 === 'string' && (this.options.d360Keys ?? []).includes(d360);
    const bearer =
      /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? url.searchParams.get('access_token');
    const tokens = this.options.tokens ?? [];
    if (kind === 'media') {
      const publicId = /^\/media\/([^/]+)$/.exec(url.pathname)?.[1];
      if (publicId !== undefined && this.media.get(publicId)?.public === true) return true;
      return (
        (bearer !== null && tokens.includes(bearer)) ||
        (typeof d360 === 'string' && (this.options.d360Keys ?? []).includes(d360))
      );
    }
    return bearer !== null && tokens.includes(bearer);
  }

  /**
   * Cloud API: `GET /{version}/{id}` → `{url: <this server>/whatsapp_business/attachments/?mid={id}…}`
   * (Meta's lookaside path, on this server), bytes there; public media also at `/media/{id}`.
   * 360dialog: `GET /{id}` → `{url: https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid={id}}` (Meta's
   * host, unreachable from here as it is with a 360dialog key), bytes at this server's same path and query.
   */
  private serveMedia(url: URL, res: ServerResponse, record: (status: number) => void): void {
    const path = url.pathname;
    const attachment =
      path === '/whatsapp_business/attachments/' ? (url.searchParams.get('mid') ?? undefined) : undefined;
    const bytes = /^\/media\/([^/]+)$/.exec(path)?.[1] ?? attachment;
    const d360 = !path.startsWith('/v') && !path.startsWith('/media/');
    const id = bytes ?? /^\/v[\d.]+\/([^/]+)$/.exec(path)?.[1] ?? /^\/([0-9A-Za-z_-]+)$/.exec(path)?.[1];
    const item = id === undefined ? undefined : this.media.get(id);
    if (!item) {
      record(404);
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(graphError(100, 'Unknown media')));
      return;
    }
    record(200);
    if (bytes !== undefined && item.redirectTo !== undefined) {
      res.writeHead(302, { location: item.redirectTo });
      res.end();
      return;
    }
    if (bytes !== undefined) {
      res.writeHead(200, { 'content-type': item.mimeType, 'content-length': String(item.data.length) });
      res.end(item.data);
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        messaging_product: 'whatsapp',
        url: d360
          ? `https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=${item.id}&ext=1&hash=x`
          : `${this.url}/whatsapp_business/attachments/?mid=${item.id}&ext=1&hash=x`,
        mime_type: item.mimeType,
        sha256: createHash('sha256').update(item.data).digest('hex'),
        file_size: item.data.length,
        id: item.id,
      }),
    );
  }
}

function routeKind(method: string, path: string): GraphKind | undefined {
  if (method === 'POST' && path === '/messages') return '360dialog';
  if (method === 'POST' && /^\/v[\d.]+\/me\/messages$/.test(path)) return 'messenger';
  if (method === 'POST' && /^\/v[\d.]+\/[^/]+\/messages$/.test(path)) return 'whatsapp';
  if (method === 'GET' && (/^\/media\/[^/]+$/.test(path) || /^\/v[\d.]+\/[^/]+$/.test(path))) return 'media';
  if (method === 'GET' && (path === '/whatsapp_business/attachments/' || /^\/[0-9A-Za-z_-]+$/.test(path)))
    return 'media';
  return undefined;
}

/** Meta's error body shape (outbound-limits.json `error_mapping_hint`). */
export function graphError(
  code: number,
  message: string,
  type = 'OAuthException',
  details?: string,
  whatsapp = true,
): { error: Record<string, unknown> } {
  return {
    error: {
      message: `(#${code}) ${message}`,
      type,
      code,
      ...(details !== undefined && whatsapp
        ? { error_data: { messaging_product: 'whatsapp', details } }
        : {}),
      ...(details !== undefined && !whatsapp ? { error_user_msg: details } : {}),
      fbtrace_id: randomBytes(8).toString('base64url'),
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
