/**
 * The base adapter's handling of a recorded turn whose replies are deferred (rate limits, or the channel's
 * API not answering): the run ends deferred whenever the turn's own replies were held back (even if the
 * bot or its error handler swallowed that), nothing more of the reply goes out after a deferral, and an
 * apology deferred after a genuine failure (a bug, a validation error) does not turn that failure into a
 * deferral. A part whose send had an unknown outcome counts as sent: recorded as unknown, never sent again,
 * the rest of the reply goes on.
 */
import assert from 'node:assert/strict';
import type { Activity, ResourceResponse, TurnContext } from 'botbuilder';
import { DialogContext, DialogContextError, DialogSet } from 'botbuilder-dialogs';
import { ChannelAdapter, type TurnLogic } from '../../../adapters/base/channelAdapter';
import {
  ChannelApiError,
  ChannelNetworkError,
  ChannelUnavailableError,
  DeliveryDeferredError,
  DeliveryUnknownError,
} from '../../../src/core/errors';
import { InFlight } from '../../../src/core/inFlight';
import { createLogger, silentLogger, type Logger } from '../../../src/core/log';
import type { InboxEvent, PartsSent } from '../../../src/durable/storage/conversationInbox';
import { inboxEvent } from '../../helpers/inboxEvent';

class ProbeAdapter extends ChannelAdapter {
  readonly channel = 'probe';
  readonly sent: string[] = [];
  /** Texts whose send is deferred. */
  readonly held = new Set<string>();
  /** Texts the platform takes without answering: sent, with an unknown outcome. */
  readonly unanswered = new Set<string>();
  /** Texts whose send fails with this error (the channel's API). */
  readonly failing = new Map<string, Error>();

  constructor(partsSent: PartsSent, deps: { log?: Logger; hashId?: (id: string) => string } = {}) {
    super({ log: deps.log ?? silentLogger, inFlight: new InFlight(), partsSent, hashId: deps.hashId });
  }

  override async sendActivities(
    context: TurnContext,
    activities: Partial<Activity>[],
  ): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    for (const { text = '' } of activities) {
      const id = await this.sendPart(context, () => {
        if (this.held.has(text)) return Promise.reject(new DeliveryDeferredError('probe', 'held back'));
        const failure = this.failing.get(text);
        if (failure) return Promise.reject(failure);
        this.sent.push(text);
        if (this.unanswered.has(text))
          return Promise.reject(new DeliveryUnknownError('probe', 'POST /messages failed: timed out'));
        return Promise.resolve(`out-${this.sent.length}`);
      });
      responses.push({ id: id ?? '' });
    }
    return responses;
  }

  run(logic: TurnLogic, recorded = event()): Promise<void> {
    return this.runRecordedTurn(
      {
        type: 'message',
        text: 'hi',
        channelId: 'probe',
        conversation: { id: 'c', isGroup: false, name: '', conversationType: '' },
      },
      recorded,
      logic,
    );
  }
}

function event(): InboxEvent {
  return inboxEvent('probe', 'c', 'x');
}

const partsSent: PartsSent = {
  partsSent: (e) => Promise.resolve(e.partsSent ?? 0),
  recordPartsSent: (e, parts) => {
    e.partsSent = parts;
    return Promise.resolve();
  },
};

