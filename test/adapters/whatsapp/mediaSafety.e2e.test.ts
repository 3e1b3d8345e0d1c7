/**
 * Inbound media and our credentials (issue 11, finding 8): the token goes only to Meta's media paths, a
 * media download never follows a redirect to a host we do not trust, and bytes that are not what the
 * webhook says (an HTML page labelled image/jpeg) are not stored. Each refused attachment is marked
 * unavailable and the turn still runs.
 */
import assert from 'node:assert/strict';
import { whatsAppApp } from '../../helpers/appOnGraph';
import { FakeGraph } from '../../helpers/fakeGraph';
import { media, senders, webhook, type Sender } from '../../helpers/whatsappWebhooks';

const PHONE_NUMBER_ID = '106540352242922';
const NUMBER = { phoneNumberId: PHONE_NUMBER_ID, token: 'EAAmedia-token', appSecret: 'media-app-secret' };
const D360_KEY = 'media-d360-key';
const D360_SECRET = 'media-d360-secret';
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0]);

describe('WhatsApp inbound media safety (fake Graph + Azurite)', function () {
  this.timeout(30_000);
  const rig = whatsAppApp(NUMBER, {
    graph: { d360Keys: [D360_KEY] },
    env: (graph) => ({ D360_API_KEY: D360_KEY, D360_WEBHOOK_SECRET: D360_SECRET, D360_BASE_URL: graph.url }),
  });
  let foreign: FakeGraph;
  const newUser = senders('91982000');

  before(async () => {
    foreign = await FakeGraph.start();
  });
  after(async () => {
    await foreign.stop();
  });

  async function deliver(user: Sender, messages: Record<string, unknown>[]): Promise<void> {
    await rig.post(webhook(PHONE_NUMBER_ID, user, messages));
    assert.ok(await rig.settle());
  }

  const { storedMedia, repliesTo } = rig;

  it('never sends the token to a Graph path that is not media; the media is looked up by its id instead', async () => {
    const user = newUser();
    const photo = rig.graph.registerMedia(JPEG, 'image/jpeg');
    await deliver(user, [
      media(user, 'image', {
        id: photo.id,
        url: `${rig.graph.graphUrl}/me/accounts`,
        mime_type: 'image/jpeg',
      }),
    ]);
    assert.deepEqual(rig.graph.requestsTo('/v24.0/me/accounts'), [], 'no request to that path at all');
    const stored = await storedMedia(user);
    assert.deepEqual(
      stored.map((s) => s.data),
      [JPEG],
      'stored from the attachments path the lookup named',
    );
  });

  it('360dialog: never sends its key to a path that is not media', async () => {
    const user = newUser();
    const voice = rig.graph.registerMedia(Buffer.from('OggS\u0000 360 voice'), 'audio/ogg');
    const body = webhook(PHONE_NUMBER_ID, user, [
      media(user, 'audio', {
        id: voice.id,
        url: 'https://lookaside.fbsbx.com/v1/configs/webhook',
        mime_type: 'audio/ogg',
      }),
    ]);
    const answer = await fetch(`${rig.app.url}/webhooks/360dialog`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-webhook-secret': D360_SECRET },
      body: JSON.stringify(body),
    });
    assert.equal(answer.status, 200);
    assert.ok(await rig.settle());
    assert.deepEqual(rig.graph.requestsTo('/v1/configs/webhook'), [], 'no request to that path at all');
    assert.equal((await storedMedia(user)).length, 1, 'stored through the attachments path');
    assert.equal(repliesTo(user, '360dialog').length, 1);
  });

  it('refuses a media download redirected to another host: nothing foreign stored, the turn runs', async () => {
    const user = newUser();
    const elsewhere = foreign.registerMedia(JPEG, 'image/jpeg', { public: true });
    const photo = rig.graph.registerMedia(JPEG, 'image/jpeg', {
      redirectTo: `${foreign.url}/media/${elsewhere.id}`,
    });
    await deliver(user, [media(user, 'image', { id: photo.id, mime_type: 'image/jpeg' })]);
    assert.deepEqual(foreign.requests, [], 'the other host was never asked');
    assert.deepEqual(await storedMedia(user), []);
    assert.ok(
      rig.app.logs.some((l) => /inbound media could not be stored/.test(l.line) && /redirect/.test(l.line)),
    );
    assert.equal(repliesTo(user).length, 1, 'the turn ran');
  });

  it('refuses bytes that are not what the webhook says (HTML labelled image/jpeg); keeps the rest', async () => {
    const user = newUser();
    const page = rig.graph.registerMedia(
      Buffer.from('\n<!DOCTYPE html><html><body>login</body></html>'),
      'text/html',
    );
    const photo = rig.graph.registerMedia(JPEG, 'image/jpeg');
    await deliver(user, [
      media(user, 'image', { id: page.id, mime_type: 'image/jpeg' }),
      media(user, 'image', { id: photo.id, mime_type: 'image/jpeg' }),
    ]);
    const stored = await storedMedia(user);
    assert.deepEqual(
      stored.map((s) => [s.contentType, s.data]),
      [['image/jpeg', JPEG]],
      'only the real photo is stored',
    );
    assert.ok(
      rig.app.logs.some((l) => /inbound media could not be stored/.test(l.line) && /text\/html/.test(l.line)),
    );
    assert.equal(repliesTo(user).length, 2, 'both turns ran');
  });
});
