/**
 * Tried as a new user would, in the Emulator on the embedded default: `npm start` with no configuration,
 * the privacy notice agreed to, onboarding with a typed "lat, lon" inside the sample communities, then a
 * grievance, then its status.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBotProcess } from '../../helpers/botProcess';
import { AGREE, DECLINE } from '../../helpers/consent';
import { EmulatorClient, suggestedTitles, textOf } from '../../helpers/emulatorClient';
import { FakeConnector } from '../../helpers/fakeConnector';

describe('Emulator on the embedded default: onboarding, a grievance, its status', function () {
  this.timeout(90_000);

  it('walks the journeys a new user would', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bot-emulator-'));
    const connector = await FakeConnector.start();
    const bot = await startBotProcess('npm', ['start', '--ignore-scripts', '--silent'], {
      DATA_DIR: dataDir,
    });
    try {
      const emulator = new EmulatorClient(bot.url, connector);
      assert.deepEqual(suggestedTitles((await emulator.conversationUpdate())[0]), ['English', 'हिन्दी']);
      assert.deepEqual(suggestedTitles((await emulator.say('English')).at(-1)), [AGREE.en, DECLINE.en]);
      assert.equal(
        textOf((await emulator.say(AGREE.en)).at(-1)),
        'If you cannot share a location, choose "Choose from a list".',
      );
      assert.deepEqual(suggestedTitles((await emulator.say('24.58, 73.71'))[0]), [
        'Another location',
        'Choose from a list',
      ]);
      assert.deepEqual(suggestedTitles((await emulator.say('Another location')).at(-1)), [
        'Choose from a list',
      ]);
      assert.deepEqual(suggestedTitles((await emulator.say('24.38, 73.52'))[0]), [
        'Jhadol Van Samiti',
        'Udaipur Tribal Collective',
        'Another location',
      ]);
      assert.equal(textOf((await emulator.say('1'))[0]), '✅ You have joined Jhadol Van Samiti.');

      await emulator.say('Report a problem');
      assert.match(textOf((await emulator.say('24.381, 73.521'))[0]), /describe the problem/);
      assert.match(
        textOf(
          (
            await emulator.say('The hand pump has been broken for two months; the panchayat secretary knows.')
          )[0],
        ),
        /up to 5 photos/,
      );
      assert.match(textOf((await emulator.say('Skip'))[0]), /^Please check your grievance:/);
      const submitted = await emulator.say('Submit');
      const reference = /GR-[0-9A-HJKMNP-TV-Z]{6}/.exec(textOf(submitted[0]))?.[0];
      assert.ok(reference, textOf(submitted[0]));

      const status = await emulator.say('My requests');
      assert.match(textOf(status[0]), new RegExp(`1\\. ${reference} · grievance · Submitted`));
    } finally {
      bot.child.kill('SIGTERM');
      await bot.exited;
      await connector.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
