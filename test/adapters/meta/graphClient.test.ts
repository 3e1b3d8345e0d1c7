/** The Graph client's error typing and retry policy, over an injected fetch (our own seam). */
import assert from 'node:assert/strict';
import { GraphClient, UntrustedUrlError } from '../../../adapters/meta/graphClient';
import { isMediaDownloadUrl } from '../../../adapters/whatsapp/mediaUrl';
import {
  ChannelApiError,
  ChannelNetworkError,
  DeliveryUnknownError,
  WindowClosedError,
} from '../../../src/core/errors';
import { createLogger, type LogLevel } from '../../../src/core/log';

type Reply = Response | Error;

function clientWith(replies: Reply[], media: { mediaPath?: (url: URL) => boolean } = {}) {
  const calls: { url: string; init: RequestInit | undefined }[] = [];
  const lines: { level: LogLevel; line: string }[] = [];
  const fakeFetch: typeof fetch = async (input, init) => {
    calls.push({ url: input instanceof Request ? input.url : input.toString(), init });
    const next = replies.shift();
    if (next === undefined) throw new Error('no scripted reply left');
    if (next instanceof Error) throw next;
    return next;
  };
  const client = new GraphClient({
    channel: 'whatsapp',
    baseUrl: 'https://graph.test/v24.0',
    headers: { authorization: 'Bearer secret-token' },
    log: createLogger({ secrets: ['secret-token'], sink: (level, line) => lines.push({ level, line }) }),
    fetch: fakeFetch,
    retry: { tries: 3, rateLimitTries: 8, baseDelayMs: 1, maxDelayMs: 5 },
    trustedHost: (host) => host === 'lookaside.fbsbx.com',
    ...media,
  });
  return { client, calls, lines };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
/** What undici's fetch throws for a network failure: `TypeError('fetch failed')` with the cause's code. */
const fetchFailed = (code: string) =>
  new TypeError('fetch failed', { cause: Object.assign(new Error(`${code} (test)`), { code }) });
const timedOut = () => new DOMException('The operation was aborted due to timeout', 'TimeoutError');
const metaError = (code: number, status = 400) =>
  json(status, {
    error: { message: `(#${code}) x`, type: 'OAuthException', code, error_subcode: 7, fbtrace_id: 'TRACE' },
  });

describe('GraphClient', () => {
  it('posts JSON to the versioned base URL with the auth header', async () => {
    const { client, calls } = clientWith([json(200, { messages: [{ id: 'wamid.1' }] })]);
    assert.deepEqual(await client.postJson('123/messages', { a: 1 }), { messages: [{ id: 'wamid.1' }] });
    assert.equal(calls[0]?.url, 'https://graph.test/v24.0/123/messages');
    assert.equal(calls[0]?.init?.method, 'POST');
    assert.equal(calls[0]?.init?.body, '{"a":1}');
  });

  for (const code of [130429, 131056, 80007, 131000]) {
    it(`retries ${code} and succeeds`, async () => {
      const { client, calls } = clientWith([metaError(code), json(200, { ok: true })]);
      assert.deepEqual(await client.postJson('x', {}), { ok: true });
      assert.equal(calls.length, 2);
    });
  }

  it('waits longer for a rate limit (up to 8 tries), since the message itself is fine', async () => {
    const { client, calls } = clientWith([
      ...Array.from({ length: 6 }, () => metaError(130429)),
      json(200, { ok: true }),
    ]);
    assert.deepEqual(await client.postJson('x', {}), { ok: true });
    assert.equal(calls.length, 7);
    const exhausted = clientWith(Array.from({ length: 9 }, () => metaError(131056)));
    await assert.rejects(exhausted.client.postJson('x', {}), ChannelApiError);
    assert.equal(exhausted.calls.length, 8);
  });

  it('retries 5xx and network failures, at most 3 tries, then throws the last error', async () => {
    const { client, calls } = clientWith([
      json(503, {}),
      fetchFailed('ECONNREFUSED'),
      metaError(131000, 502),
    ]);
    await assert.rejects(client.postJson('x', {}), (error: unknown) => {
      assert.ok(error instanceof ChannelApiError);
      assert.deepEqual([error.status, error.code], [502, 131000]);
      return true;
    });
    assert.equal(calls.length, 3);
    const network = clientWith([
      fetchFailed('ECONNREFUSED'),
      fetchFailed('ENOTFOUND'),
      fetchFailed('UND_ERR_CONNECT_TIMEOUT'),
    ]);
    await assert.rejects(network.client.postJson('x', {}), ChannelNetworkError);
    assert.equal(network.calls.length, 3);
  });

  const unanswered: [string, () => Reply][] = [
    ['a timeout', timedOut],
    ['a connection reset', () => fetchFailed('ECONNRESET')],
    ['a socket closed before the answer', () => fetchFailed('UND_ERR_SOCKET')],
    ['a headers timeout', () => fetchFailed('UND_ERR_HEADERS_TIMEOUT')],
    ['a failure without a known cause', () => new TypeError('fetch failed')],
    ['a gateway timeout answered in Meta’s place', () => json(504, {})],
    ['a bad gateway', () => new Response('<html>bad gateway</html>', { status: 502 })],
  ];
  for (const [what, reply] of unanswered) {
    it(`never repeats a POST after ${what}: its outcome is unknown (DeliveryUnknownError)`, async () => {
      const { client, calls } = clientWith([reply(), json(200, { messages: [{ id: 'wamid.2' }] })]);
      await assert.rejects(client.postJson('x', {}), (error: unknown) => {
        assert.ok(error instanceof DeliveryUnknownError);
        assert.equal(error.channel, 'whatsapp');
        return true;
      });
      assert.equal(calls.length, 1);
    });
  }

  it('repeats a GET after a timeout or a reset (reading twice is harmless)', async () => {
    const { client, calls } = clientWith([timedOut(), fetchFailed('ECONNRESET'), json(200, { url: 'u' })]);
    assert.deepEqual(await client.getJson('123'), { url: 'u' });
    assert.equal(calls.length, 3);
  });

  it('gives message sends a longer timeout than reads (60 s against 15 s by default)', async () => {
    const timeouts: number[] = [];
    const realTimeout = AbortSignal.timeout.bind(AbortSignal);
    AbortSignal.timeout = (ms: number) => {
      timeouts.push(ms);
      return realTimeout(ms);
    };
    try {
      const { client } = clientWith([json(200, {}), json(200, {})]);
      await client.postJson('x', {});
      await client.getJson('y');
    } finally {
      AbortSignal.timeout = realTimeout;
    }
    assert.deepEqual(timeouts, [60_000, 15_000]);
  });

  for (const code of [100, 131008, 131009, 131026, 132000]) {
    it(`never retries ${code}, and types the error with code, subcode and trace id`, async () => {
      const { client, calls } = clientWith([metaError(code)]);
      await assert.rejects(client.postJson('x', {}), (error: unknown) => {
        assert.ok(error instanceof ChannelApiError);
        assert.deepEqual(
          [error.status, error.code, error.subcode, error.fbtraceId, error.retryable],
          [400, code, 7, 'TRACE', false],
        );
        return true;
      });
      assert.equal(calls.length, 1);
    });
  }

  it('turns 131047 into WindowClosedError', async () => {
    const { client } = clientWith([metaError(131047)]);
    await assert.rejects(client.postJson('x', {}), WindowClosedError);
  });

  it('logs a rejected token loudly, without the token', async () => {
    const { client, lines } = clientWith([metaError(190, 401)]);
    await assert.rejects(client.postJson('x', {}), ChannelApiError);
    const line = lines.find((l) => l.level === 'error')?.line ?? '';
    assert.match(line, /rejected our credentials/);
    assert.doesNotMatch(line, /secret-token/);
  });

  it('honours Retry-After', async () => {
    const { client, calls } = clientWith([json(429, {}, { 'retry-after': '0' }), json(200, {})]);
    await client.postJson('x', {});
    assert.equal(calls.length, 2);
  });

  it('never sends its credentials to a host it does not trust', async () => {
    const { client, calls } = clientWith([]);
    await assert.rejects(
      client.download('https://evil.example/steal', 10),
      /refusing to send credentials to evil.example/,
    );
    await assert.rejects(client.getJson('https://evil.example/steal'), /refusing/);
    assert.equal(calls.length, 0);
  });

  it('refuses a chunked download that grows over the cap', async () => {
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 5; i += 1) controller.enqueue(new Uint8Array(8));
        controller.close();
      },
    });
    const { client } = clientWith([new Response(stream, { status: 200 })]);
    await assert.rejects(client.download('https://graph.test/media', 20), /larger than 20 bytes/);
  });

  it('refuses a download over the cap', async () => {
    const { client } = clientWith([
      new Response(Buffer.alloc(20), { status: 200, headers: { 'content-length': '20' } }),
    ]);
    await assert.rejects(client.download('https://graph.test/x', 10), /larger than 10 bytes/);
  });

  describe('media downloads', () => {
    const attachment = 'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1&ext=2&hash=3';
    const mediaOnly = { mediaPath: (url: URL) => isMediaDownloadUrl(url) };
    const image = () => new Response(Buffer.from([0xff, 0xd8, 0xff]), { status: 200 });
    const redirect = (location: string) => new Response(null, { status: 302, headers: { location } });

    it('sends the credentials only to the media paths, even on the API’s own host', async () => {
      const { client, calls } = clientWith([image()], mediaOnly);
      for (const url of ['https://graph.test/v24.0/me/accounts', 'https://lookaside.fbsbx.com/other']) {
        await assert.rejects(client.download(url, 10), (error: unknown) => {
          assert.ok(error instanceof UntrustedUrlError);
          assert.equal(error.refused, 'path');
          return true;
        });
      }
      assert.equal(calls.length, 0);
      assert.equal((await client.download(attachment, 10)).data.length, 3);
      assert.equal(calls[0]?.init?.redirect, 'manual', 'redirects are checked, never followed blindly');
    });

    it('refuses a redirect to another host, or to a path that is not media; follows one that stays', async () => {
      const { client, calls } = clientWith(
        [redirect('https://evil.example/x.jpg'), redirect('/v24.0/me'), redirect(attachment), image()],
        mediaOnly,
      );
      await assert.rejects(client.download(attachment, 10), /refusing a media redirect to evil\.example/);
      await assert.rejects(
        client.download(attachment, 10),
        /refusing a media redirect to lookaside\.fbsbx\.com/,
      );
      assert.equal(calls.length, 2, 'neither was fetched');
      assert.equal((await client.download(attachment, 10)).data.length, 3);
      assert.equal(calls.length, 4);
    });
  });

  it('a message send accepted (2xx) whose answer broke off resolves without an id, and is not repeated', async () => {
    const broken = new ReadableStream({
      start(controller) {
        controller.error(new TypeError('terminated'));
      },
    });
    const { client, calls } = clientWith([new Response(broken, { status: 200 }), json(200, {})]);
    assert.deepEqual(await client.postJson('x', {}), {});
    assert.equal(calls.length, 1);
  });

  it('a message send accepted (2xx) with an answer that is not JSON resolves without an id; a read of one fails', async () => {
    const html = () => new Response('<html>ok</html>', { status: 200 });
    const { client, calls } = clientWith([html(), html(), json(200, {})]);
    assert.deepEqual(await client.postJson('x', {}), {});
    assert.equal(calls.length, 1, 'not repeated');
    await assert.rejects(client.getJson('y'), /not JSON/);
  });
});
