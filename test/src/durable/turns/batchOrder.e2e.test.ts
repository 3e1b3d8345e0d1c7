/**
 * A person's messages run in the platform's order even when the first came in a large batch (recorded as
 * one batch record and written to their inbox only after the answer) and the next one alone, right after:
 * the small webhook's drain waits until the batch's events for that person are in their inbox.
 */
import assert from 'node:assert/strict';
import type { ArrivingEvent } from '../../../../src/durable/turns/turnStores';
import type { InboxEvent } from '../../../../src/durable/storage/conversationInbox';
import { BATCH_THRESHOLD } from '../../../../src/durable/turns/webhookIntake';
import { testAccount } from '../../../helpers/azurite';
import { waitUntil } from '../../../helpers/botProcess';
import { interceptedInbox } from '../../../helpers/interceptedInbox';
import { turnsOver } from '../../../helpers/turnsOver';

describe('webhook intake: order across a batch and a later webhook', () => {
  it('runs the batch’s message of a person before the message they sent next on its own', async () => {
    const account = testAccount();
    let releaseFirst: () => void = () => undefined;
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    /** The batch's fan-out writes the person's first message late (a slow store, a busy fan-out). */
    const slowFirst = interceptedInbox(account, (event) =>
      event.id === 'first' ? firstHeld : Promise.resolve(),
    );
    const { turns, inFlight } = turnsOver(account, {
      inbox: slowFirst,
      staleAfterMs: 60_000,
      sweepEveryMs: 0,
    });
    const ran: string[] = [];
    let others = 0;
    turns.register('whatsapp', (event: InboxEvent) => {
      if (event.conversationKey === 'PN:person') ran.push(event.id);
      else others += 1;
      return Promise.resolve();
    });
    const event = (conversationKey: string, id: string, timestampMs: number): ArrivingEvent => ({
      channel: 'whatsapp',
      conversationKey,
      timestampMs,
      id,
      payload: {},
    });
    const batch = [
      event('PN:person', 'first', 1_000),
      ...Array.from({ length: BATCH_THRESHOLD }, (_, i) => event(`PN:other${i}`, `other${i}`, 1_000)),
    ];
    const big = await turns.recordWebhook(batch);
    assert.equal(big.error, undefined);
    big.proceed();
    const small = await turns.recordWebhook([event('PN:person', 'second', 2_000)]);
    assert.equal(small.error, undefined);
    small.proceed();
    // Everything that can run without the first message's write runs: the rest of the batch.
    assert.ok(await waitUntil(() => others === BATCH_THRESHOLD, 15_000), 'the rest of the batch ran');
    assert.deepEqual(ran, [], 'the second waits for the first to be written');
    releaseFirst();
    await inFlight.idle(15_000);
    assert.deepEqual(ran, ['first', 'second']);
  });
});
