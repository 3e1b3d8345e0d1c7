/**
 * Identity carries its proof: a person who wrote through a signed WhatsApp webhook cannot be addressed
 * through `/api/messages` by claiming `channelId: "whatsapp"` and their id, whatever the spelling, with
 * or without `deliveryMode: "expectReplies"`: nothing of theirs is read, nothing is stored in their name.
 * An unauthenticated request may not make the server call a serviceUrl that is not loopback.
 */
import assert from 'node:assert/strict';
import type { ContainerRole } from '../../../src/durable/storage/blobAccount';
import { EmulatorClient, textOf } from '../../helpers/emulatorClient';
import { FakeConnector } from '../../helpers/fakeConnector';
import { replyText, whatsAppApp } from '../../helpers/appOnGraph';
import { emulatorApp } from '../../helpers/emulatorApp';
import type { TestApp } from '../../helpers/testApp';
import { text } from '../../helpers/whatsappWebhooks';
import { AGREE } from '../../helpers/consent';

const PHONE_NUMBER_ID = '106540352242923';
const NUMBER = {
  phoneNumberId: PHONE_NUMBER_ID,
  token: 'EAAidentity-token',
  appSecret: 'identity-app-secret',
};
const ROLES: readonly ContainerRole[] = ['state', 'media', 'submissions', 'inbox', 'history', 'system'];
const GRIEVANCE = 'The hand pump near the school has been broken since March';

/** Every blob of the app's containers, by container and name, with its ETag. */
async function blobsOf(app: TestApp): Promise<Map<string, string>> {
  const blobs = new Map<string, string>();
  for (const role of ROLES) {
    const container = await app.storage.account.container(role);
    for await (const blob of container.listBlobsFlat()) {
      // The instance's own heartbeat (every 5 s, whatever the requests): not something a request wrote.
      if (role === 'system' && blob.name.startsWith('instances/')) continue;
      // Nor the retention sweep's lease, written by the sweep at start.
      if (role === 'system' && blob.name.startsWith('retention/')) continue;
      blobs.set(`${role}/${blob.name}`, blob.properties.etag ?? '');
    }
  }
  return blobs;
}

