import assert from 'node:assert/strict';
import sinon from 'sinon';
import { MediaRetention } from '../../../../src/domain/retention/mediaRetention';
import type { SubmissionMedia } from '../../../../src/domain/submissions/submission';
import { SubmissionStore } from '../../../../src/domain/submissions/submissionStore';
import { MemoryDocuments } from '../../../../src/durable/storage/memoryStore';
import { draft } from '../../../helpers/submissionIndexContract';
import { BUILT_IN_SUBMISSION_TYPES } from '../../../helpers/submissionTypes';

const DAY = 86_400_000;
const T0 = new Date('2026-01-01T00:00:00Z').getTime();
const at = (days: number) => new Date(T0 + days * DAY);

const photo = (blobName: string): SubmissionMedia => ({
  blobName,
  sha256: 'a'.repeat(64),
  contentType: 'image/jpeg',
  size: 2048,
  kind: 'image',
});

async function names(documents: MemoryDocuments): Promise<string[]> {
  const found: string[] = [];
  for await (const name of documents.list('')) found.push(name);
  return found;
}

describe('MediaRetention', () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: T0, toFake: ['Date'] });
  });
  afterEach(() => clock.restore());

  it("deletes finished submissions' media after the days (marking them expired) and unreferenced old media, and keeps the rest", async () => {
    const submissionDocuments = new MemoryDocuments();
    const media = new MemoryDocuments();
    const submissions = new SubmissionStore(submissionDocuments, BUILT_IN_SUBMISSION_TYPES);
    for (const blob of ['wa/1/resolved-0', 'wa/1/resolved-1', 'wa/1/open-0', 'wa/1/recent-0', 'wa/1/loose-0'])
      await media.putJson(blob, {});
    const resolved = await submissions.create(
      draft({ media: [photo('wa/1/resolved-0'), photo('wa/1/resolved-1')] }),
      at(0),
    );
    const open = await submissions.create(draft({ media: [photo('wa/1/open-0')] }), at(0));
    const recent = await submissions.create(draft({ media: [photo('wa/1/recent-0')] }), at(0));
    await submissions.changeStatus(resolved.reference, { status: 'resolved', by: 'ops' }, at(10));
    await submissions.changeStatus(open.reference, { status: 'under_review', by: 'ops' }, at(10));
    await submissions.changeStatus(recent.reference, { status: 'rejected', by: 'ops' }, at(100));
    clock.setSystemTime(at(170));
    await media.putJson('wa/1/fresh-0', {});

    const retention = new MediaRetention({ submissions, submissionDocuments, media, days: 180 });
    const round = { now: at(200), page: () => Promise.resolve(true) };
    const counts = await retention.sweep(round);

    assert.deepEqual(counts, { submissions: 1, expired: 2, unreferenced: 1 });
    assert.deepEqual(await names(media), ['wa/1/fresh-0', 'wa/1/open-0', 'wa/1/recent-0']);
    const after = await submissions.byReference(resolved.reference);
    assert.deepEqual(after?.submission.media, [
      { contentType: 'image/jpeg', size: 2048, kind: 'image', expiredAt: at(200).toISOString() },
      { contentType: 'image/jpeg', size: 2048, kind: 'image', expiredAt: at(200).toISOString() },
    ]);
    assert.deepEqual(
      after?.submission.statusHistory.map((h) => h.status),
      ['submitted', 'resolved'],
      'the status history stays',
    );
    assert.deepEqual((await submissions.byReference(open.reference))?.submission.media, [
      photo('wa/1/open-0'),
    ]);

    assert.deepEqual(await retention.sweep(round), { submissions: 0, expired: 0, unreferenced: 0 }, 'once');
  });

  it('finishes the marking on the next sweep when a crash came between deleting the blobs and marking', async () => {
    const submissionDocuments = new MemoryDocuments();
    const media = new MemoryDocuments();
    const submissions = new SubmissionStore(submissionDocuments, BUILT_IN_SUBMISSION_TYPES);
    const done = await submissions.create(draft({ media: [photo('wa/1/gone-0')] }), at(0));
    await submissions.changeStatus(done.reference, { status: 'resolved', by: 'ops' }, at(1));
    // The blob deleted, the document not yet marked (as a crash between the two would leave it).
    const retention = new MediaRetention({ submissions, submissionDocuments, media, days: 30 });
    const counts = await retention.sweep({ now: at(40), page: () => Promise.resolve(true) });
    assert.equal(counts.submissions, 1);
    const media0 = (await submissions.byReference(done.reference))?.submission.media[0];
    assert.equal(media0?.blobName, undefined);
    assert.equal(media0?.expiredAt, at(40).toISOString());
  });
});
