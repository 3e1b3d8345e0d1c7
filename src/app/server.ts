/**
 * The HTTP server factory. Builds restify with the routes of DESIGN §4 and never listens by itself
 * (`main.ts` does). Bodies are read here as raw bytes under a cap and a deadline. Webhook routes get only
 * those bytes: their adapters prove them (signature, shared secret) and parse only what they proved.
 * `/api/messages`, authenticated by a header rather than over its body, gets its body parsed here, once
 * its nesting depth has been measured on the raw bytes. Every error is mapped to a status in one place
 * (`httpStatusOf`).
 */
import restify from 'restify';
import { MAX_JSON_DEPTH, rawJsonDepth } from '../../adapters/base/jsonDepth';
import { answerFailure } from '../core/answerFailure';
import { InboundRequestError } from '../core/errors';
import type { HttpRequest, HttpResponse, RouteHandler } from '../core/http';
import { InFlight } from '../core/inFlight';
import type { Logger } from '../core/log';
import {
  DEFAULT_BODY_TIMEOUT_MS,
  DEFAULT_MAX_BODY_BYTES,
  parseJsonBody,
  readRawBody,
} from '../core/readBody';

export type WebhookChannel = 'whatsapp' | '360dialog' | 'messenger';

export interface ChannelRoutes {
  /** Hub challenge (Meta channels). */
  get?: RouteHandler;
  post: RouteHandler;
}

/**
 * A route of an HTTP API mounted beside the channels (the operator API, `operatorApi/`). Its body is
 * parsed as JSON under the same limits as `/api/messages`, and its path parameters reach the handler as
 * `request.params`.
 */
export interface ApiRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** With `{name}` parameters: `/api/v1/submissions/{reference}`. */
  path: string;
  handler: RouteHandler;
}

export interface ServerDeps {
  log: Logger;
  /** `POST /api/messages`: the Bot Framework (Emulator, Azure Bot Service) endpoint; unset, it answers 404. */
  botFramework: RouteHandler | undefined;
  /** Mounted channel webhooks; a missing one answers 404 "channel not configured". */
  channels?: Partial<Record<WebhookChannel, ChannelRoutes>>;
  /** Routes of an API (the operator API); none mounted when unset (404). */
  api?: readonly ApiRoute[];
  /** Routes given the raw bytes only, as webhooks are (Meta's data-deletion callback and its status page). */
  raw?: readonly ApiRoute[];
  /** True while storage answers. */
  readiness: () => Promise<boolean>;
  /** What `/readyz` reports of the inbox's backlog (events waiting, the oldest's age), when known. */
  backlog?: () => Record<string, unknown> | undefined;
  /** Shared with adapters that run turns after answering, so shutdown waits for both. */
  inFlight?: InFlight;
  maxBodyBytes?: number;
  /** Deadlines for slow clients (defaults: `DEFAULT_TIMEOUTS`); tests shorten them. */
  timeouts?: Partial<RequestTimeouts>;
  /** Called once per request with its outcome (telemetry). */
  onRequest?: (event: { method: string; route: string; status: number; durationMs: number }) => void;
}

export interface BuiltServer {
  server: restify.Server;
  inFlight: InFlight;
  /** Starts listening; resolves with the bound port (useful with port 0). */
  listen(port: number, host?: string): Promise<number>;
  /** Stops accepting connections; resolves once the listener is closed. */
  close(): Promise<void>;
}

/** How long a client may take to send a request; past each, it is answered 408 and its connection closed. */
export interface RequestTimeouts {
  /** All request headers (Node's `headersTimeout`). */
  headersMs: number;
  /** The whole request, headers and body (Node's `requestTimeout`); the answer's own time is not counted. */
  requestMs: number;
  /** The body, once the headers are in (our own deadline: a 408 with a JSON error). */
  bodyMs: number;
}

export const DEFAULT_TIMEOUTS: RequestTimeouts = {
  headersMs: 15_000,
  requestMs: 30_000,
  bodyMs: DEFAULT_BODY_TIMEOUT_MS,
};

/** What a route takes of the body: the raw bytes only (webhooks), or also the bytes parsed as JSON. */
type BodyUse = 'raw' | 'json';

const WEBHOOK_PATHS: Record<WebhookChannel, string> = {
  whatsapp: '/webhooks/whatsapp',
  '360dialog': '/webhooks/360dialog',
  messenger: '/webhooks/messenger',
};

const API_VERBS = { GET: 'get', POST: 'post', PUT: 'put', PATCH: 'patch', DELETE: 'del' } as const;

