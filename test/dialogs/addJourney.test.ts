/**
 * A journey added from the test tree, as a bot developer adds one (README, "Add a journey"): the water
 * tanker's dialog (waterTanker/waterTankerDialog.ts), its messages and its one registry entry
 * (waterTanker/waterTankerJourney.ts), given to the bot and to the real app as `journeys`, and nothing
 * else changed. It is in the menu, runs on emulator, whatsapp and messenger, and is stored with its own
 * fields under its own prefix. Here in the dialogs alone; through the real routes in addJourney.e2e.test.ts.
 */
import assert from 'node:assert/strict';
import { journeyRegistry } from '../../dialogs/journeys/builtIn';
import { SubmissionStore } from '../../src/domain/submissions/submissionStore';
import { assertJourneyMessages } from '../helpers/journeyMessages';
import { CHANNEL_IDS, createTestBot, exchange } from '../helpers/transcript';
import { WATER_TANKER } from './waterTanker/waterTankerJourney';
import { assertStored, play, registry } from './waterTanker/waterTankerScript';

describe('adding a journey: the water tanker from the test tree', () => {
  it('declares its messages in both languages, and the registry offers it after the built-in services', () => {
    assertJourneyMessages(WATER_TANKER);
    assert.deepEqual(
      registry.menu(false).map((j) => j.id),
      [
        'workDemand',
        'status',
        'grievance',
        'story',
        'waterTanker',
        'joinCommunity',
        'changeLanguage',
        'eraseMyData',
        'endChat',
      ],
    );
    assert.throws(() => journeyRegistry([WATER_TANKER, WATER_TANKER]), /"waterTanker" is declared twice/);
    const clash = { ...WATER_TANKER, id: 'tanker2', messages: undefined };
    assert.throws(() => journeyRegistry([WATER_TANKER, clash]), /declared twice/);
    const halfHindi = { ...WATER_TANKER, messages: { en: { 'water_tanker.menu': 'x' }, hi: {} } };
    assert.throws(() => journeyRegistry([halfHindi]), /water_tanker\.menu are not in both en and hi/);
  });

  for (const channel of CHANNEL_IDS) {
    it(`runs on ${channel} in the dialogs alone, shows "My requests" with its name, stores its fields`, async () => {
      const bot = createTestBot(channel, [WATER_TANKER]);
      const reference = await play(
        async (said) => (await exchange(bot, said)).map((r) => r.text ?? ''),
        channel,
      );
      const status = (await exchange(bot, 'My requests'))[0]?.text ?? '';
      assert.match(status, new RegExp(`1\\. ${reference} · water tanker request · Submitted`));
      const store = new SubmissionStore(bot.documents.submissions, registry.submissionTypes);
      assertStored((await store.byReference(reference))?.submission, channel);
    });
  }
});
