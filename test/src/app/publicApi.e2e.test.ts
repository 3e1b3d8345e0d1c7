/**
 * A bot developer reuses the WhatsApp adapter in their own bot with nothing but the package's public API
 * (`src/index.ts`, the package's `main`): no deep imports into `dist/`.
 */
import assert from 'node:assert/strict';
import * as api from '../../../src/index';
import { sharedAzurite, uniquePrefix } from '../../helpers/azurite';

describe('the public API', () => {
  it('exports what building a channel adapter into another bot needs', async () => {
    const account = new api.BlobAccount({
      connectionString: sharedAzurite().connectionString,
      containerPrefix: uniquePrefix(),
    });
    const log = api.silentLogger;
    const inFlight = new api.InFlight();
    const state = new api.ConcurrentConversationState(new api.BlobStateStorage(account));
    const inbox = new api.ConversationInbox(account);
    const turns = new api.DurableTurns({ inbox, lease: new api.ConversationLease(account), inFlight, log });
    const outbound: api.OutboundSettings = { maxWaitMs: 30_000 };
    const retry: api.RetryPolicy = api.DEFAULT_RETRY;
    const logic: api.TurnLogic = async (context) => {
      await context.sendActivity(`echo: ${context.activity.text ?? ''}`);
    };
    const adapter = new api.WhatsAppAdapter({
      log,
      inFlight,
      numbers: [
        {
          transport: 'cloud',
          phoneNumberId: '1234567890',
          accessToken: 'token',
          appSecret: 'secret',
          verifyToken: 'verify',
          graphUrl: 'http://127.0.0.1:9/v24.0',
          messagesPerSecond: api.DEFAULT_MESSAGES_PER_SECOND,
        },
      ],
      turns,
      logic,
      partsSent: inbox,
      media: new api.MediaStore(account),
      memory: new api.ConversationMemory(new api.DocumentStore(account, 'state')),
      choices: api.choicesInState(state),
      outbound,
      retry,
    });
    assert.ok(adapter instanceof api.ChannelAdapter);
    adapter.closeOutbound();
    await inFlight.idle(1_000);

    const deferred = new api.DeliveryDeferredError('whatsapp', 'held by a rate limit');
    assert.ok(deferred instanceof api.ChannelLayerError);
    // A send that went out unanswered: the adapters count it as sent; direct callers must not repeat it.
    assert.ok(new api.DeliveryUnknownError('whatsapp', 'no answer') instanceof api.ChannelLayerError);
    // A dialog wraps what a step threw in `error` (botbuilder's DialogContextError).
    assert.equal(api.innermostError(Object.assign(new Error('dialog'), { error: deferred })), deferred);
    assert.equal(typeof api.describeError, 'function');
    const outage = api.failureOf(new api.ChannelNetworkError('whatsapp', 'timed out'));
    assert.ok(outage.kind === 'transient' && outage.deferral instanceof api.ChannelUnavailableError);
    assert.equal(typeof api.choicesInDocuments, 'function');
    assert.equal(api.CUSTOMER_SERVICE_WINDOW_MS, 24 * 60 * 60 * 1000);
  });
});
