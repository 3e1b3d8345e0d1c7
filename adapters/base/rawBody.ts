/**
 * The raw bytes of a webhook POST. A body that reaches an adapter without them (a host that parsed the JSON
 * before us, as express's JSON body parser does) cannot be verified nor safely read, and acknowledging it
 * would lose the event: it is answered 500 here, by the adapter itself (a host's own error handling may
 * answer anything, or nothing), so the platform delivers it again, and the cause is logged.
 */
import type { HttpRequest, HttpResponse } from '../../src/core/http';
import type { Logger } from '../../src/core/log';

/** The request's raw bytes, or undefined once a 500 has been answered and the cause logged. */
export function rawBodyOf(
  request: HttpRequest,
  response: HttpResponse,
  log: Logger,
  channel: string,
): Buffer | undefined {
  // Typed as a Buffer, but a JavaScript host may hand over anything.
  const raw: unknown = request.rawBody;
  if (Buffer.isBuffer(raw)) return raw;
  log.error(
    `${channel}: request has no raw body: mount the route without a JSON body parser (the adapter needs ` +
      'the exact bytes received); answered 500 so the platform delivers the event again',
    { rawBody: raw === undefined ? 'undefined' : typeof raw },
  );
  response.status(500);
  response.header('content-type', 'application/json');
  response.end(
    JSON.stringify({
      error: { code: 'raw_body_missing', message: 'The service could not handle this request' },
    }),
  );
  return undefined;
}
