/**
 * The HTTP seam for Node's own `http` server and for express: a request's exact bytes kept for signature
 * checks (`rawBodyRequest`), a response with the shape our handlers answer through (`httpResponse`), and
 * both around a handler (`nodeHandler`), failures answered as our server answers them (`answerFailure`).
 *
 * A webhook route must see the bytes as received. Mount it before any JSON body parser, or keep the bytes
 * with express's own (`express.raw({ type: '*\/*' })`, or `express.json({ verify: (req, _res, buf) =>
 * { req.rawBody = buf } })`): a body another parser consumed without keeping them is answered 500, so
 * the platform delivers the event again, and the log says why.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerFailure } from './answerFailure';
import type { HttpRequest, HttpResponse, RouteHandler } from './http';
import { silentLogger, type Logger } from './log';
import { DEFAULT_BODY_TIMEOUT_MS, DEFAULT_MAX_BODY_BYTES, readRawBody } from './readBody';

export interface NodeHttpOptions {
  /** Where refused and failed requests are logged (default: nowhere). */
  log?: Logger;
  /** Bodies larger than this are answered 413 without being buffered (default 4 MB). */
  maxBodyBytes?: number;
  /** A body that has not all arrived this long after the headers is answered 408 (default 20 s). */
  bodyTimeoutMs?: number;
}

/**
 * The request as our handlers take it: its raw bytes read from the stream under a size cap and a
 * deadline, or taken from a body parser that kept them (`req.rawBody`, or `req.body` as a Buffer).
 */
export async function rawBodyRequest(
  req: IncomingMessage,
  options: NodeHttpOptions = {},
): Promise<HttpRequest> {
  const method = req.method ?? 'GET';
  const url = req.url ?? '/';
  return {
    method,
    url,
    headers: req.headers,
    query: Object.fromEntries(new URL(url, 'http://localhost').searchParams),
    rawBody: await rawBytesOf(req, method, options),
  };
}

/** A Node (or express) response with the shape our handlers answer through. */
export function httpResponse(res: ServerResponse): HttpResponse {
  const response: HttpResponse = {
    get socket() {
      return res.socket;
    },
    get headersSent() {
      return res.headersSent;
    },
    status(code: unknown) {
      if (typeof code === 'number') res.statusCode = code;
      return response;
    },
    header(name: unknown, value: unknown) {
      if (typeof name === 'string') res.setHeader(name, String(value));
      return response;
    },
    /** `send(body)` or `send(status, body)`; a body that is not text or bytes is sent as JSON. */
    send(...args: unknown[]) {
      const [first, second] = args;
      if (typeof first === 'number') res.statusCode = first;
      const body = typeof first === 'number' ? second : first;
      if (body === undefined) res.end();
      else if (typeof body === 'string' || Buffer.isBuffer(body)) res.end(body);
      else {
        if (!res.hasHeader('content-type')) res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(body));
      }
      return response;
    },
    end(...args: unknown[]) {
      const [body] = args;
      if (typeof body === 'string' || Buffer.isBuffer(body)) res.end(body);
      else res.end();
      return response;
    },
    write: (chunk) => res.write(chunk),
    once(event, listener) {
      res.once(event, listener);
      return response;
    },
    destroy: (error) => res.destroy(error),
  };
  return response;
}

/**
 * A handler for `http.createServer` or an express route: reads the request's raw bytes, runs `route`, and
 * answers a failure with its status (401/403 for a bad signature, 413, 408, 500 ...).
 */
export function nodeHandler(
  route: RouteHandler,
  options: NodeHttpOptions = {},
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const response = httpResponse(res);
    try {
      await route(await rawBodyRequest(req, options), response);
    } catch (error) {
      answerFailure(error, response, options.log ?? silentLogger, (req.url ?? '/').split('?')[0] ?? '/');
    }
  };
}

async function rawBytesOf(req: IncomingMessage, method: string, options: NodeHttpOptions): Promise<Buffer> {
  const kept: unknown = Reflect.get(req, 'rawBody') ?? Reflect.get(req, 'body');
  if (Buffer.isBuffer(kept)) return kept;
  if (method === 'GET' || method === 'HEAD') return Buffer.alloc(0);
  if (req.readableEnded || kept !== undefined) {
    // Answered 500 (ours to fix, and the platform delivers the event again), the cause in the log.
    throw new Error(
      'The request body was read by a body parser that did not keep its bytes: mount the webhook route ' +
        "before it, or keep them (express.raw(), or express.json's verify setting req.rawBody)",
    );
  }
  return readRawBody(
    req,
    req.headers['content-length'],
    options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS,
  );
}
