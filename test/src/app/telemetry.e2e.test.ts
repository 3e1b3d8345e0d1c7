/**
 * Telemetry: identifiers are hashed before they leave; with no connection string the SDK is never loaded.
 * The end-to-end case runs the bot as its own process (the SDK patches Node's http module globally).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createIdHasher, hashDigitRuns } from '../../../src/app/telemetry/idHasher';
import { scrubEnvelope } from '../../../src/app/telemetry/scrubEnvelope';
import { createTelemetry } from '../../../src/app/telemetry/telemetry';
import { startBotProcess, waitUntil } from '../../helpers/botProcess';
import { EmulatorClient } from '../../helpers/emulatorClient';
import { FakeConnector } from '../../helpers/fakeConnector';
import { FakeIngestion } from '../../helpers/fakeIngestion';

const hash = createIdHasher('a-test-key-of-enough-length');

describe('telemetry hashing', () => {
  it('is keyed, stable and one-way', () => {
    assert.equal(hash('919876543210'), hash('919876543210'));
    assert.notEqual(hash('919876543210'), createIdHasher('another-key-of-enough-length')('919876543210'));
    assert.doesNotMatch(hash('919876543210'), /9876543210/);
  });

  it('hashes digit runs that may be phone numbers, and leaves short numbers', () => {
    const text = hashDigitRuns('to +919876543210 at step 3 of 2026', hash);
    assert.doesNotMatch(text, /9876543210/);
    assert.match(text, /step 3 of 2026/);
  });

  it('scrubs user and session tags, id properties, and conversation ids in URLs', () => {
    const envelope = {
      tags: { 'ai.user.id': 'whatsapp919876543210', 'ai.session.id': 'abc', 'ai.cloud.role': 'bot' },
      data: {
        baseData: {
          url: 'http://127.0.0.1/v3/conversations/conv-77/activities/1',
          name: 'POST /v3/conversations/conv-77/activities/1',
          properties: {
            fromId: 'user-42',
            recipientId: 'bot',
            conversationId: 'conv-77',
            fromName: 'Asha',
            channelId: 'emulator',
            locale: 'hi-IN',
            note: 'sent to 919876543210',
          },
        },
      },
    };
    scrubEnvelope(envelope, hash);
    const text = JSON.stringify(envelope);
    for (const leaked of ['919876543210', 'conv-77', 'user-42', 'Asha'])
      assert.ok(!text.includes(leaked), leaked);
    assert.equal(envelope.tags['ai.cloud.role'], 'bot');
    assert.equal(envelope.data.baseData.properties.channelId, 'emulator');
    assert.equal(envelope.data.baseData.properties.locale, 'hi-IN');
  });

  it('without a connection string: a null client, and the SDK is never loaded', async () => {
    const telemetry = await createTelemetry({
      connectionString: undefined,
      hasher: {
        current: () => {
          throw new Error('the hash key is not needed when telemetry is off');
        },
      },
    });
    assert.equal(telemetry.enabled, false);
    assert.ok(!Object.keys(require.cache).some((path) => path.includes('/applicationinsights/')));
  });
});

describe('telemetry end to end (bot process → fake ingestion)', function () {
  this.timeout(90_000);

  it('sends requests, turns and dependencies with every identifier hashed', async () => {
    const ingestion = await FakeIngestion.start();
    const connector = await FakeConnector.start();
    const dataDir = mkdtempSync(join(tmpdir(), 'bot-telemetry-'));
    try {
      const bot = await startBotProcess(process.execPath, ['dist/src/main.js'], {
        DATA_DIR: dataDir,
        APPLICATIONINSIGHTS_CONNECTION_STRING: ingestion.connectionString(),
      });
      assert.match(bot.output(), /telemetry: Application Insights/);
      const emulator = new EmulatorClient(bot.url, connector, {
        userId: '+919876543210',
        conversationId: 'conv-919812345678',
      });
      await emulator.conversationUpdate();
      await emulator.say('English');
      bot.child.kill('SIGTERM');
      assert.equal((await bot.exited).code, 0, bot.output());
      await waitUntil(() => ingestion.envelopes.length > 0, 5_000);

      const names = ingestion.names();
      assert.ok(
        names.some((n) => n.endsWith('.Request')),
        `requests: ${names.join(', ')}`,
      );
      assert.ok(
        names.some((n) => n.endsWith('.RemoteDependency')),
        'dependencies',
      );
      const events = ingestion.envelopes.map((e) => JSON.stringify(e));
      assert.ok(
        events.some((e) => e.includes('BotMessageReceived')),
        'turn events',
      );
      const all = ingestion.rawText.join('\n');
      for (const leaked of ['919876543210', '9876543210', 'conv-919812345678', '919812345678']) {
        assert.ok(!all.includes(leaked), `${leaked} left the process`);
      }
      assert.match(all, /h_[A-Za-z0-9_-]{22}/);
    } finally {
      await connector.stop();
      await ingestion.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
