/**
 * "Delete my data" on WhatsApp, on the real app over Azurite and the fake Graph server: after a full
 * journey with a voice note and a photo, the phrase asks for a confirmation; "no" keeps everything; "yes"
 * answers a deletion reference, and then no blob of any container names the person, their number or a
 * hash of their media, while the submission's reference and status history are still read through the
 * operator API. The Hindi phrase and the menu entry ask the same.
 */
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { replyText, whatsAppApp } from '../../../helpers/appOnGraph';
import { blobsHolding, workDemandWithMedia } from '../../../helpers/personTraces';
import { KEY, api, submissionShape } from '../../../helpers/submissionsApi';
import { listReply, text, type Sender } from '../../../helpers/whatsappWebhooks';

const NUMBER = { phoneNumberId: '106540352240015', token: 'EAAdelete-token', appSecret: 'delete-secret' };

describe('"delete my data" on WhatsApp', function () {
  this.timeout(60_000);
  const rig = whatsAppApp(NUMBER, {
    env: { OPERATOR_API_KEYS: `alice:${KEY}`, OPERATOR_API_REQUESTS_PER_MINUTE: '10000' },
  });
  const last = (sender: Sender) => replyText(rig.repliesTo(sender).at(-1));
  const prefix = () => rig.app.config.STORAGE_CONTAINER_PREFIX;

  it('asks, keeps everything on "no", erases on "yes" and gives a deletion reference', async () => {
    const asha: Sender = { waId: '919800001515', name: 'Ashalata Devi' };
    const journey = await workDemandWithMedia(rig, asha);
    const needles = [asha.waId, asha.name ?? '', ...journey.hashes];
    await rig.say(asha, text(asha, 'Delete my data'));
    assert.match(last(asha), /Delete your data\?/);
    await rig.say(asha, text(asha, 'No'));
    assert.equal(last(asha), 'Nothing was deleted.');
    assert.ok((await blobsHolding(prefix(), needles)).length > 20);

    await rig.say(asha, text(asha, 'delete my data.'));
    await rig.say(asha, text(asha, 'Yes'));
    const reference = /DEL-[0-9A-Z]{12}/.exec(last(asha))?.[0];
    assert.ok(reference, last(asha));
    let left = await blobsHolding(prefix(), needles);
    for (let i = 0; i < 100 && left.length > 0; i += 1) {
      await delay(50);
      left = await blobsHolding(prefix(), needles);
    }
    assert.deepEqual(left, [], 'no blob names them, their number or their media');
    const receipt = await api(rig, `/api/v1/erasures/${reference}`);
    assert.equal(receipt.status, 200);
    const kept = submissionShape.parse(
      await (await api(rig, `/api/v1/submissions/${journey.reference}`)).json(),
    );
    assert.deepEqual(
      [kept.reference, kept.statusHistory.map((h) => h.status), kept.text, kept.media],
      [journey.reference, ['submitted'], undefined, []],
    );
  });

  it('asks the same for the Hindi phrase and from the menu', async () => {
    const kamla: Sender = { waId: '919800001516' };
    await rig.say(kamla, text(kamla, 'मेरा डेटा हटाओ'));
    assert.match(last(kamla), /Delete your data\?/);
    await rig.say(kamla, text(kamla, 'नहीं'));
    assert.equal(last(kamla), 'Nothing was deleted.');
    await workDemandWithMedia(rig, kamla);
    await rig.say(kamla, text(kamla, 'Delete my data'));
    await rig.say(kamla, text(kamla, 'no'));
    await rig.say(kamla, text(kamla, 'menu'));
    const menu = JSON.stringify(rig.repliesTo(kamla).at(-1)?.body);
    assert.ok(menu.includes('Delete my data'), menu);
    await rig.say(kamla, listReply(kamla, 'eraseMyData', 'Delete my data'));
    assert.match(last(kamla), /Delete your data\?/);
  });
});
