/**
 * The retention sweep over Azurite, as the app builds it (`retentionOf`): with the days as configured
 * and the sweep's clock moved on (no waiting), it deletes the inbox's histories of finished events, the
 * media of finished submissions (marking them expired), unreferenced old media and history entries past
 * their days, counts inactive people, and keeps the rest; two instances sweeping at once: one works.
 */
import assert from 'node:assert/strict';
import { viewOf } from '../../../src/app/operatorApi/routes/submissionView';
import { retentionOf } from '../../../src/app/retentionOf';
import { ConversationHistory } from '../../../src/domain/history/conversationHistory';
import type { SweepOutcome } from '../../../src/domain/retention/retentionSweep';
import { SubmissionStore } from '../../../src/domain/submissions/submissionStore';
import type { BlobAccount } from '../../../src/durable/storage/blobAccount';
import { ConversationInbox } from '../../../src/durable/storage/conversationInbox';
import { DocumentStore } from '../../../src/durable/storage/documentStore';
import { MediaStore } from '../../../src/durable/storage/mediaStore';
import { testAccount } from '../../helpers/azurite';
import { capturedLog } from '../../helpers/capturedLog';
import { draft } from '../../helpers/submissionIndexContract';
import { BUILT_IN_SUBMISSION_TYPES } from '../../helpers/submissionTypes';

const DAY = 86_400_000;
const CONFIG = {
  HISTORY_RETENTION_DAYS: 90,
  INBOX_HISTORY_RETENTION_DAYS: 30,
  MEDIA_RETENTION_DAYS: 180,
  INACTIVE_PERSON_DAYS: 365,
};
const PERSON = '919800000171';

/** One instance's view of the account: its own stores over the same containers. */
function instance(account: BlobAccount, now: Date) {
  const history = new ConversationHistory(new DocumentStore(account, 'history'));
  const submissions = new SubmissionStore(
    new DocumentStore(account, 'submissions'),
    BUILT_IN_SUBMISSION_TYPES,
  );
  const storage = { account, media: new MediaStore(account), system: new DocumentStore(account, 'system') };
  const { lines, log } = capturedLog({ level: 'info' });
  const sweep = retentionOf({ config: CONFIG, storage, history, submissions, log, now: () => now });
  return { sweep, lines, history, submissions, storage };
}

async function blobNames(account: BlobAccount, role: 'inbox' | 'media' | 'history'): Promise<string[]> {
  const names: string[] = [];
  for await (const blob of (await account.container(role)).listBlobsFlat()) names.push(blob.name);
  return names;
}

const inboxEvent = (id: string) => ({
  channel: 'whatsapp',
  conversationKey: PERSON,
  timestampMs: Date.now(),
  id,
  payload: { text: id },
});

