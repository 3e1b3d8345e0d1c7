/**
 * What a channel adapter used on its own needs around it, built once for every channel: its options
 * checked (a clear error naming each bad field), a logger that never prints the credentials, the turns
 * that record each webhook's events and run them in order (`DurableTurns` over the chosen storage, with
 * its recovery sweep), a handler for Node's `http` or express, and a shutdown that finishes the turns in
 * flight.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import { ConfigError } from '../../src/core/errors';
import type { HttpRequest, HttpResponse, RouteHandler } from '../../src/core/http';
import { InFlight } from '../../src/core/inFlight';
import { createLogger, type Logger } from '../../src/core/log';
import { nodeHandler, type NodeHttpOptions } from '../../src/core/nodeHttp';
import { DurableTurns } from '../../src/durable/turns/durableTurns';
import type { ChannelAdapter, OutboundSettings, TurnLogic } from '../base/channelAdapter';
import type { GraphTimeouts } from '../meta/graphClient';
import type { RetryPolicy } from '../meta/retry';
import { memoryStorage, type AdapterStorage } from './adapterStorage';

/** Meta's Graph API, the version the adapters are written against. */
export const DEFAULT_GRAPH_URL = 'https://graph.facebook.com/v24.0';

/** Options every channel's factory takes beside its numbers or pages. */
export interface StandaloneOptions {
  /** The bot logic every recorded event runs (those found by the recovery sweep too). */
  logic: TurnLogic;
  /** Where the inbox, leases, media and conversation memory live; default `memoryStorage()`. */
  storage?: AdapterStorage;
  /** Graph API base, version included (default `DEFAULT_GRAPH_URL`); a number or page may set its own. */
  graphUrl?: string;
  /** The adapter's turn error handler (botbuilder's `onTurnError`). */
  onTurnError?: (context: TurnContext, error: Error) => Promise<void>;
  /** Log lines (default: info and above, credentials redacted). */
  log?: Logger;
  /** Outbound HTTP to the platform (default: global fetch). */
  fetch?: typeof fetch;
  /** Conversations whose turns run at once (default 16). */
  turnConcurrency?: number;
  /** The recovery sweep runs events waiting longer than `sweepStaleMs`, every `sweepEveryMs` (30 s, 30 s). */
  sweepStaleMs?: number;
  sweepEveryMs?: number;
  outbound?: OutboundSettings;
  timeouts?: GraphTimeouts;
  retry?: RetryPolicy;
  /** Body size cap and deadline of `handler` (4 MB, 20 s). */
  http?: Omit<NodeHttpOptions, 'log'>;
}

/** A route served by an adapter used on its own, on the structural seam and for Node or express. */
export interface Served {
  /** For `http.createServer` or an express route: reads the raw bytes, answers failures with their status. */
  handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  /** The same on the structural seam (`HttpRequest` with its `rawBody`), for other hosts. */
  process: RouteHandler;
}

/** A working adapter, its request handlers and its shutdown. */
export interface Standalone<Adapter extends ChannelAdapter> extends Served {
  /** `handler` and `process` serve `GET` (Meta's verification) and `POST` (webhooks) of the channel. */
  adapter: Adapter;
  storage: AdapterStorage;
  turns: DurableTurns;
  /** Work in flight (turns that run after a webhook's answer). */
  inFlight: InFlight;
  /**
   * Stops the recovery sweep, answers further webhooks 503 (the platform delivers them again), and waits
   * up to `timeoutMs` (8 s) for the turns in flight; true when they all finished.
   */
  shutdown(timeoutMs?: number): Promise<boolean>;
}

const isFunction = (value: unknown): boolean => typeof value === 'function';
const isObject = (value: unknown): value is object => typeof value === 'object' && value !== null;
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
const positive = z.number().int().positive();

