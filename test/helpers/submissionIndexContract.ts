/**
 * What the submission index promises, run on any `EtagDocuments` (blobs on Azurite, and memory): lists
 * by community, status, type and time, newest first, paged by a sealed cursor that stays stable while
 * new submissions arrive; submissions stored before the index found too; status changes kept in history
 * without losing a concurrent one, and moving the submission between status views.
 */
import assert from 'node:assert/strict';
import { InvalidCursorError, InvalidValueError, NotFoundError } from '../../src/core/errors';
import type { EtagDocuments } from '../../src/durable/storage/documentStore';
import { SubmissionStore, type NewSubmission } from '../../src/domain/submissions/submissionStore';
import type { SubmissionFilters } from '../../src/domain/submissions/submissionIndex';
import { everyPage } from './everyPage';
import { BUILT_IN_SUBMISSION_TYPES } from './submissionTypes';

export const draft = (over: Partial<NewSubmission> = {}): NewSubmission => ({
  type: 'grievance',
  user: { channel: 'whatsapp', id: '919800000002' },
  channel: 'whatsapp',
  community: { id: 'jhadol', name: 'Jhadol' },
  text: 'पानी नहीं आता',
  media: [],
  locale: 'hi',
  ...over,
});

const day = (n: number) => new Date(Date.UTC(2026, 10, n, 10));

/** Every reference the filters select, page by page. */
export async function allPages(
  store: SubmissionStore,
  filters: SubmissionFilters,
  limit: number,
): Promise<string[]> {
  return (await everyPage(limit, (page) => store.list(filters, page))).map((s) => s.reference);
}

