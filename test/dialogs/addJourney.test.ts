/**
 * A journey added from the test tree, as a bot developer adds one (README, "Add a journey"): the water
 * tanker's dialog (waterTanker/waterTankerDialog.ts), its messages and its one registry entry
 * (waterTanker/waterTankerJourney.ts), given to the bot and to the real app as `journeys`, and nothing
 * else changed. It is in the menu, runs on emulator, whatsapp and messenger, and is stored with its own
 * fields under its own prefix.
 */
import assert from 'node:assert/strict';
import { journeyRegistry } from '../../dialogs/journeys/builtIn';
import { t } from '../../dialogs/catalogue';
import { SubmissionStore } from '../../src/domain/submissions/submissionStore';
import { DocumentStore } from '../../src/durable/storage/documentStore';
import type { Submission } from '../../src/domain/submissions/submission';
import { messengerApp, replyText, whatsAppApp } from '../helpers/appOnGraph';
import { emulatorApp } from '../helpers/emulatorApp';
import { EmulatorClient, textOf } from '../helpers/emulatorClient';
import { assertJourneyMessages } from '../helpers/journeyMessages';
import type { TestApp } from '../helpers/testApp';
import { CHANNEL_IDS, createTestBot, exchange } from '../helpers/transcript';
import { text } from '../helpers/whatsappWebhooks';
import { WATER_TANKER } from './waterTanker/waterTankerJourney';

const registry = journeyRegistry([WATER_TANKER]);
const say = (key: string, params?: Record<string, string>) => registry.text('en', key, params);
const REFERENCE = /reference is (WT-[0-9A-HJKMNP-TV-Z]{6})\./;

/** What a person types, and a part of the bot's last reply to it. */
const SCRIPT: readonly [said: string, lastReply: string | RegExp][] = [
  ['hi', t('en', 'language.prompt')],
  ['English', t('en', 'location.orList')],
  ['24.38, 73.52', t('en', 'communities.choose')],
  ['1', t('en', 'menu.prompt', { community: 'Jhadol Van Samiti' })],
  ['Request a water tanker', t('en', 'place.options')],
  ['Same as my community', say('water_tanker.litres')],
  ['forty', say('water_tanker.litresRetry')],
  ['पाँच हज़ार', say('water_tanker.drinking')],
  ['maybe', t('en', 'yesNo.retry')],
  ['हाँ', say('water_tanker.describe')],
  ['For the school and 40 families, since March', t('en', 'menu.prompt', { community: 'Jhadol Van Samiti' })],
];

function assertStored(submission: Submission | undefined, channel: string): void {
  assert.ok(submission, 'the submission is stored');
  assert.equal(submission.type, 'water_tanker');
  assert.equal(submission.channel, channel);
  assert.match(submission.reference, /^WT-/);
  assert.deepEqual(submission.fields, { litres: 5000, drinking: true });
  assert.equal(submission.text, 'For the school and 40 families, since March');
  assert.equal(submission.location?.source, 'community');
}

/** Plays the script through `send` (which answers the texts of the bot's replies); returns the reference. */
async function play(send: (said: string) => Promise<string[]>, where: string): Promise<string> {
  let reference: string | undefined;
  for (const [said, last] of SCRIPT) {
    const replies = await send(said);
    const shown = replies.at(-1) ?? '';
    if (typeof last === 'string') assert.ok(shown.startsWith(last), `${where}, after "${said}": ${shown}`);
    else assert.match(shown, last, where);
    reference ??= replies.map((r) => REFERENCE.exec(r)?.[1]).find((r) => r !== undefined);
  }
  assert.ok(reference, `${where}: the reference was sent`);
  return reference;
}

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

/** The stored submission of the real app (Azurite), read with the app's types. */
async function storedIn(app: TestApp, reference: string): Promise<Submission | undefined> {
  const documents = new DocumentStore(app.storage.account, 'submissions');
  return (await new SubmissionStore(documents, registry.submissionTypes).byReference(reference))?.submission;
}

describe('adding a journey: the water tanker in the real app', function () {
  this.timeout(60_000);
  const deps = { journeys: [WATER_TANKER] };

  describe('on emulator', () => {
    const rig = emulatorApp({}, deps);
    it('runs through /api/messages', async () => {
      const emulator = new EmulatorClient(rig.app.url, rig.connector);
      const reference = await play(async (said) => (await emulator.say(said)).map(textOf), 'emulator');
      assertStored(await storedIn(rig.app, reference), 'emulator');
    });
  });

  describe('on whatsapp', () => {
    const number = { phoneNumberId: '106540352242977', token: 'EAAtanker-token', appSecret: 'tanker-secret' };
    const rig = whatsAppApp(number, { deps });
    it('runs through the signed webhook', async () => {
      const user = { waId: '919812340077', name: 'Meera' };
      const reference = await play(async (said) => {
        const before = rig.repliesTo(user).length;
        await rig.say(user, text(user, said));
        return rig.repliesTo(user).slice(before).map(replyText);
      }, 'whatsapp');
      assertStored(await storedIn(rig.app, reference), 'whatsapp');
    });
  });

  describe('on messenger', () => {
    const page = {
      pageId: '111899832631577',
      token: 'EAAtanker-page',
      appSecret: 'tanker-page',
      verifyToken: 'v',
    };
    const rig = messengerApp(page, { deps });
    it('runs through the signed webhook', async () => {
      const psid = 'PSID-TANKER';
      let n = 0;
      const reference = await play(async (said) => {
        const before = rig.repliesTo(psid).length;
        n += 1;
        const event = {
          sender: { id: psid },
          recipient: { id: page.pageId },
          timestamp: Date.now(),
          message: { mid: `m_tanker_${Date.now()}_${n}`, text: said },
        };
        const response = await rig.deliver({
          object: 'page',
          entry: [{ id: page.pageId, time: Date.now(), messaging: [event] }],
        });
        assert.equal(response.status, 200);
        return rig
          .repliesTo(psid)
          .slice(before)
          .map((r) => String(Object(Object(r.body).message).text ?? ''));
      }, 'messenger');
      assertStored(await storedIn(rig.app, reference), 'messenger');
    });
  });
});
