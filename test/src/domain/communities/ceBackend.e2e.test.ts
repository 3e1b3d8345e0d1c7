/** The client of the original backend, against a fake of it: communities, memberships, forwarded submissions. */
import assert from 'node:assert/strict';
import { CeBackend } from '../../../../src/domain/communities/ceBackend';
import { InFlight } from '../../../../src/core/inFlight';
import { createLogger, type LogLevel } from '../../../../src/core/log';
import { DocumentStore } from '../../../../src/durable/storage/documentStore';
import { ForwardedSubmissions } from '../../../../src/domain/submissions/forwardedSubmissions';
import { BUILT_IN_SUBMISSION_TYPES } from '../../../helpers/submissionTypes';
import { SubmissionStore, type NewSubmission } from '../../../../src/domain/submissions/submissionStore';
import { testAccount } from '../../../helpers/azurite';
import { communityIds } from '../../../helpers/communityIds';
import { FakeCeBackend } from '../../../helpers/fakeCeBackend';

describe('CE backend client (fake backend)', () => {
  let fake: FakeCeBackend;
  before(async () => {
    fake = await FakeCeBackend.start();
  });
  after(() => fake.stop());

  it('finds communities near a point and manages memberships, last accessed first', async () => {
    const backend = new CeBackend({ baseUrl: fake.url });
    assert.deepEqual(
      (await backend.near({ latitude: 24.38, longitude: 73.52 })).map((c) => [c.id, c.name]),
      [
        ['11', 'Jhadol Van Samiti'],
        ['12', 'Kotra Jal Samooh'],
      ],
    );
    const person = { channel: 'whatsapp', id: '919811100000' };
    assert.deepEqual(await backend.of(person), [], 'an unknown user (404) is not a member');
    await backend.join(person, { id: '11', name: 'Jhadol Van Samiti' });
    await backend.join(person, { id: '12', name: 'Kotra Jal Samooh' });
    assert.deepEqual(await communityIds(backend, person), ['12', '11']);
    await backend.use(person, '11');
    assert.deepEqual(await communityIds(backend, person), ['11', '12']);
    assert.deepEqual([...fake.mappings.keys()], ['919811100000']);
  });

  it('identifies people of other channels by channel and id', async () => {
    const backend = new CeBackend({ baseUrl: fake.url });
    await backend.join({ channel: 'messenger', id: 'PSID1' }, { id: '12', name: 'K' });
    assert.ok(fake.mappings.has('messenger:PSID1'));
  });

  describe('forwarded submissions', () => {
    const draft: NewSubmission = {
      type: 'grievance',
      user: { channel: 'whatsapp', id: '919811100001' },
      channel: 'whatsapp',
      community: { id: '11', name: 'Jhadol Van Samiti' },
      location: { latitude: 24.38, longitude: 73.52, source: 'pin' },
      text: 'हैंडपंप खराब है',
      media: [],
      locale: 'hi',
    };

    async function setup() {
      const account = testAccount();
      const store = new SubmissionStore(new DocumentStore(account, 'submissions'), BUILT_IN_SUBMISSION_TYPES);
      const media = new DocumentStore(account, 'media');
      await media.putBytes('whatsapp/pn/u/voice-0', Buffer.from('OggS'), { contentType: 'audio/ogg' });
      await media.putBytes('whatsapp/pn/u/photo-0', Buffer.from([0xff, 0xd8]), { contentType: 'image/jpeg' });
      const inFlight = new InFlight();
      const lines: { level: LogLevel; line: string }[] = [];
      const forwarded = new ForwardedSubmissions(store, new CeBackend({ baseUrl: fake.url }), media, {
        log: createLogger({ sink: (level, line) => lines.push({ level, line }) }),
        inFlight,
        baseDelayMs: 1,
      });
      return { store, forwarded, inFlight, lines };
    }

    const withMedia: NewSubmission = {
      ...draft,
      media: [
        {
          blobName: 'whatsapp/pn/u/voice-0',
          sha256: 'x',
          contentType: 'audio/ogg',
          size: 4,
          kind: 'audio',
          voice: true,
        },
        { blobName: 'whatsapp/pn/u/photo-0', sha256: 'y', contentType: 'image/jpeg', size: 2, kind: 'image' },
      ],
    };

    it('sends the item with its enum type, coordinates and files, and records the item id', async () => {
      const { store, forwarded, inFlight } = await setup();
      const before = fake.items.length;
      const submission = await forwarded.create(withMedia);
      await inFlight.idle(10_000);
      const item = fake.items[before];
      assert.ok(item);
      assert.equal(item.fields.item_type, 'GRIEVANCE');
      assert.deepEqual(JSON.parse(item.fields.coordinates ?? ''), { lat: 24.38, lon: 73.52 });
      assert.equal(item.fields.transcript, 'हैंडपंप खराब है');
      assert.deepEqual(
        item.files.map((f) => [f.field, f.type, f.size]),
        [
          ['audios', 'audio/ogg', 4],
          ['images_0', 'image/jpeg', 2],
        ],
      );
      const stored = await store.byReference(submission.reference);
      assert.equal(stored?.submission.backend?.state, 'sent');
      assert.match(stored?.submission.backend?.itemId ?? '', /^5\d\d$/);
    });

    it('retries, and records a failure visibly when the backend keeps failing', async () => {
      const { store, forwarded, inFlight, lines } = await setup();
      fake.failUpserts = 2;
      const retried = await forwarded.create(draft);
      await inFlight.idle(10_000);
      assert.deepEqual(
        [
          (await store.byReference(retried.reference))?.submission.backend?.state,
          (await store.byReference(retried.reference))?.submission.backend?.attempts,
        ],
        ['sent', 3],
      );
      fake.failUpserts = 3;
      const failed = await forwarded.create(draft);
      await inFlight.idle(10_000);
      const outcome = (await store.byReference(failed.reference))?.submission.backend;
      assert.equal(outcome?.state, 'failed');
      assert.match(outcome?.error ?? '', /upsert_item\/: answered 500/);
      assert.ok(lines.some((l) => l.level === 'error' && l.line.includes(failed.reference)));
    });
  });
});
