/**
 * Reads a request body as raw bytes with a size cap and a deadline. Over the cap → 413 without buffering
 * the rest; not all there by the deadline → 408 (a client trickling bytes is not held); the client gone
 * mid-body → 499, which the server logs as the client's doing and does not answer. The raw bytes are kept
 * for signature checks; `parseJsonBody` parses them when a route takes its body parsed.
 */
import { InboundRequestError } from './errors';

/** Above WhatsApp's documented 3 MB webhook payload maximum, with headroom. */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

/** How long a body may take to arrive, once the headers have. */
export const DEFAULT_BODY_TIMEOUT_MS = 20_000;

export async function readRawBody(
  stream: AsyncIterable<Buffer | string>,
  contentLength: string | undefined,
  maxBytes: number,
  timeoutMs = DEFAULT_BODY_TIMEOUT_MS,
): Promise<Buffer> {
  const declared = contentLength === undefined ? NaN : Number(contentLength);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  const iterator = stream[Symbol.asyncIterator]();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), timeoutMs);
  });
  try {
    for (;;) {
      const reading = iterator.next();
      const next = await Promise.race([reading, deadline]).catch((error: unknown) => {
        throw isClientAbort(error) ? clientClosed() : error;
      });
      if (next === 'late') {
        // The unfinished read settles when the connection closes after the 408; nothing waits for it.
        reading.catch(() => undefined);
        throw new InboundRequestError(
          408,
          'request_timeout',
          `The request body did not arrive within ${timeoutMs} ms`,
        );
      }
      if (next.done === true) break;
      const chunk = next.value;
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      size += buffer.length;
      if (size > maxBytes) throw tooLarge(maxBytes);
      chunks.push(buffer);
    }
  } finally {
    clearTimeout(timer);
  }
  return Buffer.concat(chunks, size);
}

export function parseJsonBody(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new InboundRequestError(400, 'invalid_json', 'The request body is not valid JSON');
  }
}

function tooLarge(maxBytes: number): InboundRequestError {
  return new InboundRequestError(413, 'payload_too_large', `The request body exceeds ${maxBytes} bytes`);
}

function clientClosed(): InboundRequestError {
  return new InboundRequestError(499, 'client_closed_request', 'The client closed the request');
}

/** Node's errors for a request whose connection closed before its body ended. */
function isClientAbort(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code: unknown = Reflect.get(error, 'code');
  return (
    code === 'ECONNRESET' ||
    code === 'ERR_STREAM_PREMATURE_CLOSE' ||
    code === 'ECONNABORTED' ||
    error.message === 'aborted'
  );
}
