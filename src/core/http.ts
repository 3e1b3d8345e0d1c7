/**
 * The HTTP seam, typed structurally: handlers see these shapes, only `server.ts` knows restify.
 * `HttpResponse` matches botbuilder's `Response`, so `CloudAdapter.process` accepts it as it is.
 */

export type HeaderValue = string | string[] | undefined;

export interface HttpRequest {
  method: string;
  /** Path and query as received. */
  url: string;
  headers: Record<string, HeaderValue>;
  query: Record<string, string>;
  /** The path's parameters, on routes declared with them (`/api/v1/submissions/{reference}`). */
  params?: Record<string, string>;
  /** The exact bytes received: signatures are checked over these, never over a re-serialisation. */
  rawBody: Buffer;
  /**
   * `rawBody` parsed as JSON (`undefined` for an empty body), on routes that take their body parsed
   * (`/api/messages`). Webhook routes leave it unset: an adapter proves the raw bytes first (signature or
   * shared secret) and parses only what it proved, never a host's parse of unproven bytes.
   */
  body?: unknown;
}

export interface HttpResponse {
  socket: unknown;
  readonly headersSent: boolean;
  status(code: number): unknown;
  header(name: string, value: unknown): unknown;
  send(...args: unknown[]): unknown;
  end(...args: unknown[]): unknown;
  /** A streamed body's next chunk (Node's `write`: false until `drain`), where the host streams. */
  write?(chunk: string | Uint8Array): boolean;
  once?(event: 'drain' | 'close', listener: () => void): unknown;
  /** Cuts the connection (a streamed body that failed half way must not look whole). */
  destroy?(error?: Error): unknown;
}

export type RouteHandler = (request: HttpRequest, response: HttpResponse) => Promise<void>;

/** One header's value, the first when repeated. */
export function headerOf(request: Pick<HttpRequest, 'headers'>, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
