/** The HTTP server: size cap, invalid JSON, unmounted channels, liveness and readiness. */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { createApp } from '../../../src/app/app';
import { loadConfig } from '../../../src/app/config';
import { silentLogger } from '../../../src/core/log';
import { DEFAULT_MAX_BODY_BYTES } from '../../../src/core/readBody';
import { startEmbeddedAzurite, type EmbeddedAzurite } from '../../../src/durable/storage/embeddedAzurite';
import { openStorage } from '../../../src/app/openStorage';
import { startTestAzurite, uniquePrefix } from '../../helpers/azurite';
import { postToApiMessages } from '../../helpers/emulatorClient';
import { startTestApp, type TestApp } from '../../helpers/testApp';

/** Posts raw bytes; resolves with the status even when the server closes the connection early. */
function postRaw(url: string, body: Buffer, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('server', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(async () => {
    await app.stop();
  });

  it('answers /healthz and /readyz with 200', async () => {
    assert.equal((await fetch(`${app.url}/healthz`)).status, 200);
    assert.equal((await fetch(`${app.url}/readyz`)).status, 200);
  });

  it('refuses a body over the cap with 413, and keeps serving', async () => {
    const body = Buffer.alloc(DEFAULT_MAX_BODY_BYTES + 1, 0x20);
    assert.equal(await postRaw(`${app.url}/api/messages`, body), 413);
    assert.ok(DEFAULT_MAX_BODY_BYTES > 3 * 1024 * 1024, 'cap must be above WhatsApp’s 3 MB webhook maximum');
    assert.equal((await fetch(`${app.url}/healthz`)).status, 200);
  });

  it('refuses a body over the cap sent without Content-Length (chunked)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${app.url}/api/messages`,
        { method: 'POST', headers: { 'transfer-encoding': 'chunked' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      const chunk = Buffer.alloc(512 * 1024, 0x20);
      for (let i = 0; i < 9; i += 1) req.write(chunk);
      req.end();
    });
    assert.equal(status, 413);
  });

  it('accepts a body just under the cap (not mistaken for too large)', async () => {
    const padding = ' '.repeat(DEFAULT_MAX_BODY_BYTES - 100);
    const status = await postRaw(`${app.url}/api/messages`, Buffer.from(`[${padding}]`));
    assert.equal(status, 400, 'an array is not an Activity, but it was read');
  });

  it('answers 400 with a JSON error to invalid JSON, and keeps serving', async () => {
    const response = await postToApiMessages(app.url, '{"type": "message",');
    assert.equal(response.status, 400);
    assert.deepEqual(await response.json(), {
      error: { code: 'invalid_json', message: 'The request body is not valid JSON' },
    });
    assert.equal((await fetch(`${app.url}/healthz`)).status, 200);
  });

  it('answers 404 "channel not configured" on channel routes that are not mounted', async () => {
    for (const [method, path] of [
      ['POST', '/webhooks/whatsapp'],
      ['GET', '/webhooks/whatsapp'],
      ['POST', '/webhooks/360dialog'],
      ['POST', '/webhooks/messenger'],
      ['GET', '/webhooks/messenger'],
    ] as const) {
      const response = await fetch(`${app.url}${path}`, {
        method,
        body: method === 'POST' ? '{}' : undefined,
      });
      assert.equal(response.status, 404, `${method} ${path}`);
      assert.match(JSON.stringify(await response.json()), /channel not configured/);
    }
  });
});

describe('readiness', () => {
  it('answers /readyz 503 while storage is down, and 200 again once it is back', async () => {
    const azurite = await startTestAzurite();
    const config = loadConfig({
      AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
      STORAGE_CONTAINER_PREFIX: uniquePrefix(),
    });
    const storage = await openStorage(config);
    const app = await createApp(config, { log: silentLogger, storage });
    const url = `http://127.0.0.1:${await app.listen(0, '127.0.0.1')}`;
    let restarted: EmbeddedAzurite | undefined;
    try {
      assert.equal((await fetch(`${url}/readyz`)).status, 200);
      await azurite.stop();
      assert.equal((await fetch(`${url}/readyz`)).status, 503);
      assert.equal((await fetch(`${url}/healthz`)).status, 200);
      const port = Number(new URL(azurite.blobEndpoint).port);
      restarted = await startEmbeddedAzurite({ location: azurite.location, port });
      assert.equal((await fetch(`${url}/readyz`)).status, 200);
    } finally {
      await app.close();
      await restarted?.stop();
      await azurite.destroy();
    }
  });
});
