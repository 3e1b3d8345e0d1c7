/**
 * The process as an operator runs it: `npm start` with no configuration serves /healthz and /readyz on the
 * embedded Azurite, SIGTERM lets a turn in flight finish and exits 0 leaving no Azurite behind, a killed
 * bot takes its Azurite with it, and dialog state survives a restart on the same storage folder.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../../src/app/app';
import { loadConfig } from '../../../src/app/config';
import { silentLogger } from '../../../src/core/log';
import { openStorage } from '../../../src/app/openStorage';
import { processesMentioning, startBotProcess, waitUntil } from '../../helpers/botProcess';
import { AGREE } from '../../helpers/consent';
import { EmulatorClient, textOf } from '../../helpers/emulatorClient';
import { FakeConnector } from '../../helpers/fakeConnector';

describe('process lifecycle', function () {
  this.timeout(90_000);
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'bot-data-'));
  });
  afterEach(() => {
    for (const pid of processesMentioning(dataDir)) process.kill(pid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('npm start: healthy and ready on the embedded Azurite; SIGTERM finishes the turn in flight, exits 0 in < 10 s, leaves no Azurite', async () => {
    const bot = await startBotProcess('npm', ['start', '--ignore-scripts', '--silent'], {
      DATA_DIR: dataDir,
    });
    assert.equal((await fetch(`${bot.url}/healthz`)).status, 200);
    assert.equal((await fetch(`${bot.url}/readyz`)).status, 200);
    assert.ok(processesMentioning(dataDir).length >= 1, 'an Azurite child over the data folder');
    assert.match(bot.output(), /storage: embedded Azurite/);

    const connector = await FakeConnector.start();
    connector.delayMs = 1_500;
    try {
      const emulator = new EmulatorClient(bot.url, connector);
      const inFlight = emulator.post({
        type: 'conversationUpdate',
        membersAdded: [{ id: 'bot' }, { id: emulator.userId }],
      });
      await waitUntil(() => connector.posted.length > 0, 10_000);
      const signalled = Date.now();
      bot.child.kill('SIGTERM');
      const { status } = await inFlight;
      const exit = await bot.exited;
      assert.equal(status, 200, 'the turn in flight was finished, not cut');
      assert.equal(exit.code, 0, bot.output());
      assert.ok(Date.now() - signalled < 10_000, 'exited within 10 s');
      assert.ok(
        await waitUntil(() => processesMentioning(dataDir).length === 0, 2_000),
        'no Azurite left behind',
      );
    } finally {
      await connector.stop();
    }
  });

  it('a bot killed with SIGKILL takes its Azurite with it', async () => {
    const bot = await startBotProcess(process.execPath, ['dist/src/main.js'], { DATA_DIR: dataDir });
    bot.child.kill('SIGKILL');
    await bot.exited;
    assert.ok(
      await waitUntil(() => processesMentioning(dataDir).length === 0, 10_000),
      'Azurite exited by itself',
    );
  });

  it('keeps dialog and user state across a restart on the same storage folder', async () => {
    const connector = await FakeConnector.start();
    const conversationId = `conv-restart-${Date.now()}`;
    const userId = 'user-restart';
    const boot = async () => {
      const config = loadConfig({ DATA_DIR: dataDir });
      const storage = await openStorage(config);
      const app = await createApp(config, { log: silentLogger, storage });
      const url = `http://127.0.0.1:${await app.listen(0, '127.0.0.1')}`;
      return {
        emulator: new EmulatorClient(url, connector, { conversationId, userId }),
        stop: async () => {
          await app.close();
          await storage.close();
        },
      };
    };
    try {
      const first = await boot();
      await first.emulator.conversationUpdate();
      await first.emulator.say('हिन्दी');
      const askLocation = await first.emulator.say(AGREE.hi);
      assert.equal(textOf(askLocation.at(-1)), 'अगर आप लोकेशन नहीं भेज सकते, तो "सूची से चुनें" चुनें।');
      await first.stop();

      const second = await boot();
      const found = await second.emulator.say('24.38, 73.52');
      assert.equal(textOf(found[0]), 'आपके पास ये समुदाय मिले। आप किससे जुड़ना चाहते हैं?');
      await second.stop();
    } finally {
      await connector.stop();
    }
  });
});
