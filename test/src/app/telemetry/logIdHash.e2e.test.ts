/**
 * Ids in log lines are hashed with the secret key kept in storage (or TELEMETRY_HASH_KEY), never with a
 * key anyone could derive from the configuration, and `npm run hash-id` prints the hash the logs use.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';
import { createIdHasher } from '../../../../src/app/telemetry/idHasher';
import { createLogIdHasher, MASKED_ID } from '../../../../src/app/telemetry/logIdHasher';
import { normaliseId } from '../../../../src/app/cli/normaliseId';
import { sharedAzurite } from '../../../helpers/azurite';
import { EmulatorClient } from '../../../helpers/emulatorClient';
import { FakeConnector } from '../../../helpers/fakeConnector';
import { startTestApp } from '../../../helpers/testApp';
import { REPO_ROOT } from '../../../helpers/botProcess';

const run = promisify(execFile);
const HASH_ID = resolve(REPO_ROOT, 'dist', 'src', 'app', 'cli', 'hashId.js');
const PHONE = '919812345670';

describe('ids in log lines', () => {
  it('are hashed with the secret key kept in storage, and hash-id prints the same hash', async () => {
    const connector = await FakeConnector.start();
    const app = await startTestApp({}, { logic: () => Promise.reject(new Error('a bug in the bot')) });
    try {
      const emulator = new EmulatorClient(app.url, connector, { userId: PHONE });
      await emulator.say('hi');
      const line = app.logs.find((l) => l.level === 'error' && /turn failed/.test(l.line))?.line;
      assert.ok(line, 'the failed turn is logged');
      assert.doesNotMatch(line, new RegExp(PHONE));
      const logged = /"user":"(h_[^"]+)"/.exec(line)?.[1];
      assert.ok(logged, `the line names the user by a hash: ${line}`);

      const stored = await app.storage.system.getJson(
        'telemetry-hash-key.json',
        z.object({ key: z.string() }),
      );
      assert.ok(stored, 'a random key is kept in storage');
      assert.equal(logged, createIdHasher(stored.value.key)(PHONE));
      // Keys derivable from the configuration (the earlier fallback among them) do not give the hash.
      for (const guess of [
        `${app.config.STORAGE_CONTAINER_PREFIX}:log`,
        app.config.STORAGE_CONTAINER_PREFIX,
        '',
      ])
        assert.notEqual(logged, createIdHasher(guess)(PHONE));

      const { stdout } = await run(process.execPath, [HASH_ID, '+91 98123-45670'], {
        env: {
          PATH: process.env.PATH,
          AZURE_STORAGE_CONNECTION_STRING: sharedAzurite().connectionString,
          STORAGE_CONTAINER_PREFIX: app.config.STORAGE_CONTAINER_PREFIX,
        },
      });
      assert.equal(stdout.trim(), `${PHONE} ${logged}`);
    } finally {
      await app.stop();
      await connector.stop();
    }
  });

  it('are masked, not hashed with a guessable key, until the key has loaded; a failed load is retried', async () => {
    let attempts = 0;
    let release: (key: string) => void = () => {};
    const hasher = createLogIdHasher(() => {
      attempts += 1;
      if (attempts === 1) return Promise.reject(new Error('storage unreachable'));
      return new Promise<string>((done) => (release = done));
    });
    await assert.rejects(hasher.ready(), /storage unreachable/);
    assert.equal(hasher(PHONE), MASKED_ID);
    assert.equal(attempts, 2, 'the next id logged tries the load again');
    release('a-key-kept-in-storage-of-some-length');
    await hasher.ready();
    assert.equal(hasher(PHONE), createIdHasher('a-key-kept-in-storage-of-some-length')(PHONE));
  });

  it('hash-id reads a number as typed, in the form WhatsApp sends it', () => {
    assert.equal(normaliseId(' +91 98123-45670 '), PHONE);
    assert.equal(normaliseId('(0) 98123.45670'), '09812345670');
    assert.equal(normaliseId('user-1a2b'), 'user-1a2b');
    assert.equal(normaliseId('6178423590127389'), '6178423590127389');
  });
});
