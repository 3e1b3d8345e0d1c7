/**
 * Which failed requests may have been processed: synthetic errors of every kind, then the errors Node's
 * own fetch (undici) really throws against real sockets on this machine.
 */
import assert from 'node:assert/strict';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { outcomeOfAnswer, outcomeOfFailure } from '../../../adapters/meta/sendOutcome';

const failed = (code: string) =>
  new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) });

describe('request outcomes', () => {
  const notProcessed = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT'];
  for (const code of notProcessed) {
    it(`${code}: the request never left, so it was not processed`, () => {
      assert.equal(outcomeOfFailure(failed(code)), 'not-processed');
    });
  }

  const unknown = ['ECONNRESET', 'UND_ERR_SOCKET', 'UND_ERR_HEADERS_TIMEOUT', 'EPIPE', 'ETIMEDOUT'];
  for (const code of unknown) {
    it(`${code}: it may have been sent and processed`, () => {
      assert.equal(outcomeOfFailure(failed(code)), 'unknown');
    });
  }

  it('our timeout, an abort, or a failure without a code: unknown', () => {
    assert.equal(outcomeOfFailure(new DOMException('timed out', 'TimeoutError')), 'unknown');
    assert.equal(outcomeOfFailure(new DOMException('aborted', 'AbortError')), 'unknown');
    assert.equal(outcomeOfFailure(new TypeError('fetch failed')), 'unknown');
    assert.equal(outcomeOfFailure('a string'), 'unknown');
  });

  it('every address refused (an AggregateError): not processed; one of them reset: unknown', () => {
    const refused = Object.assign(new Error('refused'), { code: 'ECONNREFUSED' });
    const reset = Object.assign(new Error('reset'), { code: 'ECONNRESET' });
    const all = (...errors: Error[]) => new TypeError('fetch failed', { cause: new AggregateError(errors) });
    assert.equal(outcomeOfFailure(all(refused, refused)), 'not-processed');
    assert.equal(outcomeOfFailure(all(refused, reset)), 'unknown');
  });

  it('answers: Meta’s error body, 4xx, 429 and 503 were not processed; a gateway’s 500, 502, 504 may have been', () => {
    assert.equal(outcomeOfAnswer(500, true), 'not-processed');
    assert.equal(outcomeOfAnswer(400, false), 'not-processed');
    assert.equal(outcomeOfAnswer(429, false), 'not-processed');
    assert.equal(outcomeOfAnswer(503, false), 'not-processed');
    for (const status of [500, 502, 504]) assert.equal(outcomeOfAnswer(status, false), 'unknown');
  });

  describe('with real sockets', () => {
    const closers: (() => void)[] = [];
    const listen = async (server: Server): Promise<string> => {
      closers.push(() => {
        server.close();
        server.closeAllConnections();
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    };
    const thrownBy = async (request: Promise<Response>): Promise<unknown> => {
      try {
        await request;
      } catch (error) {
        return error;
      }
      assert.fail('the request did not fail');
    };
    after(() => closers.forEach((close) => close()));

    it('a refused connection: not processed', async () => {
      const server = createHttpServer();
      const closed = await listen(server);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      const error = await thrownBy(fetch(closed, { method: 'POST', body: '{}' }));
      assert.equal(outcomeOfFailure(error), 'not-processed');
    });

    it('a name that does not resolve: not processed', async () => {
      const error = await thrownBy(fetch('http://graph.invalid/', { method: 'POST', body: '{}' }));
      assert.equal(outcomeOfFailure(error), 'not-processed');
    });

    it('a body received and then the connection closed or timed out: unknown', async () => {
      const tcp = createTcpServer((socket) => socket.once('data', () => socket.end()));
      closers.push(() => tcp.close());
      await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
      const closing = `http://127.0.0.1:${(tcp.address() as AddressInfo).port}/`;
      assert.equal(
        outcomeOfFailure(await thrownBy(fetch(closing, { method: 'POST', body: '{}' }))),
        'unknown',
      );

      const slow = await listen(createHttpServer((req) => req.resume()));
      const timedOut = await thrownBy(
        fetch(slow, { method: 'POST', body: '{}', signal: AbortSignal.timeout(100) }),
      );
      assert.equal(outcomeOfFailure(timedOut), 'unknown');
    });
  });
});
