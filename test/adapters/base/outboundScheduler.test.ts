/** The outbound scheduler on a fake clock: throughput, priority, pacing per person, backoff, patience. */
import assert from 'node:assert/strict';
import sinon from 'sinon';
import {
  OutboundScheduler,
  type OutboundPriority,
  type OutboundSchedulerOptions,
} from '../../../adapters/base/outboundScheduler';
import { metaRateLimit } from '../../../adapters/meta/rateLimits';
import { ChannelApiError, ChannelUnavailableError, DeliveryDeferredError } from '../../../src/core/errors';
import { whatsAppRefusal } from '../../helpers/apiRefusal';

const limit = (code: number, retryAfterMs?: number) =>
  new ChannelApiError({
    channel: 'whatsapp',
    status: 400,
    code,
    message: 'slow down',
    retryable: true,
    retryAfterMs,
  });

describe('outbound scheduler', () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: 0 });
  });
  afterEach(() => clock.restore());

  /** A scheduler whose sends record [label, time] and follow a script of failures per label. */
  function harness(options: Partial<OutboundSchedulerOptions> = {}, failures: Record<string, Error[]> = {}) {
    const sent: [string, number][] = [];
    const scheduler = new OutboundScheduler({
      channel: 'whatsapp',
      messagesPerSecond: 10,
      rateLimitOf: metaRateLimit,
      ...options,
    });
    const outcomes = new Map<string, unknown>();
    const send = (label: string, recipient = label[0] ?? '', priority: OutboundPriority = 'reply') => {
      const promise = scheduler.schedule({ recipient, priority }, () => {
        const failure = failures[label]?.shift();
        if (failure) return Promise.reject(failure);
        sent.push([label, Date.now()]);
        return Promise.resolve(label);
      });
      promise.then(
        (value) => outcomes.set(label, value),
        (error: unknown) => outcomes.set(label, error),
      );
      return promise;
    };
    const labels = () => sent.map(([label]) => label);
    return { scheduler, sent, send, outcomes, labels };
  }

  it('keeps to the number’s rate: a second’s burst, then one message every 1/rate seconds', async () => {
    const { send, sent } = harness({ messagesPerSecond: 10 });
    for (let i = 0; i < 25; i += 1) void send(`m${i}`, `person${i}`);
    await clock.tickAsync(0);
    assert.equal(sent.length, 10);
    await clock.tickAsync(1000);
    assert.equal(sent.length, 20);
    await clock.tickAsync(500);
    assert.equal(sent.length, 25);
    // In any one-second window after the burst, no more than the rate.
    const times = sent.slice(10).map(([, at]) => at);
    for (let i = 10; i < times.length; i += 1) assert.ok(times[i]! - times[i - 10]! >= 1000);
  });

  it('takes its share of the rate when instances share the number, and the whole rate again when alone', async () => {
    const { scheduler, send, sent } = harness({ messagesPerSecond: 10 });
    scheduler.shareRate(1 / 2);
    for (let i = 0; i < 40; i += 1) void send(`m${i}`, `person${i}`);
    await clock.tickAsync(0);
    assert.equal(sent.length, 5, "half a second's burst");
    await clock.tickAsync(2000);
    assert.equal(sent.length, 15, 'five a second');
    scheduler.shareRate(1);
    await clock.tickAsync(2000);
    assert.equal(sent.length, 35, 'ten a second once alone');
    assert.equal(scheduler.currentRate, 10);
  });

  it('keeps a rate lowered by a limit as far below a new share as it was below the old', async () => {
    const { scheduler, send } = harness({ messagesPerSecond: 10 }, { m0: [limit(130429, 100)] });
    void send('m0', 'a');
    await clock.tickAsync(0);
    assert.equal(scheduler.currentRate, 5, 'halved by the limit');
    scheduler.shareRate(1 / 4);
    assert.equal(scheduler.currentRate, 1.25, 'half of the share of four instances');
    scheduler.shareRate(1);
    assert.equal(scheduler.currentRate, 5, 'a share given back does not undo the limit');
  });

  it('sends replies before proactive notifications waiting for the same tokens', async () => {
    const { send, labels } = harness({ messagesPerSecond: 1 });
    void send('p1', 'a', 'proactive');
    void send('p2', 'b', 'proactive');
    void send('p3', 'c', 'proactive');
    void send('r1', 'd', 'reply');
    await clock.tickAsync(3500);
    assert.deepEqual(labels(), ['p1', 'r1', 'p2', 'p3']);
  });

  it('one message in flight per person, in order; other people are not held up', async () => {
    const sent: string[] = [];
    const scheduler = new OutboundScheduler({
      channel: 'whatsapp',
      messagesPerSecond: 100,
      rateLimitOf: metaRateLimit,
    });
    const slow = (label: string) => () =>
      new Promise<void>((resolve) =>
        setTimeout(() => {
          sent.push(label);
          resolve();
        }, 100),
      );
    void scheduler.schedule({ recipient: 'a', priority: 'reply' }, slow('a1'));
    void scheduler.schedule({ recipient: 'a', priority: 'reply' }, slow('a2'));
    void scheduler.schedule({ recipient: 'b', priority: 'reply' }, slow('b1'));
    await clock.tickAsync(100);
    assert.deepEqual(sent.sort(), ['a1', 'b1']);
    await clock.tickAsync(100);
    assert.deepEqual(sent, ['a1', 'b1', 'a2']);
  });

  it('holds the whole number for Retry-After on 130429, halves the rate, then sends the message again', async () => {
    const { send, sent, scheduler, outcomes } = harness(
      { messagesPerSecond: 10 },
      { a1: [limit(130429, 2000)] },
    );
    void send('a1');
    await clock.tickAsync(0);
    void send('b1');
    await clock.tickAsync(1999);
    assert.equal(sent.length, 0, 'nothing goes while the number is held');
    assert.equal(scheduler.currentRate, 5);
    await clock.tickAsync(1);
    assert.deepEqual(
      sent.map(([label]) => label),
      ['a1', 'b1'],
      'the held message keeps its place',
    );
    assert.equal(outcomes.get('a1'), 'a1');
    assert.equal(scheduler.currentRate, 7, 'each success gives a message a second back');
  });

  it('without Retry-After, backs off exponentially (with jitter) while the limit lasts', async () => {
    const { send, sent } = harness(
      { maxPauseMs: 8000 },
      { a1: [limit(130429), limit(130429), limit(130429)] },
    );
    void send('a1');
    await clock.tickAsync(250 + 500 + 1000 - 1); // the shortest the three holds can be
    assert.equal(sent.length, 0);
    await clock.tickAsync(500 + 1000 + 2000);
    assert.equal(sent.length, 1);
    const [, at] = sent[0]!;
    assert.ok(at >= 1750 && at <= 3500, `sent at ${at} ms`);
  });

  it('a pair rate limit (131056) holds only that person, 4^X seconds', async () => {
    const { send, sent } = harness({}, { a1: [limit(131056), limit(131056)] });
    void send('a1', 'a');
    await clock.tickAsync(0);
    void send('b1', 'b');
    await clock.tickAsync(0);
    assert.deepEqual(sent, [['b1', 0]], 'someone else is not held');
    await clock.tickAsync(1000); // first hold: 4^0 s; the second: 4^1 s
    await clock.tickAsync(3999);
    assert.equal(sent.length, 1);
    await clock.tickAsync(1);
    assert.deepEqual(sent[1], ['a1', 5000]);
  });

  it('passes other failures straight to the caller, without sending again', async () => {
    const invalid = whatsAppRefusal();
    const { send, outcomes, sent } = harness({}, { a1: [invalid] });
    await assert.rejects(send('a1'), (error) => error === invalid);
    assert.equal(sent.length, 0);
    assert.equal(outcomes.get('a1'), invalid);
  });

  it('defers a message held back longer than maxWaitMs, with the last limit as its cause', async () => {
    const storm = Array.from({ length: 50 }, () => limit(130429, 1000));
    const { send, sent } = harness({ maxWaitMs: 5000 }, { a1: storm });
    const outcome = send('a1').then(
      () => undefined,
      (error: unknown) => error,
    );
    await clock.tickAsync(5000);
    const error = await outcome;
    assert.ok(error instanceof DeliveryDeferredError, String(error));
    assert.ok(error.cause instanceof ChannelApiError && error.cause.code === 130429);
    assert.ok(!(error instanceof ChannelUnavailableError), 'a rate limit is not an outage');
    assert.equal(sent.length, 0);
  });

  it('receipts take no tokens, and are dropped rather than delayed while the number is held', async () => {
    const { send, sent, outcomes } = harness({ messagesPerSecond: 1 }, { r1: [limit(130429, 5000)] });
    void send('m1', 'a');
    void send('t1', 'b', 'receipt');
    await clock.tickAsync(0);
    assert.deepEqual(
      sent.map(([label]) => label),
      ['m1', 't1'],
      'a receipt goes although the bucket is empty',
    );
    await clock.tickAsync(1000);
    void send('r1', 'c');
    await clock.tickAsync(0);
    const dropped = send('t2', 'd', 'receipt').catch((error: unknown) => error);
    assert.ok((await dropped) instanceof DeliveryDeferredError);
    await clock.tickAsync(5000);
    assert.equal(outcomes.get('r1'), 'r1');
  });

  it('paces each person to the pair limit: a burst, then one message per interval', async () => {
    const { send, sent } = harness({ messagesPerSecond: 100, pairLimit: { burst: 3, intervalMs: 1000 } });
    for (let i = 1; i <= 5; i += 1) void send(`a${i}`, 'a');
    void send('b1', 'b');
    await clock.tickAsync(0);
    assert.deepEqual(
      sent.map(([label]) => label),
      ['a1', 'b1', 'a2', 'a3'],
    );
    await clock.tickAsync(2000);
    assert.deepEqual(
      sent.filter(([label]) => label.startsWith('a')),
      [
        ['a1', 0],
        ['a2', 0],
        ['a3', 0],
        ['a4', 1000],
        ['a5', 2000],
      ],
    );
  });

  it('at shutdown defers what a limit holds back and still sends what can go', async () => {
    const { send, scheduler, outcomes } = harness({ messagesPerSecond: 1 }, { a1: [limit(131056, 30_000)] });
    void send('a1', 'a');
    await clock.tickAsync(0);
    void send('b1', 'b');
    scheduler.close();
    await clock.tickAsync(0);
    assert.ok(outcomes.get('a1') instanceof DeliveryDeferredError);
    await clock.tickAsync(1000);
    assert.equal(outcomes.get('b1'), 'b1');
  });
});