describe('/api/messages cannot address a person who wrote through a signed webhook', function () {
  this.timeout(60_000);
  const rig = whatsAppApp(NUMBER);
  let connector: FakeConnector;
  const person = { waId: '919812300042', name: 'Meera' };
  let reference = '';

  const textsToPerson = (): string[] => rig.repliesTo(person).map(replyText);
  const lastText = (): string => textsToPerson().at(-1) ?? '';
  const personSends = (said: string) => rig.say(person, text(person, said));

  before(async () => {
    connector = await FakeConnector.start();

    // The real person files a grievance through the signed webhook.
    for (const said of ['hi', 'English', AGREE.en, '24.38, 73.52', 'Jhadol Van Samiti', 'Report a problem']) {
      await personSends(said);
    }
    await personSends('Same as my community');
    await personSends(GRIEVANCE);
    await personSends('Skip');
    assert.match(lastText(), /Shall I submit it\?/);
    await personSends('Submit');
    reference = /GR-[0-9A-HJKMNP-TV-Z]{6}/.exec(textsToPerson().join('\n'))?.[0] ?? '';
    assert.ok(reference, 'the person received a grievance reference');
    await personSends('My requests');
    assert.match(textsToPerson().slice(-2).join('\n'), new RegExp(reference), 'the person sees it');
  });
  after(async () => {
    await connector.stop();
  });

  for (const channelId of ['whatsapp', 'WhatsApp', ' whatsapp', 'whatsapp ', 'WHATSAPP']) {
    for (const deliveryMode of [undefined, 'expectReplies']) {
      it(`refuses channelId ${JSON.stringify(channelId)} with their id${deliveryMode ? ', expectReplies' : ''}: 403, nothing read or stored`, async () => {
        const before = await blobsOf(rig.app);
        const sentBefore = rig.graph.requests.length;
        const postedBefore = connector.received;
        const forger = new EmulatorClient(rig.app.url, connector, {
          channelId,
          userId: person.waId,
          // The conversation id the WhatsApp adapter gives this person on this number.
          conversationId: `${PHONE_NUMBER_ID}:${person.waId}`,
        });
        const answers = [];
        for (const said of ['hi', 'My requests', 'Report a problem']) {
          answers.push(
            await forger.post({ type: 'message', text: said, ...(deliveryMode ? { deliveryMode } : {}) }),
          );
        }
        const seen = answers
          .flatMap((answer) => [answer.body, ...answer.replies.map((r) => JSON.stringify(r.activity))])
          .join('\n');
        assert.doesNotMatch(seen, new RegExp(reference), 'their reference is not revealed');
        assert.doesNotMatch(seen, /hand pump/, 'their grievance text is not revealed');
        for (const answer of answers) {
          assert.equal(answer.status, 403, answer.body);
          assert.equal(JSON.parse(answer.body).error.code, 'channel_id_not_allowed');
          assert.match(JSON.parse(answer.body).error.message, /channelId/);
        }
        assert.equal(connector.received, postedBefore, 'nothing was sent to the serviceUrl');
        assert.equal(rig.graph.requests.length, sentBefore, 'nothing was sent to the person');
        assert.deepEqual(await blobsOf(rig.app), before, 'storage is unchanged');
      });
    }
  }

  it('keeps the Emulator in its own namespace: the same id there is someone new', async () => {
    const before = await blobsOf(rig.app);
    const emulator = new EmulatorClient(rig.app.url, connector, { userId: person.waId });
    const greeting = await emulator.say('hi');
    assert.match(textOf(greeting[0]), /choose your language/);
    const answer = await emulator.post({ type: 'message', text: 'English', deliveryMode: 'expectReplies' });
    assert.equal(answer.status, 200);
    assert.doesNotMatch(answer.body, new RegExp(reference));
    const after = await blobsOf(rig.app);
    for (const [name, etag] of before) assert.equal(after.get(name), etag, `${name} is unchanged`);
    const added = [...after.keys()].filter((name) => !before.has(name));
    assert.ok(added.length > 0, 'the Emulator conversation has state');
    for (const name of added)
      assert.match(name, /^(state|history\/entries)\/emulator\//, `${name} is in the emulator namespace`);
  });

  it('refuses a serviceUrl that is not loopback (403): no server is called', async () => {
    const remote = await FakeConnector.start('127.0.0.2');
    try {
      const before = await blobsOf(rig.app);
      for (const deliveryMode of [undefined, 'expectReplies']) {
        const emulator = new EmulatorClient(rig.app.url, remote);
        const answer = await emulator.post({
          type: 'message',
          text: 'hi',
          ...(deliveryMode ? { deliveryMode } : {}),
        });
        assert.equal(answer.status, 403, answer.body);
        assert.equal(JSON.parse(answer.body).error.code, 'service_url_not_allowed');
        assert.match(JSON.parse(answer.body).error.message, /serviceUrl/);
      }
      assert.equal(remote.received, 0, 'the server at the serviceUrl received nothing');
      assert.deepEqual(await blobsOf(rig.app), before, 'storage is unchanged');
    } finally {
      await remote.stop();
    }
  });
});

describe('/api/messages with Bot Framework authentication', () => {
  const rig = emulatorApp({ MicrosoftAppId: 'app-id', MicrosoftAppPassword: 'app-password' });

  it("refuses our webhook channels' ids (403) before authentication, and authenticates the others", async () => {
    const before = await blobsOf(rig.app);
    for (const channelId of ['whatsapp', 'WhatsApp', ' messenger', 'instagram']) {
      const answer = await new EmulatorClient(rig.app.url, rig.connector, {
        channelId,
        userId: '919812300042',
      }).post({
        type: 'message',
        text: 'My requests',
      });
      assert.equal(answer.status, 403, `${channelId}: ${answer.body}`);
      assert.equal(JSON.parse(answer.body).error.code, 'channel_id_not_allowed');
    }
    const teams = await new EmulatorClient(rig.app.url, rig.connector, { channelId: 'msteams' }).post({
      type: 'message',
      text: 'hi',
    });
    assert.equal(teams.status, 401, 'CloudAdapter still requires its JWT');
    assert.equal(rig.connector.received, 0);
    assert.deepEqual(await blobsOf(rig.app), before, 'storage is unchanged');
  });
});
