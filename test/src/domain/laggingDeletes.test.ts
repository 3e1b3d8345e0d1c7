/**
 * The index entries stay true when a slow writer's deletes land after a faster writer's whole change:
 * a status change racing another, a leave racing a join. Each race is forced by holding the slow
 * writer's deletes (over the in-memory documents).
 */
import assert from 'node:assert/strict';
import { StoredMemberships } from '../../../src/domain/communities/storedMemberships';
import { SubmissionStore } from '../../../src/domain/submissions/submissionStore';
import { MemoryDocuments } from '../../../src/durable/storage/memoryStore';
import { heldDeletes } from '../../helpers/heldDeletes';
import { draft } from '../../helpers/submissionIndexContract';
import { BUILT_IN_SUBMISSION_TYPES } from '../../helpers/submissionTypes';

async function names(documents: MemoryDocuments, prefix: string): Promise<string[]> {
  const found: string[] = [];
  for await (const name of documents.list(prefix)) found.push(name);
  return found;
}

describe('index entries under a lagging delete', () => {
  it('a status change whose deletes land after the next change leaves the submission listed under its status', async () => {
    const memory = new MemoryDocuments();
    const gated = heldDeletes(memory);
    const store = new SubmissionStore(gated.documents, BUILT_IN_SUBMISSION_TYPES);
    const made = await store.create(draft());
    await store.ready();
    const slow = gated.hold((name) => name.startsWith('index/status/resolved/'));
    const first = store.changeStatus(made.reference, { status: 'accepted', by: 'slow' });
    await slow.held; // its document is written; its deletes of the other statuses wait
    const fast = new SubmissionStore(memory, BUILT_IN_SUBMISSION_TYPES);
    await fast.changeStatus(made.reference, { status: 'resolved', by: 'fast' });
    slow.release();
    await first;
    const listed = await store.list({ status: 'resolved' }, { limit: 5 });
    assert.deepEqual(
      listed.items.map((s) => s.reference),
      [made.reference],
    );
    assert.equal((await names(memory, 'index/status/resolved/')).length, 1);
    assert.deepEqual(await names(memory, 'index/status/accepted/'), [], 'no stale entry');
  });

  it('a leave whose delete lands after a join leaves the member listed', async () => {
    const memory = new MemoryDocuments();
    const gated = heldDeletes(memory);
    const slow = new StoredMemberships(gated.documents);
    const asha = { channel: 'whatsapp', id: '919800000001' };
    await slow.join(asha, { id: 'a', name: 'A' });
    await slow.ready();
    const gate = gated.hold((name) => name.startsWith('members-by-community/a/'));
    const leaving = slow.leave(asha, 'a');
    await gate.held; // the membership is written without "a"; the entry's delete waits
    await new StoredMemberships(memory).join(asha, { id: 'a', name: 'A' });
    gate.release();
    await leaving;
    const members = await new StoredMemberships(memory).membersOf('a', { limit: 5 });
    assert.deepEqual(members.items, [asha]);
  });
});
