/**
 * Answers that are not JSON, on a real HTTP server (port 0): a streamed body arrives whole with its
 * content type; a failure before its first chunk is answered by the error mapping; one after it cuts the
 * connection (never a short body that looks whole); a client that goes away stops the reading.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import type { RouteHandler } from '../../../src/core/http';
import { nodeHandler } from '../../../src/core/nodeHttp';
import { RawAnswer, sendRaw } from '../../../src/core/rawAnswer';

async function serve(handler: RouteHandler): Promise<{ url: string; server: Server }> {
  const handle = nodeHandler(handler);
  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('raw answers', () => {
  const servers: Server[] = [];
  afterEach(() => {
    for (const server of servers.splice(0)) server.close();
  });
  const start = async (body: () => AsyncIterable<string | Uint8Array>) => {
    const started = await serve((_request, response) =>
      sendRaw(response, 200, new RawAnswer('text/csv; charset=utf-8', body(), { 'X-Extra': 'yes' })),
    );
    servers.push(started.server);
    return started.url;
  };

  it('streams every chunk in order, with the content type and the headers', async () => {
    const url = await start(async function* () {
      yield 'a,b\r\n';
      await delay(5);
      yield Buffer.from('१,२\r\n');
    });
    const response = await fetch(url);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.equal(response.headers.get('x-extra'), 'yes');
    assert.equal(await response.text(), 'a,b\r\n१,२\r\n');
  });

  it('answers a failure before the first chunk as any failure (500, JSON)', async () => {
    const url = await start(() => ({
      [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new Error('storage down')) }),
    }));
    const response = await fetch(url);
    assert.equal(response.status, 500);
    assert.match(response.headers.get('content-type') ?? '', /json/);
  });

  it('cuts the connection on a failure after the first chunk: the client never sees a whole body', async () => {
    const url = await start(async function* () {
      yield 'header\r\n';
      await delay(5);
      throw new Error('storage down');
    });
    const response = await fetch(url);
    assert.equal(response.status, 200);
    await assert.rejects(response.text(), (error: unknown) => error instanceof TypeError);
  });

  it('stops reading when the client goes away', async () => {
    let given = 0;
    let stopped = false;
    const url = await start(async function* () {
      try {
        for (;;) {
          given += 1;
          yield Buffer.alloc(256 * 1024, 0x61);
          await delay(1);
        }
      } finally {
        stopped = true;
      }
    });
    const controller = new AbortController();
    const response = await fetch(url, { signal: controller.signal });
    await response.body?.getReader().read();
    controller.abort();
    for (let waited = 0; !stopped && waited < 5_000; waited += 20) await delay(20);
    assert.ok(stopped, 'the body was no longer read');
    const after = given;
    await delay(50);
    assert.equal(given, after);
  });
});
