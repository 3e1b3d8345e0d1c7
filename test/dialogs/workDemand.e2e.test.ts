/**
 * A work demand end to end through the WhatsApp webhook: signed payloads, a voice note and a photo
 * served by the fake Graph server, Azurite. The reference reaches the user; the submission document and
 * both media files are in blob storage.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { DocumentStore } from '../../src/durable/storage/documentStore';
import { SubmissionStore } from '../../src/domain/submissions/submissionStore';
import { replyText, whatsAppApp } from '../helpers/appOnGraph';
import { AGREE } from '../helpers/consent';
import { BUILT_IN_SUBMISSION_TYPES } from '../helpers/submissionTypes';
import { location, media, text } from '../helpers/whatsappWebhooks';

const NUMBER = {
  phoneNumberId: '106540352242922',
  token: 'EAAwork-demand-token',
  appSecret: 'work-demand-secret',
};

describe('work demand through the WhatsApp webhook', function () {
  this.timeout(60_000);
  const rig = whatsAppApp(NUMBER);
  const user = { waId: '919812345678', name: 'Asha' };
  const sent = () => rig.repliesTo(user);
  const lastText = (): string => replyText(sent().at(-1));
  const userSends = (message: Record<string, unknown>) => rig.say(user, message);

  it('registers a work demand with a voice note and a photo, and keeps all of it', async () => {
    await userSends(text(user, 'hi'));
    await userSends(text(user, 'English'));
    await userSends(text(user, AGREE.en));
    await userSends(location(user, 24.38, 73.52));
    await userSends(text(user, 'Jhadol Van Samiti'));
    assert.match(lastText(), /What would you like to do for Jhadol Van Samiti\?/);

    await userSends(text(user, 'Ask for work'));
    await userSends(location(user, 24.3812, 73.5234));
    assert.match(lastText(), /describe the work you need/);

    const voice = rig.graph.registerMedia(Buffer.from('OggS\u0000voice-note-bytes'), 'audio/ogg');
    const sha = (data: Buffer) => createHash('sha256').update(data).digest('base64');
    await userSends(
      media(user, 'audio', {
        id: voice.id,
        mime_type: 'audio/ogg; codecs=opus',
        sha256: sha(voice.data),
        voice: true,
      }),
    );
    assert.match(lastText(), /send 1 to 5 photos/);

    const photo = rig.graph.registerMedia(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 9, 8, 7, 6]), 'image/jpeg');
    await userSends(media(user, 'image', { id: photo.id, mime_type: 'image/jpeg', sha256: sha(photo.data) }));
    await userSends(text(user, 'Done'));
    assert.match(lastText(), /Shall I submit it\?/);
    await userSends(text(user, 'Submit'));

    const confirmation = sent()
      .map((r) => Object(r.body).text?.body ?? '')
      .find((b: string) => /reference is WD-/.test(b));
    const reference = /WD-[0-9A-HJKMNP-TV-Z]{6}/.exec(confirmation ?? '')?.[0];
    assert.ok(reference, 'the reference was sent to the user');

    const store = new SubmissionStore(
      new DocumentStore(rig.app.storage.account, 'submissions'),
      BUILT_IN_SUBMISSION_TYPES,
    );
    const stored = await store.byReference(reference);
    assert.ok(stored);
    const submission = stored.submission;
    assert.equal(submission.type, 'work_demand');
    assert.deepEqual(submission.user, { channel: 'whatsapp', id: user.waId, name: user.name });
    assert.equal(submission.community.name, 'Jhadol Van Samiti');
    assert.deepEqual(
      submission.line,
      { channel: 'whatsapp', id: NUMBER.phoneNumberId },
      'the number written to',
    );
    const listed = await store.list(
      { community: submission.community.id, status: 'submitted' },
      { limit: 5 },
    );
    assert.deepEqual(
      listed.items.map((s) => s.reference),
      [reference],
      'the operator’s list finds it by community and status',
    );
    assert.deepEqual(
      [submission.location?.latitude, submission.location?.longitude, submission.location?.source],
      [24.3812, 73.5234, 'pin'],
    );
    assert.deepEqual(
      submission.media.map((m) => m.kind),
      ['audio', 'image'],
    );

    for (const [item, original] of [
      [submission.media[0], voice.data],
      [submission.media[1], photo.data],
    ] as const) {
      const blob = await rig.app.storage.media.documents.getBytes(item?.blobName ?? '');
      assert.deepEqual(blob?.data, original);
      assert.equal(item?.sha256, createHash('sha256').update(original).digest('hex'));
    }
    assert.ok(
      rig.graph.requests.every((r) => r.status !== 400),
      'every outbound body was valid',
    );
  });
});
