/**
 * Reads a request body as raw bytes with a size cap, then parses it as JSON. Over the cap → 413 without
 * buffering the rest; not JSON → 400. The raw bytes are kept for signature checks.
 */
import { InboundRequestError } from './errors';

/** Above WhatsApp's documented 3 MB webhook payload maximum, with headroom. */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

export async function readRawBody(
  stream: AsyncIterable<Buffer | string>,
  contentLength: string | undefined,
  maxBytes: number,
): Promise<Buffer> {
  const declared = contentLength === undefined ? NaN : Number(contentLength);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    size += buffer.length;
    if (size > maxBytes) throw tooLarge(maxBytes);
    chunks.push(buffer);
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
