/**
 * Two turns of one conversation that overlap: botbuilder's stock `ConversationState` would let the later
 * save silently overwrite the earlier one; ours raises `StateConflictError`.
 */
import assert from 'node:assert/strict';
import { ConversationState, TestAdapter, TurnContext, type Activity, type BotState } from 'botbuilder';
import { ConcurrentConversationState } from '../../../src/durable/concurrentState';
import { StateConflictError } from '../../../src/core/errors';
import { BlobStateStorage } from '../../../src/durable/storage/blobStateStorage';
import { testAccount } from '../../helpers/azurite';

function contextFor(adapter: TestAdapter, text: string): TurnContext {
  const activity: Partial<Activity> = {
    type: 'message',
    text,
    channelId: 'test',
    conversation: { id: 'conv-1', isGroup: false, conversationType: 'personal', name: '' },
    from: { id: 'user-1', name: 'User' },
    recipient: { id: 'bot', name: 'Bot' },
  };
  return new TurnContext(adapter, activity);
}

/**
 * Turns A (+1) and B (+10) both read the counter before either saves; A saves first. Returns B's save
 * and a reader of the stored counter.
 */
async function overlappingTurns(state: BotState) {
  const counter = state.createProperty<number>('counter');
  const adapter = new TestAdapter();
  const turnA = contextFor(adapter, 'a');
  const turnB = contextFor(adapter, 'b');
  await counter.set(turnA, ((await counter.get(turnA)) ?? 0) + 1);
  await counter.set(turnB, ((await counter.get(turnB)) ?? 0) + 10);
  await state.saveChanges(turnA);
  return {
    saveB: () => state.saveChanges(turnB),
    stored: () => counter.get(contextFor(adapter, 'check')),
  };
}

describe('ConcurrentConversationState', () => {
  it('raises StateConflictError when another turn saved first, and keeps that turn state', async () => {
    const turns = await overlappingTurns(
      new ConcurrentConversationState(new BlobStateStorage(testAccount())),
    );
    await assert.rejects(turns.saveB(), StateConflictError);
    assert.equal(await turns.stored(), 1);
  });

  it('saves several times in one turn, and across turns', async () => {
    const storage = new BlobStateStorage(testAccount());
    const state = new ConcurrentConversationState(storage);
    const counter = state.createProperty<number>('counter');
    const adapter = new TestAdapter();
    for (let turn = 0; turn < 3; turn += 1) {
      const context = contextFor(adapter, String(turn));
      await counter.set(context, ((await counter.get(context)) ?? 0) + 1);
      await state.saveChanges(context);
      await counter.set(context, ((await counter.get(context)) ?? 0) + 1);
      await state.saveChanges(context);
    }
    assert.equal(await counter.get(contextFor(adapter, 'check')), 6);
  });

  it('writes again after the state was deleted in the same turn', async () => {
    const state = new ConcurrentConversationState(new BlobStateStorage(testAccount()));
    const counter = state.createProperty<number>('counter');
    const adapter = new TestAdapter();
    const first = contextFor(adapter, 'first');
    await counter.set(first, 5);
    await state.saveChanges(first);
    const second = contextFor(adapter, 'second');
    await counter.get(second);
    await state.delete(second);
    await counter.set(second, 7);
    await state.saveChanges(second);
    assert.equal(await counter.get(contextFor(adapter, 'check')), 7);
  });

  it('(contrast) stock ConversationState overwrites silently', async () => {
    const turns = await overlappingTurns(new ConversationState(new BlobStateStorage(testAccount())));
    await turns.saveB();
    assert.equal(await turns.stored(), 10, 'turn A’s +1 was lost without an error');
  });
});
