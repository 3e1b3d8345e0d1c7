/**
 * What a failed request says about whether the platform may have acted on it, so a message is sent
 * again only when it provably was not (a repeated message send is a message the person gets twice).
 *
 * - `not-processed`: the request never reached the API (the connection was refused or timed out while
 *   connecting, the name did not resolve, the network or host was unreachable, TLS failed before any
 *   byte of the request), or the API answered that it did not take it (Meta's error object, 429, 503).
 * - `unknown`: the request may have gone out and been processed: our timeout or an abort while waiting
 *   for the answer, a connection reset or closed after it was sent, a gateway answering 500/502/504 in
 *   Meta's place, or any failure we cannot place. Reads may repeat it; message sends must not.
 *
 * Node's fetch (undici) throws `TypeError('fetch failed')` with the socket's error as `cause`
 * (`cause.code`: ECONNREFUSED, ENOTFOUND, UND_ERR_CONNECT_TIMEOUT, ECONNRESET, UND_ERR_SOCKET, ...;
 * an `AggregateError` when every address of a name was tried), and a `DOMException` named
 * `TimeoutError` or `AbortError` for a signal.
 */

export type RequestOutcome = 'not-processed' | 'unknown';

/** Errors raised before any byte of the request was written. */
const BEFORE_SENDING = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EAI_NONAME',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
]);

/** Whether a request that threw (no answer at all) may have been processed. */
export function outcomeOfFailure(error: unknown): RequestOutcome {
  const cause = error instanceof Error && error.cause !== undefined ? error.cause : error;
  const codes = codesOf(cause);
  return codes.length > 0 && codes.every((code) => BEFORE_SENDING.has(code)) ? 'not-processed' : 'unknown';
}

/**
 * Whether a request the API answered with an error status may have been processed. Meta's own error
 * object (any status) says it was not: the request failed there. Without one, 429 and 503 are refusals;
 * 500, 502, 504 (and anything else 5xx) can come from a gateway that gave up while Meta carried on.
 */
export function outcomeOfAnswer(status: number, metaErrorBody: boolean): RequestOutcome {
  if (metaErrorBody || status < 500 || status === 503) return 'not-processed';
  return 'unknown';
}

/** The error codes of a socket error, or of each attempt of an `AggregateError`. */
function codesOf(error: unknown): string[] {
  if (error instanceof AggregateError && error.errors.length > 0) {
    const codes = error.errors.map((inner: unknown) => codeOf(inner));
    return codes.every((code): code is string => code !== undefined) ? codes : [];
  }
  const code = codeOf(error);
  return code === undefined ? [] : [code];
}

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code: unknown = Reflect.get(error, 'code');
  return typeof code === 'string' ? code : undefined;
}