/** The shape of `StandaloneOptions`, as zod checks it (functions and objects by kind only). */
export const standaloneShape = {
  logic: z.custom<TurnLogic>(isFunction, 'must be the bot logic, a function (context) => Promise<void>'),
  storage: z
    .custom<AdapterStorage>(
      (v) =>
        isObject(v) && ['inbox', 'leases', 'media', 'documents'].every((k) => isObject(Reflect.get(v, k))),
      'must be memoryStorage(), blobStorage(account), or an object with inbox, leases, media and documents',
    )
    .optional(),
  graphUrl: httpUrl.optional(),
  onTurnError: z.custom<StandaloneOptions['onTurnError']>(isFunction, 'must be a function').optional(),
  log: z.custom<Logger>(isObject, 'must be a logger (debug, info, warn, error)').optional(),
  fetch: z.custom<typeof fetch>(isFunction, 'must be a fetch function').optional(),
  turnConcurrency: positive.optional(),
  sweepStaleMs: z.number().int().nonnegative().optional(),
  sweepEveryMs: z.number().int().nonnegative().optional(),
  outbound: z.custom<OutboundSettings>(isObject, 'must be an object').optional(),
  timeouts: z.custom<GraphTimeouts>(isObject, 'must be an object').optional(),
  retry: z.custom<RetryPolicy>(isObject, 'must be an object').optional(),
  http: z.strictObject({ maxBodyBytes: positive.optional(), bodyTimeoutMs: positive.optional() }).optional(),
};

/** Options checked with `schema`, or a `ConfigError` naming every bad field (`numbers[0].appSecret: ...`). */
export function checkedOptions<T>(factory: string, schema: z.ZodType<T>, options: unknown): T {
  const parsed = schema.safeParse(options);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    parsed.error.issues.map((issue) => {
      const path = issue.path
        .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i > 0 ? '.' : ''}${String(part)}`))
        .join('');
      return `${factory}: ${path === '' ? 'options' : path}: ${issue.message}`;
    }),
  );
}

/** What a channel's adapter is built from (its constructor's options, but for its numbers or pages). */
export interface StandaloneDeps extends Pick<
  StandaloneOptions,
  'logic' | 'fetch' | 'retry' | 'timeouts' | 'outbound'
> {
  log: Logger;
  inFlight: InFlight;
  turns: DurableTurns;
  sent: AdapterStorage['inbox'];
  media: AdapterStorage['media'];
  storage: AdapterStorage;
}

/** An adapter that serves its webhook through `process` (verification and events). */
type WebhookAdapter = ChannelAdapter & {
  process(request: HttpRequest, response: HttpResponse, logic: TurnLogic): Promise<void>;
};

/** Builds the turns, the adapter (`build`) and its handlers, and starts the recovery sweep. */
export function standalone<Adapter extends WebhookAdapter>(
  options: StandaloneOptions,
  secrets: readonly string[],
  build: (deps: StandaloneDeps) => Adapter,
): Standalone<Adapter> & { serve: (route: RouteHandler) => Served } {
  const log = options.log ?? createLogger({ level: 'info', secrets });
  const inFlight = new InFlight();
  const storage = options.storage ?? memoryStorage();
  const turns = new DurableTurns({
    inbox: storage.inbox,
    lease: storage.leases,
    inFlight,
    log,
    maxConcurrent: options.turnConcurrency,
    staleAfterMs: options.sweepStaleMs,
    sweepEveryMs: options.sweepEveryMs,
  });
  const { logic, fetch, retry, timeouts, outbound } = options;
  const { inbox: sent, media } = storage;
  const adapter = build({
    log,
    inFlight,
    turns,
    storage,
    sent,
    media,
    logic,
    fetch,
    retry,
    timeouts,
    outbound,
  });
  if (options.onTurnError) adapter.onTurnError = options.onTurnError;
  let stopping: Promise<boolean> | undefined;
  const serve = (route: RouteHandler): Served => {
    const process: RouteHandler = async (request, response) => {
      if (stopping) {
        response.status(503);
        response.header('retry-after', '5');
        response.end();
        return;
      }
      await inFlight.track(route(request, response));
    };
    return { process, handler: nodeHandler(process, { ...options.http, log }) };
  };
  turns.start();
  return {
    adapter,
    ...serve((request, response) => adapter.process(request, response, logic)),
    serve,
    storage,
    turns,
    inFlight,
    shutdown: (timeoutMs = 8_000) =>
      (stopping ??= (async () => {
        turns.stop();
        const finished = await inFlight.idle(timeoutMs);
        // Replies still held back by rate limits are deferred now (kept with blob storage, lost in memory).
        adapter.closeOutbound();
        if (!finished) await inFlight.idle(1_000);
        return finished;
      })()),
  };
}