describe('channel adapter: deferred replies in a recorded turn', () => {
  it('ends the run deferred even when the bot swallows the deferral, and sends nothing after it', async () => {
    const adapter = new ProbeAdapter(partsSent);
    adapter.held.add('two');
    const run = adapter.run(async (context) => {
      await context.sendActivity('one');
      await context.sendActivity('two').catch(() => undefined);
      await context.sendActivity('three').catch(() => undefined);
    });
    await assert.rejects(run, (error) => error instanceof DeliveryDeferredError);
    assert.deepEqual(adapter.sent, ['one'], 'part three did not overtake the held part two');
  });

  it('ends the run deferred when the error handler rethrows the dialog’s wrapper', async () => {
    const adapter = new ProbeAdapter(partsSent);
    adapter.held.add('one');
    adapter.onTurnError = (_context, error) => Promise.reject(error);
    const run = adapter.run(async (context) => {
      try {
        await context.sendActivity('one');
      } catch (error) {
        throw new DialogContextError(
          error instanceof Error ? error : String(error),
          new DialogContext(new DialogSet(), context, { dialogStack: [] }),
        );
      }
    });
    await assert.rejects(run, (error) => error instanceof DeliveryDeferredError);
  });

  it('a genuine failure stays a failure handled by the error handler, even if its apology is deferred', async () => {
    const adapter = new ProbeAdapter(partsSent);
    adapter.held.add('sorry');
    let handled = 0;
    adapter.onTurnError = async (context) => {
      handled += 1;
      await context.sendActivity('sorry').catch(() => undefined);
    };
    await adapter.run(async (context) => {
      await context.sendActivity('one');
      throw new Error('a bug');
    });
    assert.equal(handled, 1);
    assert.deepEqual(adapter.sent, ['one']);
  });

  it('a send the API did not answer (5xx, network) defers the run, even when the error handler swallows it', async () => {
    for (const outage of [
      new ChannelApiError({ channel: 'probe', status: 503, message: 'down', retryable: true }),
      new ChannelNetworkError('probe', 'timed out'),
    ]) {
      const adapter = new ProbeAdapter(partsSent);
      adapter.failing.set('two', outage);
      let handled = 0;
      adapter.onTurnError = () => {
        handled += 1; // a bot developer's handler that swallows every failure
        return Promise.resolve();
      };
      const run = adapter.run(async (context) => {
        await context.sendActivity('one');
        await context.sendActivity('two');
        await context.sendActivity('three');
      });
      await assert.rejects(
        run,
        (error) => error instanceof ChannelUnavailableError && error.cause === outage,
      );
      assert.deepEqual(adapter.sent, ['one'], 'nothing after the part that failed');
      assert.equal(handled, 1);
    }
  });

  it('a validation error of the API stays a failure for the error handler', async () => {
    const adapter = new ProbeAdapter(partsSent);
    adapter.failing.set(
      'two',
      new ChannelApiError({ channel: 'probe', status: 400, code: 100, message: 'x', retryable: false }),
    );
    let handled = 0;
    adapter.onTurnError = () => {
      handled += 1;
      return Promise.resolve();
    };
    await adapter.run(async (context) => {
      await context.sendActivity('one');
      await context.sendActivity('two');
    });
    assert.equal(handled, 1);
  });
});

describe('channel adapter: a part whose outcome is unknown', () => {
  const PHONE = '919800000001';
  const say = (...texts: string[]): TurnLogic => {
    return async (context) => {
      for (const text of texts) await context.sendActivity(text);
    };
  };

  it('counts it as sent, records it as unknown, sends the rest, and a replay sends none of it again', async () => {
    const marks: [number, string | undefined][] = [];
    const spy: PartsSent = {
      partsSent: (e) => Promise.resolve(e.partsSent ?? 0),
      recordPartsSent: (e, parts, outcome) => {
        marks.push([parts, outcome]);
        e.partsSent = parts;
        return Promise.resolve();
      },
    };
    const lines: string[] = [];
    const log = createLogger({ level: 'debug', sink: (_level, line) => lines.push(line) });
    const adapter = new ProbeAdapter(spy, { log, hashId: (id) => `h_${id.length}` });
    adapter.unanswered.add('one');
    let handled = 0;
    adapter.onTurnError = () => {
      handled += 1;
      return Promise.resolve();
    };
    const recorded = { ...event(), conversationKey: `106540352242922:${PHONE}`, id: `wamid.${PHONE}` };
    await adapter.run(say('one', 'two'), recorded);
    assert.deepEqual(adapter.sent, ['one', 'two'], 'the reply went on after the unanswered part');
    assert.equal(handled, 0, 'not a failure of the turn');
    assert.deepEqual(
      marks.map(([parts, outcome]) => [parts, outcome ?? 'sent']),
      [
        [1, 'unknown'],
        [2, 'sent'],
      ],
    );
    const warning = lines.find((l) => /WARN/.test(l) && /outcome is unknown/.test(l));
    assert.ok(warning, 'a warning names the event');
    assert.match(warning, /h_\d+/);
    assert.doesNotMatch(lines.join('\n'), new RegExp(PHONE), 'no phone number in the logs');

    // The same event replayed (say its run was later interrupted): neither part goes out again.
    const replay = new ProbeAdapter(spy);
    await replay.run(say('one', 'two'), { ...recorded, firstRun: false });
    assert.deepEqual(replay.sent, []);
  });

  it('a proactive turn whose reply was deferred rejects, even when its logic swallowed the deferral', async () => {
    const adapter = new ProbeAdapter(partsSent);
    adapter.held.add('notice');
    const swallowing: TurnLogic = async (turn) => {
      await turn.sendActivity('notice').catch(() => undefined);
    };
    await assert.rejects(
      adapter.continueConversation(
        { channelId: 'probe', conversation: { id: 'c', isGroup: false, name: '', conversationType: '' } },
        swallowing,
      ),
      DeliveryDeferredError,
    );
    assert.deepEqual(adapter.sent, []);
  });

  it('in a proactive turn too, the part counts as sent and the turn goes on', async () => {
    const adapter = new ProbeAdapter(partsSent);
    adapter.unanswered.add('notice');
    await adapter.continueConversation(
      { channelId: 'probe', conversation: { id: 'c', isGroup: false, name: '', conversationType: '' } },
      say('notice', 'more'),
    );
    assert.deepEqual(adapter.sent, ['notice', 'more']);
  });
});