export function describeSubmissionIndex(title: string, open: () => EtagDocuments): void {
  describe(title, () => {
    let documents: EtagDocuments;
    let store: SubmissionStore;
    beforeEach(() => {
      documents = open();
      store = new SubmissionStore(documents, BUILT_IN_SUBMISSION_TYPES);
    });

    it('lists every person’s submissions newest first, by community, status, type and time', async () => {
      const a = await store.create(draft({ community: { id: 'jhadol', name: 'J' } }), day(1));
      const b = await store.create(
        draft({ type: 'work_demand', user: { channel: 'messenger', id: 'psid-7' } }),
        day(2),
      );
      const c = await store.create(draft({ community: { id: 'kotra', name: 'K' } }), day(3));
      await store.changeStatus(a.reference, { status: 'accepted', by: 'asha' });
      const refs = async (filters: SubmissionFilters) =>
        (await store.list(filters, { limit: 50 })).items.map((s) => s.reference);
      assert.deepEqual(await refs({}), [c.reference, b.reference, a.reference]);
      assert.deepEqual(await refs({ community: 'jhadol' }), [b.reference, a.reference]);
      assert.deepEqual(await refs({ community: 'kotra' }), [c.reference]);
      assert.deepEqual(await refs({ status: 'accepted' }), [a.reference]);
      assert.deepEqual(await refs({ status: 'submitted' }), [c.reference, b.reference]);
      assert.deepEqual(await refs({ community: 'jhadol', status: 'submitted' }), [b.reference]);
      assert.deepEqual(await refs({ type: 'work_demand' }), [b.reference]);
      assert.deepEqual(await refs({ since: day(2) }), [c.reference, b.reference]);
      assert.deepEqual(await refs({ until: day(2) }), [a.reference]);
      assert.deepEqual(await refs({ since: day(2), until: day(3), type: 'work_demand' }), [b.reference]);
      assert.deepEqual(await refs({ community: 'nowhere' }), []);
    });

    it('pages by cursor without a repeat or a gap while new submissions arrive', async () => {
      const made: string[] = [];
      for (let i = 1; i <= 7; i += 1) made.unshift((await store.create(draft(), day(i))).reference);
      const first = await store.list({ community: 'jhadol' }, { limit: 3 });
      assert.deepEqual(
        first.items.map((s) => s.reference),
        made.slice(0, 3),
      );
      assert.ok(first.next !== undefined);
      await store.create(draft(), day(20)); // newer than every page: not in the ones still to come
      const second = await store.list({ community: 'jhadol' }, { limit: 3, cursor: first.next });
      const third = await store.list({ community: 'jhadol' }, { limit: 3, cursor: second.next });
      assert.deepEqual(
        [...second.items, ...third.items].map((s) => s.reference),
        made.slice(3),
      );
      assert.equal(third.next, undefined);
    });

    it('refuses a cursor that was changed, or given with other filters, naming the cursor', async () => {
      for (let i = 1; i <= 3; i += 1) await store.create(draft(), day(i));
      const { next } = await store.list({ community: 'jhadol' }, { limit: 1 });
      assert.ok(next !== undefined);
      const [payload = '', seal = ''] = next.split('.');
      const edited = `${Buffer.from(
        Buffer.from(payload, 'base64url').toString('utf8').replace('"a":"', '"a":"x'),
      ).toString('base64url')}.${seal}`;
      for (const cursor of [edited, `${next}x`, 'not-a-cursor', `${payload}.${seal}.x`])
        await assert.rejects(store.list({ community: 'jhadol' }, { limit: 1, cursor }), InvalidCursorError);
      await assert.rejects(
        store.list({ community: 'kotra' }, { limit: 1, cursor: next }),
        (error: unknown) => error instanceof InvalidCursorError && /other filters/.test(error.message),
      );
      await assert.rejects(store.list({ type: 'tanker' }, { limit: 1 }), InvalidValueError);
      await assert.rejects(store.list({}, { limit: 0 }), /limit/);
    });

    it('finds submissions stored before the index, indexing them once', async () => {
      const old = await store.create(draft(), day(1));
      const older = await store.create(draft({ community: { id: 'kotra', name: 'K' } }), day(2));
      for await (const name of documents.list('index/')) await documents.delete(name);
      const fresh = new SubmissionStore(documents, BUILT_IN_SUBMISSION_TYPES);
      const found = await fresh.list({ community: 'kotra' }, { limit: 10 });
      assert.deepEqual(
        found.items.map((s) => s.reference),
        [older.reference],
      );
      assert.deepEqual(await allPages(fresh, { status: 'submitted' }, 1), [older.reference, old.reference]);
      const again = new SubmissionStore(documents, BUILT_IN_SUBMISSION_TYPES);
      await again.ready(); // the marker is there: nothing is read again
      assert.deepEqual(await allPages(again, {}, 5), [older.reference, old.reference]);
    });

    it('passes over an entry whose document a crash left unwritten', async () => {
      const kept = await store.create(draft(), day(1));
      const lost = await store.create(draft(), day(2));
      const name = (await store.located(lost.reference))?.name ?? '';
      await documents.delete(name);
      assert.deepEqual(await allPages(store, { community: 'jhadol' }, 1), [kept.reference]);
    });

    it('changes a status with its history (who, when, note) and says whom to tell', async () => {
      const made = await store.create(
        draft({
          line: { channel: 'whatsapp', id: '15550001111' },
          user: { channel: 'whatsapp', id: '9198' },
        }),
        day(1),
      );
      const changed = await store.changeStatus(
        made.reference,
        { status: 'under_review', note: 'देख रहे हैं', by: 'ngo-asha' },
        day(2),
      );
      assert.equal(changed.submission.status, 'under_review');
      assert.deepEqual(changed.submission.statusHistory.at(-1), {
        status: 'under_review',
        at: day(2).toISOString(),
        by: 'ngo-asha',
        note: 'देख रहे हैं',
      });
      assert.deepEqual(changed.notice, {
        to: { channel: 'whatsapp', id: '9198' },
        line: { channel: 'whatsapp', id: '15550001111' },
        locale: 'hi',
        reference: made.reference,
        status: 'under_review',
        note: 'देख रहे हैं',
      });
      assert.equal((await store.byReference(made.reference))?.submission.status, 'under_review');
      await assert.rejects(
        store.changeStatus('GR-ZZZZZZ', { status: 'accepted', by: 'a' }),
        (error: unknown) => error instanceof NotFoundError && error.httpStatus === 404,
      );
      await assert.rejects(
        store.changeStatus(made.reference, { status: 'closed', by: 'a' }),
        (error: unknown) => error instanceof InvalidValueError && error.field === 'status',
      );
    });

    it('keeps every one of many concurrent changes, and lists the submission under its last status only', async function () {
      this.timeout(60_000); // every change but one loses races and goes again: many calls on a loaded store
      const made = await store.create(draft(), day(1));
      const statuses = ['under_review', 'accepted', 'resolved', 'accepted'];
      await Promise.all(
        statuses.map((status, i) => store.changeStatus(made.reference, { status, by: `op${i}` })),
      );
      const stored = (await store.byReference(made.reference))?.submission;
      assert.ok(stored);
      assert.deepEqual(stored.statusHistory.map((h) => h.by ?? 'person').sort(), [
        'op0',
        'op1',
        'op2',
        'op3',
        'person',
      ]);
      for (const status of ['submitted', 'under_review', 'accepted', 'resolved', 'rejected'] as const) {
        const listed = (await store.list({ status }, { limit: 10 })).items.map((s) => s.reference);
        assert.deepEqual(listed, status === stored.status ? [made.reference] : [], status);
        const entries: string[] = [];
        for await (const name of documents.list(`index/status/${status}/`)) entries.push(name);
        assert.equal(entries.length, status === stored.status ? 1 : 0, `entries of ${status}`);
      }
    });

    it('does not lose a status change to a write of the backend outcome at the same time', async () => {
      const made = await store.create(draft(), day(1));
      await Promise.all([
        store.changeStatus(made.reference, { status: 'accepted', by: 'op' }),
        store.update(made.reference, (s) => ({ ...s, backend: { state: 'sent', attempts: 1, at: 'x' } })),
      ]);
      const stored = (await store.byReference(made.reference))?.submission;
      assert.equal(stored?.status, 'accepted');
      assert.equal(stored?.backend?.state, 'sent');
    });
  });
}
