/**
 * An answer that is not JSON (a CSV export, a stored photo): its content type and its body, whole or
 * streamed chunk by chunk. Streamed, the first chunk is awaited before the status and headers go out,
 * so a failure before it is answered as any failure is (the one error mapping); a failure after it
 * cuts the connection, so a client never takes half a body for the whole.
 */
import type { HttpResponse } from './http';

export type RawBody = string | Buffer | AsyncIterable<string | Uint8Array>;

export class RawAnswer {
  constructor(
    readonly contentType: string,
    readonly body: RawBody,
    /** More headers (`Content-Disposition`, `Content-Length`). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {}
}

/** Sends `answer` with `status`; resolves once the body is written (or the client went away). */
export async function sendRaw(response: HttpResponse, status: number, answer: RawAnswer): Promise<void> {
  const start = (): void => {
    response.status(status);
    response.header('Content-Type', answer.contentType);
    for (const [name, value] of Object.entries(answer.headers)) response.header(name, value);
  };
  const { body } = answer;
  if (typeof body === 'string' || Buffer.isBuffer(body)) {
    start();
    response.end(body);
    return;
  }
  const chunks = body[Symbol.asyncIterator]();
  const first = await chunks.next();
  start();
  if (response.write === undefined || response.once === undefined) {
    // A host without a writable response: the body is gathered, then sent at once.
    const all: Buffer[] = [];
    for (let next = first; next.done !== true; next = await chunks.next()) all.push(Buffer.from(next.value));
    response.end(Buffer.concat(all));
    return;
  }
  const once = (event: 'drain' | 'close', listener: () => void): void => {
    response.once?.(event, listener);
  };
  let closed = false;
  once('close', () => {
    closed = true;
  });
  try {
    for (let next = first; next.done !== true && !closed; next = await chunks.next()) {
      if (!response.write(next.value))
        await new Promise<void>((resolve) => {
          once('drain', resolve);
          once('close', resolve);
        });
    }
    if (closed) await chunks.return?.();
    else response.end();
  } catch (error) {
    response.destroy?.(error instanceof Error ? error : new Error(String(error)));
    throw error;
  }
}
