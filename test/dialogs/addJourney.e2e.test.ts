/**
 * A journey added from the test tree, as a bot developer adds one (README, "Add a journey"): the water
 * tanker's dialog (waterTanker/waterTankerDialog.ts), its messages and its one registry entry
 * (waterTanker/waterTankerJourney.ts), given to the bot and to the real app as `journeys`, and nothing
 * else changed. It is in the menu, runs on emulator, whatsapp and messenger, and is stored with its own
 * fields under its own prefix. Here through the real app's routes (Azurite, fake Graph).
 */
import assert from 'node:assert/strict';
import { SubmissionStore } from '../../src/domain/submissions/submissionStore';
import { DocumentStore } from '../../src/durable/storage/documentStore';
import type { Submission } from '../../src/domain/submissions/submission';
import { messengerApp, replyText, whatsAppApp } from '../helpers/appOnGraph';
import { emulatorApp } from '../helpers/emulatorApp';
import { EmulatorClient, textOf } from '../helpers/emulatorClient';
import type { TestApp } from '../helpers/testApp';
import { text } from '../helpers/whatsappWebhooks';
import { WATER_TANKER } from './waterTanker/waterTankerJourney';
import { assertStored, play, registry } from './waterTanker/waterTankerScript';

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