describe('retention sweep (Azurite)', function () {
  this.timeout(60_000);

  it('deletes what expired, keeps the rest, and works on one instance of two sweeping at once', async () => {
    const account = testAccount();
    const written = Date.now(); // what this test writes now is "last written" now
    const later = (days: number) => new Date(written + days * DAY);
    const setup = instance(account, later(0));

    // The inbox: a finished event (its history only), one still running (waiting + history), one waiting.
    const inbox = new ConversationInbox(account);
    for (const id of ['wamid.done', 'wamid.running', 'wamid.waiting']) await inbox.record(inboxEvent(id));
    const [done, running] = await inbox.waiting('whatsapp', PERSON);
    assert.ok(done && running);
    await inbox.begin(done);
    await inbox.complete(done);
    await inbox.begin(running);

    // Media: a resolved submission's, an open one's, and a photo no submission names.
    const media = setup.storage.media.documents;
    for (const blob of [
      'whatsapp/p/closed-0',
      'whatsapp/p/lately-0',
      'whatsapp/p/open-0',
      'whatsapp/p/loose-0',
    ])
      await media.putBytes(blob, Buffer.from('photo'), { contentType: 'image/jpeg' });
    const item = (blobName: string) => ({
      blobName,
      sha256: 'b'.repeat(64),
      contentType: 'image/jpeg',
      size: 5,
      kind: 'image' as const,
    });
    const closed = await setup.submissions.create(
      draft({ media: [item('whatsapp/p/closed-0')] }),
      later(-300),
    );
    const open = await setup.submissions.create(draft({ media: [item('whatsapp/p/open-0')] }), later(-300));
    const lately = await setup.submissions.create(
      draft({ media: [item('whatsapp/p/lately-0')] }),
      later(-300),
    );
    await setup.submissions.changeStatus(lately.reference, { status: 'rejected', by: 'ops' }, later(-100));
    await setup.submissions.changeStatus(closed.reference, { status: 'resolved', by: 'ops' }, later(-250));
    await setup.submissions.changeStatus(open.reference, { status: 'under_review', by: 'ops' }, later(-250));

    // The conversation history: an old turn and a recent one (relative to the later sweep), and a person
    // last heard of long ago.
    const entry = (at: Date) =>
      ({ direction: 'in', time: at.toISOString(), by: 'person', text: 'hi' }) as const;
    const key = { channel: 'whatsapp', userId: PERSON };
    for (const at of [later(100), later(190)])
      await setup.history.record(key, { turnTime: at, tag: `t${at.getTime()}`, ordinal: 0 }, entry(at));
    const gone = { channel: 'whatsapp', userId: '919800000172' };
    await setup.history.record(gone, { turnTime: later(-300), tag: 'gone', ordinal: 0 }, entry(later(-300)));

    // Ten days on: the submission resolved 260 days before loses its media; one rejected 110 days
    // before keeps them; nothing of the inbox or the loose photo is old enough yet.
    const early = await instance(account, later(10)).sweep.sweep();
    assert.ok(early.state === 'done');
    assert.deepEqual(early.counts.media, { submissions: 1, expired: 1, unreferenced: 0 });
    assert.deepEqual(early.counts.inbox, { histories: 0, unreadableBatches: 0, unfinishedKept: 0 });
    assert.ok(
      (await blobNames(account, 'inbox')).some((n) => n.startsWith('history/') && n.includes('done')),
    );
    assert.ok((await blobNames(account, 'media')).includes('whatsapp/p/loose-0'));

    // 200 days on, two instances at once.
    const [one, two] = [instance(account, later(200)), instance(account, later(200))];
    const outcomes: SweepOutcome[] = await Promise.all([one.sweep.sweep(), two.sweep.sweep()]);
    assert.deepEqual(outcomes.map((o) => o.state).sort(), ['done', 'skipped']);
    const worked = outcomes.find((o) => o.state === 'done');
    assert.ok(worked?.state === 'done');
    assert.deepEqual(worked.counts.inbox, { histories: 1, unreadableBatches: 0, unfinishedKept: 1 });
    assert.deepEqual(
      worked.counts.media,
      { submissions: 1, expired: 1, unreferenced: 1 },
      'the rejected one',
    );
    assert.equal(worked.counts.history?.deleted, 1, 'the turn of day 100 (over 90 days before day 200)');
    assert.equal(worked.counts.people?.due, 1, 'the person last heard of 500 days before');

    const inboxLeft = await blobNames(account, 'inbox');
    assert.ok(!inboxLeft.some((n) => n.startsWith('history/') && n.includes('done')), 'finished: deleted');
    assert.equal(inboxLeft.filter((n) => n.startsWith('history/')).length, 1, "the running event's history");
    assert.equal(inboxLeft.filter((n) => n.startsWith('waiting/')).length, 2, 'waiting events untouched');
    assert.deepEqual(await blobNames(account, 'media'), ['whatsapp/p/open-0']);
    const expired = (await setup.submissions.byReference(closed.reference))?.submission;
    assert.deepEqual(expired?.media, [
      { contentType: 'image/jpeg', size: 5, kind: 'image', expiredAt: later(10).toISOString() },
    ]);
    assert.ok(expired);
    assert.equal((await viewOf(expired)).media[0]?.url, undefined, 'the API offers no dead download');
    assert.deepEqual(
      expired.statusHistory.map((h) => h.status),
      ['submitted', 'resolved'],
    );
    const page = await setup.history.list({ ...key, limit: 10 });
    assert.deepEqual(
      page.items.map((i) => i.time),
      [later(190).toISOString()],
    );
    const logged = [...one.lines, ...two.lines].map((l) => l.line).join('\n');
    assert.ok(!logged.includes(PERSON) && !logged.includes('919800000172'), 'no number in the log');
    assert.ok(!logged.includes(closed.reference), 'no reference in the log');
  });
});
