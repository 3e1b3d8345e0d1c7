/**
 * Storage at start, as an operator sees it: a connection string that cannot work (malformed, or a key the
 * account refuses) is a configuration error (exit 2, naming the variable, never printing the key); an
 * account that does not answer yet is waited for while the process listens (`/readyz` 503 meanwhile).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedAzurite, type EmbeddedAzurite } from '../../../src/durable/storage/embeddedAzurite';
import { sharedAzurite } from '../../helpers/azurite';
import { runBotToExit, startBotProcess, waitUntil, type BotProcess } from '../../helpers/botProcess';
import { FakeIngestion } from '../../helpers/fakeIngestion';

const KEY = /AccountKey=([^;]+)/;

/** A loopback port nothing listens on (yet). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  assert.ok(typeof address === 'object' && address !== null);
  return address.port;
}

describe('storage at start', function () {
  this.timeout(60_000);

  it('a malformed connection string exits 2 naming the variable, without the key', async () => {
    const key = randomBytes(32).toString('base64');
    const run = await runBotToExit({
      AZURE_STORAGE_CONNECTION_STRING: `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${key};BlobEndpoint=not a url`,
    });
    assert.equal(run.code, 2, run.output);
    assert.match(run.stderr, /AZURE_STORAGE_CONNECTION_STRING .*BlobEndpoint/);
    assert.doesNotMatch(run.output, /Invalid URL/);
    assert.ok(!run.output.includes(key), 'the key was printed');
  });

  it('a key the account refuses (403) exits 2 naming the variable, without the key', async () => {
    const wrongKey = randomBytes(64).toString('base64');
    const connectionString = sharedAzurite().connectionString.replace(KEY, `AccountKey=${wrongKey}`);
    assert.notEqual(connectionString, sharedAzurite().connectionString);
    const run = await runBotToExit({ AZURE_STORAGE_CONNECTION_STRING: connectionString });
    assert.equal(run.code, 2, run.output);
    assert.match(run.stderr, /AZURE_STORAGE_CONNECTION_STRING/);
    assert.match(run.stderr, /403/);
    assert.ok(!run.output.includes(wrongKey), 'the key was printed');
    assert.doesNotMatch(run.output, /listening on/);
  });

  it('an account that does not answer yet: listens, /readyz 503, then 200 once it answers, without a restart', async () => {
    const port = await freePort();
    const connectionString = sharedAzurite().connectionString.replace(
      /127\.0\.0\.1:\d+/,
      `127.0.0.1:${port}`,
    );
    assert.ok(connectionString.includes(`:${port}/`));
    // Telemetry on, with no TELEMETRY_HASH_KEY: its key lives in storage, so start must not wait for it.
    const ingestion = await FakeIngestion.start();
    const location = mkdtempSync(join(tmpdir(), 'azurite-late-'));
    let azurite: EmbeddedAzurite | undefined;
    let bot: BotProcess | undefined;
    try {
      const running = await startBotProcess(process.execPath, ['dist/src/main.js'], {
        AZURE_STORAGE_CONNECTION_STRING: connectionString,
        STORAGE_CONTAINER_PREFIX: 'late',
        APPLICATIONINSIGHTS_CONNECTION_STRING: ingestion.connectionString(),
      });
      bot = running;
      assert.match(running.output(), /storage .*not answering/);
      assert.equal((await fetch(`${running.url}/healthz`)).status, 200);
      assert.equal((await fetch(`${running.url}/readyz`)).status, 503);

      azurite = await startEmbeddedAzurite({ location, port });
      let status = 0;
      const ready = await pollUntil(async () => {
        status = (await fetch(`${running.url}/readyz`)).status;
        return status === 200;
      }, 30_000);
      assert.ok(ready, `/readyz still ${status}\n${running.output()}`);
      assert.ok(
        await waitUntil(() => /storage answers/.test(running.output()), 30_000),
        `no "storage answers" line\n${running.output()}`,
      );
      assert.equal(running.child.exitCode, null, 'still running');
    } finally {
      bot?.child.kill('SIGTERM');
      await bot?.exited;
      await azurite?.stop();
      await ingestion.stop();
      rmSync(location, { recursive: true, force: true });
    }
  });
});

async function pollUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}
