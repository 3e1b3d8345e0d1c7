/** A turn that throws: the person gets an apology in their language and the conversation starts clean. */
import assert from 'node:assert/strict';
import { TestAdapter, type TurnContext } from 'botbuilder';
import { DialogContext, DialogContextError, DialogSet } from 'botbuilder-dialogs';
import { INBOUND_EVENT } from '../../../adapters/base/channelAdapter';
import { ConcurrentConversationState, ConcurrentUserState } from '../../../src/durable/concurrentState';
import {
  ChannelApiError,
  ChannelUnavailableError,
  DeliveryDeferredError,
  StateConflictError,
} from '../../../src/core/errors';
import { BlobStateStorage } from '../../../src/durable/storage/blobStateStorage';
import { createIdHasher } from '../../../src/app/telemetry/idHasher';
import { createTurnErrorHandler } from '../../../src/app/turnErrorHandler';
import { whatsAppRefusal } from '../../helpers/apiRefusal';
import { testAccount } from '../../helpers/azurite';
import { capturedLog } from '../../helpers/capturedLog';

function setup(failWith: (context: TurnContext) => Error) {
  const storage = new BlobStateStorage(testAccount());
  const conversationState = new ConcurrentConversationState(storage);
  const userState = new ConcurrentUserState(storage);
  const { lines, log } = capturedLog({ secrets: ['super-secret-token'] });
  const progress = conversationState.createProperty<number>('progress');
  const profile = userState.createProperty<unknown>('profile');
  const adapter = new TestAdapter(async (context) => {
    if (context.activity.text === 'hindi') {
      await profile.set(context, { locale: 'hi', welcomed: true });
      await userState.saveChanges(context);
      return;
    }
    await profile.get(context);
    await progress.set(context, ((await progress.get(context)) ?? 0) + 1);
    await conversationState.saveChanges(context);
    if (context.activity.text === 'boom') throw failWith(context);
  });
  adapter.onTurnError = createTurnErrorHandler({
    log,
    conversationState,
    userState,
    defaultLocale: 'en',
    hashId: createIdHasher('k'.repeat(32)),
  });
  return { adapter, storage, lines, key: 'test/conversations/Convo1' };
}

describe('turn error handler', () => {
  it('apologises, clears the conversation state, and logs without secrets or user ids', async () => {
    const { adapter, storage, lines, key } = setup(
      () => new Error('downstream failed with super-secret-token'),
    );
    await adapter.receiveActivity('step');
    assert.equal((await storage.read([key]))[key]?.progress, 1);
    await adapter.receiveActivity('boom');
    const replies = adapter.activeQueue.splice(0);
    assert.deepEqual(
      replies.map((r) => r.text),
      ['Sorry, something went wrong on our side. Please send "hi" to start again.'],
    );
    assert.deepEqual(await storage.read([key]), {});
    const errorLine = lines.find((l) => l.level === 'error')?.line ?? '';
    assert.match(errorLine, /turn failed/);
    assert.doesNotMatch(errorLine, /super-secret-token/);
    assert.doesNotMatch(errorLine, /"user":"user1"/);
  });

  it('apologises in the person’s language', async () => {
    const { adapter } = setup(() => new Error('x'));
    await adapter.receiveActivity('hindi');
    await adapter.receiveActivity('boom');
    assert.deepEqual(
      adapter.activeQueue.splice(0).map((r) => r.text),
      ['क्षमा करें, हमारी ओर से कुछ गड़बड़ हो गई। कृपया फिर से शुरू करने के लिए "hi" भेजें।'],
    );
  });

  it('leaves state alone when the turn lost a state race (the other writer’s state stands)', async () => {
    const { adapter, storage, key } = setup(() => new StateConflictError('test/conversations/Convo1'));
    await adapter.receiveActivity('boom');
    assert.equal(adapter.activeQueue.length, 0);
    assert.equal((await storage.read([key]))[key]?.progress, 1);
  });

  it('passes a deferred reply on, even wrapped by a dialog: no apology, state kept, the turn runs again', async () => {
    const deferred = new DeliveryDeferredError('whatsapp', 'held back by rate limits');
    const { adapter, storage, key } = setup(
      (context) =>
        new DialogContextError(deferred, new DialogContext(new DialogSet(), context, { dialogStack: [] })),
    );
    await assert.rejects(adapter.receiveActivity('boom'), (error) => error === deferred);
    assert.equal(adapter.activeQueue.length, 0);
    assert.equal((await storage.read([key]))[key]?.progress, 1);
  });

  it('passes an outage of the channel’s API on as a deferral: no apology, state kept, the turn runs again', async () => {
    const outage = new ChannelApiError({
      channel: 'whatsapp',
      status: 500,
      message: 'down',
      retryable: true,
    });
    const { adapter, storage, key, lines } = setup(
      (context) =>
        new DialogContextError(outage, new DialogContext(new DialogSet(), context, { dialogStack: [] })),
    );
    await assert.rejects(
      adapter.receiveActivity('boom'),
      (error) => error instanceof ChannelUnavailableError && error.cause === outage,
    );
    assert.equal(adapter.activeQueue.length, 0, 'no apology');
    assert.equal((await storage.read([key]))[key]?.progress, 1, 'state kept');
    assert.ok(!lines.some((l) => /turn failed/.test(l.line)));
  });

  it('still apologises for a validation error of the API (ours, not the platform’s)', async () => {
    const invalid = whatsAppRefusal(131009, 'Parameter value is not valid');
    const { adapter, storage, key } = setup(() => invalid);
    await adapter.receiveActivity('boom');
    assert.match(adapter.activeQueue.splice(0)[0]?.text ?? '', /something went wrong/);
    assert.deepEqual(await storage.read([key]), {});
  });

  it('passes a lost state race on in a channel adapter’s turn, so its event runs again', async () => {
    const conflict = new StateConflictError('test/conversations/Convo1');
    const { adapter, storage, key } = setup((context) => {
      context.turnState.set(INBOUND_EVENT, { name: 'e', firstRun: true });
      return conflict;
    });
    await assert.rejects(adapter.receiveActivity('boom'), (error) => error === conflict);
    assert.equal(adapter.activeQueue.length, 0);
    assert.equal((await storage.read([key]))[key]?.progress, 1);
  });
});
