import assert from 'node:assert/strict';
import {
  newReference,
  REFERENCE_PREFIX,
  referencePattern,
  SUBMISSION_TYPES,
} from '../../../../src/domain/submissions/submission';
import { SubmissionStore, type NewSubmission } from '../../../../src/domain/submissions/submissionStore';
import { DocumentStore } from '../../../../src/durable/storage/documentStore';
import { testAccount } from '../../../helpers/azurite';

const draft = (type: NewSubmission['type'], text: string): NewSubmission => ({
  type,
  user: { channel: 'whatsapp', id: '919800000002', name: 'Asha' },
  channel: 'whatsapp',
  community: { id: 'raj-udr-jhadol', name: 'Jhadol Van Samiti' },
  location: { latitude: 24.38, longitude: 73.52, source: 'pin' },
  text,
  media: [],
  locale: 'hi',
});

describe('submission references', () => {
  it('are a type prefix and six unambiguous characters', () => {
    for (let i = 0; i < 200; i += 1) assert.match(newReference('work_demand'), /^WD-[0-9A-HJKMNP-TV-Z]{6}$/);
    assert.match(newReference('grievance'), /^GR-/);
    assert.match(newReference('story'), /^ST-/);
  });

  it('are recognised by a pattern derived from the prefix table, so a new type cannot break documents', () => {
    const pattern = referencePattern(REFERENCE_PREFIX);
    for (const type of SUBMISSION_TYPES) assert.match(newReference(type), pattern);
    const withTanker = referencePattern({ ...REFERENCE_PREFIX, water_tanker: 'WT' });
    assert.match('WT-7K3F9Q', withTanker);
    assert.match('GR-7K3F9Q', withTanker);
    assert.doesNotMatch('WT-7K3F9Q', pattern);
    assert.doesNotMatch('WD-7K3F9I', pattern, 'I is not in the alphabet');
    assert.doesNotMatch('WD-7K3F9QQ', pattern);
    assert.throws(() => referencePattern({ odd: 'w|d' }), /2-4 capital letters, not "w\|d"/);
  });
});

describe('SubmissionStore (Azurite)', () => {
  it('stores, finds by reference, lists newest first, and updates with history', async () => {
    const store = new SubmissionStore(new DocumentStore(testAccount(), 'submissions'));
    const first = await store.create(
      draft('work_demand', 'तालाब की मरम्मत'),
      new Date('2026-11-01T10:00:00Z'),
    );
    const second = await store.create(draft('grievance', 'पानी नहीं आता'), new Date('2026-11-02T10:00:00Z'));
    assert.equal(first.status, 'submitted');
    assert.equal((await store.byReference(first.reference))?.submission.text, 'तालाब की मरम्मत');
    const mine = await store.of({ channel: 'whatsapp', id: '919800000002' });
    assert.deepEqual(
      mine.map((s) => s.reference),
      [second.reference, first.reference],
    );
    const updated = await store.update(first.reference, (s) => ({
      ...s,
      status: 'under_review',
      statusHistory: [...s.statusHistory, { status: 'under_review', at: '2026-11-03T00:00:00Z' }],
    }));
    assert.deepEqual(
      updated.statusHistory.map((h) => h.status),
      ['submitted', 'under_review'],
    );
    assert.equal((await store.byReference(first.reference))?.submission.status, 'under_review');
  });

  it('lists only the person’s own submissions, even when another id begins with theirs and a slash', async () => {
    const store = new SubmissionStore(new DocumentStore(testAccount(), 'submissions'));
    const own = await store.create(draft('grievance', 'mine'));
    const other = await store.create({
      ...draft('grievance', 'not theirs'),
      user: { channel: 'whatsapp', id: '919800000002/x' },
    });
    const percent = await store.create({
      ...draft('grievance', 'also not theirs'),
      user: { channel: 'whatsapp', id: '919800000002%2Fx' },
    });
    assert.deepEqual(
      (await store.of({ channel: 'whatsapp', id: '919800000002' })).map((s) => s.reference),
      [own.reference],
    );
    assert.deepEqual(
      (await store.of({ channel: 'whatsapp', id: '919800000002/x' })).map((s) => s.reference),
      [other.reference],
    );
    assert.deepEqual(
      (await store.of({ channel: 'whatsapp', id: '919800000002%2Fx' })).map((s) => s.reference),
      [percent.reference],
    );
  });
});