export function createServer(deps: ServerDeps): BuiltServer {
  const inFlight = deps.inFlight ?? new InFlight();
  const maxBodyBytes = deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const timeouts = { ...DEFAULT_TIMEOUTS, ...deps.timeouts };
  if (timeouts.headersMs > timeouts.requestMs)
    throw new RangeError('timeouts.headersMs must not exceed timeouts.requestMs');
  const server = restify.createServer({ name: 'bf-community-channels', handleUncaughtExceptions: false });
  server.server.headersTimeout = timeouts.headersMs;
  server.server.requestTimeout = timeouts.requestMs;
  // Node checks both deadlines every `connectionsCheckingInterval` (30 s by default, which would let a
  // slow client stay up to 30 s longer); read when the server starts listening.
  Object.assign(server.server, {
    connectionsCheckingInterval: Math.max(10, Math.min(1_000, Math.floor(timeouts.headersMs / 4))),
  });

  const route =
    (name: string, handler: RouteHandler, body: BodyUse = 'raw') =>
    async (req: restify.Request, res: restify.Response): Promise<void> => {
      const started = performance.now();
      await inFlight.track(serve(req, res, handler, body));
      deps.onRequest?.({
        method: req.method ?? 'GET',
        route: name,
        status: res.statusCode,
        durationMs: performance.now() - started,
      });
    };

  const serve = async (
    req: restify.Request,
    res: restify.Response,
    handler: RouteHandler,
    body: BodyUse,
  ): Promise<void> => {
    try {
      const method = req.method ?? 'GET';
      const rawBody =
        method === 'GET' || method === 'HEAD'
          ? Buffer.alloc(0)
          : await readRawBody(req, req.headers['content-length'], maxBodyBytes, timeouts.bodyMs);
      const url = req.url ?? '/';
      const request: HttpRequest = {
        method,
        url,
        headers: req.headers,
        query: Object.fromEntries(new URL(url, 'http://localhost').searchParams),
        rawBody,
        params: pathParams(req),
        ...(body === 'json' ? { body: parseShallowJson(rawBody) } : {}),
      };
      await handler(request, res satisfies HttpResponse);
    } catch (error) {
      answerFailure(error, res, deps.log, req.path());
    }
  };

  server.get(
    '/healthz',
    route('healthz', (_req, res) => {
      res.send(200, { status: 'ok' });
      return Promise.resolve();
    }),
  );
  server.get(
    '/readyz',
    route('readyz', async (_req, res) => {
      const ready = await deps.readiness();
      const backlog = deps.backlog?.();
      res.send(ready ? 200 : 503, {
        status: ready ? 'ready' : 'storage unavailable',
        storage: ready ? 'ok' : 'unavailable',
        ...(backlog === undefined ? {} : { backlog }),
      });
    }),
  );
  const botFrameworkNotMounted: RouteHandler = () =>
    Promise.reject(
      new InboundRequestError(404, 'channel_not_configured', 'channel not configured: emulator'),
    );
  server.post('/api/messages', route('api/messages', deps.botFramework ?? botFrameworkNotMounted, 'json'));

  for (const [channel, path] of Object.entries(WEBHOOK_PATHS) as [WebhookChannel, string][]) {
    const routes = deps.channels?.[channel];
    const notConfigured: RouteHandler = () =>
      Promise.reject(
        new InboundRequestError(404, 'channel_not_configured', `channel not configured: ${channel}`),
      );
    server.post(path, route(`webhooks/${channel}`, routes?.post ?? notConfigured));
    if (channel !== '360dialog') server.get(path, route(`webhooks/${channel}`, routes?.get ?? notConfigured));
  }
  for (const [api, body] of [
    ...(deps.api ?? []).map((api) => [api, 'json'] as const),
    ...(deps.raw ?? []).map((api) => [api, 'raw'] as const),
  ]) {
    const path = api.path.replace(/\{(\w+)\}/g, ':$1');
    server[API_VERBS[api.method]](path, route(api.path.slice(1), api.handler, body));
  }
  const listen = (port: number, host?: string): Promise<number> =>
    new Promise((resolve, reject) => {
      server.server.once('error', reject);
      const bound = (): void => {
        server.server.off('error', reject);
        const address = server.server.address();
        resolve(typeof address === 'object' && address !== null ? address.port : port);
      };
      if (host === undefined) server.listen(port, bound);
      else server.listen(port, host, bound);
    });
  const close = (): Promise<void> =>
    new Promise((resolve) => {
      server.close(() => resolve());
    });
  return { server, inFlight, listen, close };
}

/** The path parameters restify matched (none on routes without them). */
function pathParams(req: restify.Request): Record<string, string> {
  const params: unknown = req.params;
  if (typeof params !== 'object' || params === null) return {};
  return Object.fromEntries(
    Object.entries(params).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

/**
 * The body parsed as JSON once its nesting is known to be at most `MAX_JSON_DEPTH`: deeper, parsing would
 * cost its full time for nothing (4 MB of `[` takes half a second) and what is parsed would overflow the
 * stack of whatever recurses over it next.
 */
function parseShallowJson(raw: Buffer): unknown {
  if (rawJsonDepth(raw, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    throw new InboundRequestError(
      400,
      'json_too_deep',
      `The request body is nested deeper than ${MAX_JSON_DEPTH} levels`,
    );
  }
  return parseJsonBody(raw);
}
