import assert from 'node:assert/strict';
import { z } from 'zod';
import { referencePattern } from '../../../../src/domain/submissions/submission';
import { SubmissionStore, type NewSubmission } from '../../../../src/domain/submissions/submissionStore';
import { SubmissionTypes } from '../../../../src/domain/submissions/submissionTypes';
import { DocumentStore } from '../../../../src/durable/storage/documentStore';
import { testAccount } from '../../../helpers/azurite';

/** The types as the application gives them (from its journeys), one with fields of its own. */
const TYPES = new SubmissionTypes([
  { type: 'work_demand', prefix: 'WD', itemType: 'ASSET_DEMAND' },
  { type: 'grievance', prefix: 'GR', itemType: 'GRIEVANCE' },
  { type: 'story', prefix: 'ST', itemType: 'STORY' },
  {
    type: 'water_tanker',
    prefix: 'WT',
    itemType: 'WATER_TANKER',
    fields: z.object({ litres: z.number().int().positive(), drinking: z.boolean() }),
  },
]);
const newReference = (type: string) => TYPES.newReference(type);

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
    const prefixes = { work_demand: 'WD', grievance: 'GR', story: 'ST' };
    const pattern = referencePattern(prefixes);
    for (const type of Object.keys(prefixes)) assert.match(newReference(type), pattern);
    const withTanker = referencePattern({ ...prefixes, water_tanker: 'WT' });
    assert.match('WT-7K3F9Q', withTanker);
    assert.match('GR-7K3F9Q', withTanker);
    assert.doesNotMatch('WT-7K3F9Q', pattern);
    assert.doesNotMatch('WD-7K3F9I', pattern, 'I is not in the alphabet');
    assert.doesNotMatch('WD-7K3F9QQ', pattern);
    assert.throws(() => referencePattern({ odd: 'w|d' }), /2-4 capital letters, not "w\|d"/);
  });

  it('come from the declared types: a type or prefix declared twice, or no type, is refused by name', () => {
    assert.match(newReference('water_tanker'), /^WT-[0-9A-HJKMNP-TV-Z]{6}$/);
    assert.throws(() => newReference('tanker'), /"tanker" is not a submission type/);
    const wd = { type: 'work_demand', prefix: 'WD', itemType: 'ASSET_DEMAND' };
    assert.throws(() => new SubmissionTypes([wd, wd]), /"work_demand" is declared twice/);
    assert.throws(
      () => new SubmissionTypes([wd, { type: 'water', prefix: 'WD', itemType: 'X' }]),
      /prefix WD is already the prefix of work_demand/,
    );
    assert.throws(() => new SubmissionTypes([{ ...wd, type: 'Work Demand' }]), /lower case/);
    assert.throws(() => new SubmissionTypes([]), /at least one/);
  });
});

describe('SubmissionStore (Azurite)', () => {
  it('stores, finds by reference, lists newest first, and changes the status with history', async () => {
    const store = new SubmissionStore(new DocumentStore(testAccount(), 'submissions'), TYPES);
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
    const { submission: updated } = await store.changeStatus(
      first.reference,
      { status: 'under_review', by: 'ngo' },
      new Date('2026-11-03T00:00:00Z'),
    );
    assert.deepEqual(
      updated.statusHistory.map((h) => h.status),
      ['submitted', 'under_review'],
    );
    assert.equal((await store.byReference(first.reference))?.submission.status, 'under_review');
  });

  it('lists only the person’s own submissions, even when another id begins with theirs and a slash', async () => {
    const store = new SubmissionStore(new DocumentStore(testAccount(), 'submissions'), TYPES);
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

  it('keeps a type’s own fields, checked by its schema; refuses wrong or stray fields, naming them', async () => {
    const store = new SubmissionStore(new DocumentStore(testAccount(), 'submissions'), TYPES);
    const tanker = await store.create({
      ...draft('water_tanker', 'for the school'),
      fields: { litres: 5000, drinking: true },
    });
    assert.match(tanker.reference, /^WT-/);
    assert.deepEqual((await store.byReference(tanker.reference))?.submission.fields, {
      litres: 5000,
      drinking: true,
    });
    await assert.rejects(
      store.create({ ...draft('water_tanker', 'x'), fields: { litres: -1, drinking: true } }),
      (error: Error) => /fields\.litres|"litres"/.test(error.message),
    );
    await assert.rejects(store.create({ ...draft('water_tanker', 'x') }), (error: Error) =>
      /litres/.test(error.message),
    );
    await assert.rejects(
      store.create({ ...draft('grievance', 'x'), fields: { litres: 1 } }),
      (error: Error) => /grievance has no fields/.test(error.message),
    );
    await assert.rejects(store.create({ ...draft('tanker', 'x') }), (error: Error) =>
      /"tanker" is not a submission type/.test(error.message),
    );
  });
});
