/**
 * What a failure means is decided in one place: every consumer asks `src/core/failures.ts` and decides
 * nothing of its own. Told that a plain error (which the table calls ours) is transient, or that the
 * platform did not answer it, the turn error handler, a channel adapter, durable turns and an outbound
 * scheduler all treat it so; a second table in any of them would make its case fail.
 */
import assert from 'node:assert/strict';
import {
  ConversationState,
  MemoryStorage,
  TestAdapter,
  UserState,
  type Activity,
  type ResourceResponse,
  type TurnContext,
} from 'botbuilder';
import sinon from 'sinon';
import { ChannelAdapter } from '../../../adapters/base/channelAdapter';
import { OutboundScheduler } from '../../../adapters/base/outboundScheduler';
import { createTurnErrorHandler } from '../../../src/app/turnErrorHandler';
import { DeliveryDeferredError } from '../../../src/core/errors';
import * as failures from '../../../src/core/failures';
import { InFlight } from '../../../src/core/inFlight';
import { silentLogger } from '../../../src/core/log';
import { rig } from '../../helpers/adapterRig';
import { capturedLog } from '../../helpers/capturedLog';
import { inboxEvent } from '../../helpers/inboxEvent';

const odd = new Error('an error the table is made to call transient');
const deferral = new DeliveryDeferredError('probe', 'held back, as the table says');

/** A channel adapter whose every send fails with `odd`. */
class FailingAdapter extends ChannelAdapter {
  readonly channel = 'probe';

  constructor() {
    super({ log: silentLogger, inFlight: new InFlight() });
  }

  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]) {
    const responses: ResourceResponse[] = [];
    for (const _activity of activities)
      responses.push({ id: (await this.sendPart(context, () => Promise.reject(odd))) ?? '' });
    return responses;
  }

  run(): Promise<void> {
    const conversation = { id: 'c', isGroup: false, name: '', conversationType: '' };
    const activity = { type: 'message', text: 'hi', channelId: 'probe', conversation };
    return this.runRecordedTurn(activity, inboxEvent('probe', 'c', 'x'), async (context) => {
      await context.sendActivity('one');
    });
  }
}

describe('failures: one table drives every consumer', () => {
  beforeEach(() => {
    const failureOf = failures.failureOf;
    sinon
      .stub(failures, 'failureOf')
      .callsFake((error: unknown) =>
        error === odd ? { kind: 'transient', deferral, cause: 'held-back' } : failureOf(error),
      );
  });
  afterEach(() => sinon.restore());

  it('the turn error handler passes it on as its deferral, with no apology', async () => {
    const storage = new MemoryStorage();
    const adapter = new TestAdapter(() => Promise.reject(odd));
    adapter.onTurnError = createTurnErrorHandler({
      log: silentLogger,
      conversationState: new ConversationState(storage),
      userState: new UserState(storage),
      defaultLocale: 'en',
      hashId: (id) => id,
    });
    await assert.rejects(adapter.receiveActivity('hi'), (error) => error === deferral);
    assert.deepEqual(adapter.activeQueue, [], 'no apology');
  });

  it('a channel adapter ends the recorded turn deferred', async () => {
    await assert.rejects(new FailingAdapter().run(), (error) => error === deferral);
  });

  it('durable turns leave the event pending, not counted as a failed run', async () => {
    const { lines, log } = capturedLog();
    const on = rig({ turns: { log } });
    const turns = on.turns;
    turns.register('probe', () => Promise.reject(odd));
    await turns.record('probe', 'c', 1, 'x', {});
    turns.drain('probe', 'c');
    await on.inFlight.idle(10_000);
    assert.ok(lines.some((l) => l.level === 'warn' && /a reply was deferred/.test(l.line)));
    assert.ok(!lines.some((l) => l.level === 'error'), 'no failed run');
    assert.deepEqual(
      (await on.inbox.waiting('probe', 'c')).map((e) => e.id),
      ['x'],
    );
  });

  it('an outbound scheduler holds a message the platform did not answer, and sends it again', async () => {
    const platformAnswerOf = failures.platformAnswerOf;
    sinon
      .stub(failures, 'platformAnswerOf')
      .callsFake((error: unknown, rateLimited: boolean) =>
        error === odd ? 'unanswered' : platformAnswerOf(error, rateLimited),
      );
    const outbox = new OutboundScheduler({
      channel: 'probe',
      messagesPerSecond: 80,
      rateLimitOf: () => undefined,
      maxPauseMs: 20,
    });
    let tries = 0;
    const sent = await outbox.schedule({ recipient: 'r', priority: 'reply' }, () => {
      tries += 1;
      return tries === 1 ? Promise.reject(odd) : Promise.resolve('sent');
    });
    assert.equal(sent, 'sent');
    assert.equal(tries, 2);
  });
});
