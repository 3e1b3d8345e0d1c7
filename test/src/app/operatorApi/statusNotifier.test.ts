/**
 * A status change told to the person, over the submission store in memory and a fake sender: the
 * notification recorded on the change, a channel this deployment does not serve, and a record that could
 * not be written after the person was told (the answer still says what was done).
 */
import assert from 'node:assert/strict';
import { changeStatusAndTell } from '../../../../src/app/operatorApi/routes/statusNotifier';
import type { ProactiveMessage } from '../../../../src/app/outbound/proactiveSender';
import { StorageUnavailableError } from '../../../../src/core/errors';
import { SubmissionStore } from '../../../../src/domain/submissions/submissionStore';
import { MemoryDocuments } from '../../../../src/durable/storage/memoryStore';
import { capturedLog } from '../../../helpers/capturedLog';
import { BUILT_IN_SUBMISSION_TYPES } from '../../../helpers/submissionTypes';

/** Documents whose writes fail once `broken` is set (storage that stops answering). */
class BreakableDocuments extends MemoryDocuments {
  broken = false;

  override putJson(...args: Parameters<MemoryDocuments['putJson']>): Promise<string> {
    return this.broken
      ? Promise.reject(new StorageUnavailableError('Blob storage did not answer (test)'))
      : super.putJson(...args);
  }
}

function setUp(options: { serves?: boolean; breakStorageOnSend?: boolean; optedOut?: boolean } = {}) {
  const documents = new BreakableDocuments();
  const submissions = new SubmissionStore(documents, BUILT_IN_SUBMISSION_TYPES);
  const sent: ProactiveMessage[] = [];
  const sender = {
    serves: () => options.serves ?? true,
    optedOut: () => Promise.resolve(options.optedOut ?? false),
    windowOpen: () => Promise.resolve(true),
    send: (message: ProactiveMessage) => {
      sent.push(message);
      if (options.breakStorageOnSend) documents.broken = true;
      return Promise.resolve({ messageId: 'wamid.NOTICE' });
    },
  };
  const { lines, log } = capturedLog();
  const deps = { submissions, sender, template: undefined, log };
  const file = () =>
    submissions.create({
      type: 'grievance',
      user: { channel: 'whatsapp', id: '919800000701' },
      channel: 'whatsapp',
      line: { channel: 'whatsapp', id: '880000000701' },
      community: { id: 'jhadol', name: 'Jhadol' },
      text: 'पानी नहीं आता',
      media: [],
      locale: 'hi',
    });
  return { documents, submissions, sent, lines, deps, file };
}

describe('a status change told to the person', () => {
  it('sends the Hindi text from the line they used and records the notification on the change', async () => {
    const { submissions, sent, deps, file } = setUp();
    const { reference } = await file();
    const done = await changeStatusAndTell(deps, reference, { status: 'accepted', note: 'जल्द', by: 'alice' });
    assert.deepEqual(
      sent.map((m) => [m.channel, m.userId, m.lineId, m.by, m.activity.text]),
      [
        [
          'whatsapp',
          '919800000701',
          '880000000701',
          'operator:alice',
          `आपके अनुरोध ${reference} पर जानकारी: अब इसकी स्थिति "स्वीकृत" है।\nटीम की टिप्पणी: जल्द`,
        ],
      ],
    );
    assert.deepEqual(
      { ...done.notification, at: '' },
      { state: 'sent', via: 'text', messageId: 'wamid.NOTICE', at: '' },
    );
    const stored = (await submissions.byReference(reference))?.submission.statusHistory.at(-1);
    assert.deepEqual(stored?.notification, done.notification);
    assert.equal(stored?.by, 'alice');
  });

  it('tells no one on a channel this deployment does not serve, and says so', async () => {
    const { sent, deps, file } = setUp({ serves: false });
    const { reference } = await file();
    const done = await changeStatusAndTell(deps, reference, { status: 'resolved', by: 'alice' });
    assert.equal(sent.length, 0);
    assert.deepEqual([done.notification.state, done.notification.reason], ['not_sent', 'channel_not_served']);
  });

  it('tells no one who opted out (STOP), and records not_sent opted_out', async () => {
    const { submissions, sent, deps, file } = setUp({ optedOut: true });
    const { reference } = await file();
    const done = await changeStatusAndTell(deps, reference, { status: 'accepted', by: 'alice' });
    assert.equal(sent.length, 0);
    assert.deepEqual([done.notification.state, done.notification.reason], ['not_sent', 'opted_out']);
    const stored = (await submissions.byReference(reference))?.submission.statusHistory.at(-1);
    assert.deepEqual(stored?.notification, done.notification);
  });

  it('answers what was done when the notification cannot be recorded after the person was told', async () => {
    const rig = setUp({ breakStorageOnSend: true });
    const { reference } = await rig.file();
    const done = await changeStatusAndTell(rig.deps, reference, { status: 'rejected', by: 'alice' });
    assert.equal(rig.sent.length, 1, 'the person was told once');
    assert.equal(done.notification.state, 'sent');
    assert.equal(done.submission.status, 'rejected');
    rig.documents.broken = false;
    const stored = (await rig.submissions.byReference(reference))?.submission;
    assert.equal(stored?.status, 'rejected', 'the change stands');
    assert.equal(stored.statusHistory.at(-1)?.notification, undefined);
    assert.ok(rig.lines.some((l) => l.level === 'error' && l.line.includes('was not recorded')));
  });
});
