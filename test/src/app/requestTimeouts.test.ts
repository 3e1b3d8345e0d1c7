/**
 * Slow clients are not held: headers, the whole request and the body each have a deadline (408 or the
 * connection closed), and a client that closes mid-body is a client's doing, not an error of ours.
 */
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { createServer, type BuiltServer } from '../../../src/app/server';
import { waitUntil } from '../../helpers/botProcess';
import { capturedLog } from '../../helpers/capturedLog';
import { postToApiMessages } from '../../helpers/emulatorClient';

interface Exchange {
  /** What the server sent (status line first), once it answered or closed. */
  received: string;
  closed: boolean;
  elapsedMs: number;
}

/** Opens a raw connection, writes `start`, then `drip` every 100 ms, until the server answers or closes. */
function slowClient(port: number, start: string, drip = '', limitMs = 5_000): Promise<Exchange> {
  return new Promise((resolve) => {
    const began = Date.now();
    let received = '';
    let timer: NodeJS.Timeout | undefined;
    const socket: Socket = connect(port, '127.0.0.1', () => {
      socket.write(start);
      if (drip !== '') timer = setInterval(() => socket.write(drip), 100);
    });
    const done = (closed: boolean): void => {
      clearInterval(timer);
      clearTimeout(limit);
      socket.destroy();
      resolve({ received, closed, elapsedMs: Date.now() - began });
    };
    const limit = setTimeout(() => done(false), limitMs);
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
    });
    socket.on('error', () => undefined);
    socket.on('close', () => done(true));
  });
}

describe('request timeouts and client aborts', () => {
  let built: BuiltServer;
  let port = 0;
  const { lines, log } = capturedLog();
  before(async () => {
    // Passed as a variable: the deadlines are options of createServer (shortened here).
    const deps = {
      log,
      botFramework: async (_request: unknown, response: { send(...args: unknown[]): unknown }) => {
        response.send(200, { ok: true });
      },
      readiness: () => Promise.resolve(true),
      timeouts: { headersMs: 400, requestMs: 1_500, bodyMs: 500 },
    };
    built = createServer(deps);
    port = await built.listen(0, '127.0.0.1');
  });
  after(async () => {
    await built.close();
  });

  const head = (length: number) =>
    `POST /api/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;

  it('answers 408 when the headers do not arrive in time', async () => {
    const exchange = await slowClient(port, 'POST /api/messages HTTP/1.1\r\nHost: x\r\n');
    assert.ok(exchange.closed, `still held after ${exchange.elapsedMs} ms`);
    assert.match(exchange.received, /^HTTP\/1\.1 408/);
    assert.ok(exchange.elapsedMs < 2_000, `${exchange.elapsedMs} ms`);
  });

  it('answers 408 with a JSON error when the body does not arrive in time, even trickling', async () => {
    const exchange = await slowClient(port, `${head(10_000)}{"a":`, ' ');
    assert.ok(exchange.closed, `still held after ${exchange.elapsedMs} ms`);
    assert.match(exchange.received, /^HTTP\/1\.1 408/);
    assert.match(exchange.received, /"code":"request_timeout"/);
    assert.ok(exchange.elapsedMs < 1_400, `${exchange.elapsedMs} ms: the body deadline, not the request's`);
    assert.ok(lines.every((l) => l.level !== 'error'));
  });

  it('logs a client that closes mid-body as "client closed the request", not as an error', async () => {
    const from = lines.length;
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    socket.write(`${head(1_000)}{"type":`, () => socket.destroy());
    assert.ok(await waitUntil(() => lines.some((l) => /client closed the request/.test(l.line)), 3_000));
    assert.deepEqual(
      lines
        .slice(from)
        .filter((l) => l.level === 'error' || l.level === 'warn')
        .map((l) => l.line),
      [],
    );
  });

  it('still serves requests that arrive in time', async () => {
    const response = await postToApiMessages(`http://127.0.0.1:${port}`, '{"type":"message"}');
    assert.equal(response.status, 200);
  });
});
