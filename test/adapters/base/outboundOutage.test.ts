/**
 * The outbound scheduler on a fake clock while the platform does not answer (5xx, network): the number is
 * held, one probe at a time with a doubling hold tests it, the first answer releases everyone, receipts
 * are dropped meanwhile, and a message held too long is deferred as `ChannelUnavailableError`.
 */
import assert from 'node:assert/strict';
import sinon from 'sinon';
import { OutboundScheduler, type OutboundPriority } from '../../../adapters/base/outboundScheduler';
import { metaRateLimit } from '../../../adapters/meta/rateLimits';
import {
  ChannelApiError,
  ChannelNetworkError,
  ChannelUnavailableError,
  DeliveryDeferredError,
} from '../../../src/core/errors';
import { whatsAppRefusal } from '../../helpers/apiRefusal';

const serverError = () =>
  new ChannelApiError({
    channel: 'whatsapp',
    status: 500,
    code: 2,
    message: 'Service temporarily unavailable',
    retryable: true,
  });
const unreachable = () => new ChannelNetworkError('whatsapp', 'POST /messages failed: timed out');

describe('outbound scheduler during an outage', () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: 0 });
  });
  afterEach(() => clock.restore());

  /** A scheduler whose sends record every attempt [label, time] and fail while `down` says so. */
  function harness(maxWaitMs = 60_000) {
    const tried: [string, number][] = [];
    let down: (label: string) => Error | undefined = () => undefined;
    const scheduler = new OutboundScheduler({
      channel: 'whatsapp',
      messagesPerSecond: 80,
      rateLimitOf: metaRateLimit,
      maxPauseMs: 8000,
      maxWaitMs,
    });
    const outcomes = new Map<string, unknown>();
    const send = (label: string, recipient = label[0] ?? '', priority: OutboundPriority = 'reply') => {
      const promise = scheduler.schedule({ recipient, priority }, () => {
        tried.push([label, Date.now()]);
        const failure = down(label);
        return failure ? Promise.reject(failure) : Promise.resolve(label);
      });
      promise.then(
        (value) => outcomes.set(label, value),
        (error: unknown) => outcomes.set(label, error),
      );
      return promise;
    };
    const setDown = (fail: (label: string) => Error | undefined) => (down = fail);
    return { send, tried, outcomes, setDown, labels: () => tried.map(([label]) => label) };
  }

  it('holds the number: one probe at a time, each hold twice the last, and the first answer releases everyone', async () => {
    const { send, tried, outcomes, setDown, labels } = harness();
    setDown(() => serverError());
    void send('a1');
    await clock.tickAsync(0);
    for (const person of ['b', 'c', 'd', 'e']) void send(`${person}1`);
    await clock.tickAsync(250 + 500 + 1000 - 1); // the shortest three holds
    assert.ok(tried.length <= 3, `only the probes reached the API (${labels().join(' ')})`);
    await clock.tickAsync(500 + 1000 + 2000 - 250 - 500 - 1000 + 1); // the longest three holds
    assert.deepEqual(
      labels(),
      ['a1', 'a1', 'a1', 'a1'],
      'the held message is the probe; no one else is sent',
    );
    const gaps = tried.slice(1).map(([, at], i) => at - (tried[i]?.[1] ?? 0));
    assert.ok(
      gaps.every((gap, i) => gap >= 250 * 2 ** i && gap <= 500 * 2 ** i),
      `holds double: ${gaps.join(', ')} ms`,
    );
    setDown(() => undefined);
    await clock.tickAsync(4000);
    assert.deepEqual(labels().slice(4), ['a1', 'b1', 'c1', 'd1', 'e1'], 'then everyone, in order');
    assert.equal(outcomes.get('e1'), 'e1');
    const recovered = tried[4]?.[1] ?? 0;
    assert.ok(
      tried.slice(5).every(([, at]) => at === recovered),
      'all at once after the probe answered',
    );
  });

  it('a network failure is an outage too; a refusal (an API answer) ends it', async () => {
    const invalid = whatsAppRefusal();
    const { send, outcomes, setDown, labels } = harness();
    setDown(() => unreachable());
    void send('a1');
    await clock.tickAsync(0);
    void send('c1');
    await clock.tickAsync(200);
    assert.deepEqual(labels(), ['a1'], 'a network failure holds the number too');
    setDown((label) => (label === 'a1' ? invalid : undefined));
    await clock.tickAsync(300);
    assert.equal(outcomes.get('a1'), invalid, 'the probe’s refusal goes to its caller');
    assert.deepEqual(labels(), ['a1', 'a1', 'c1'], 'and ends the outage: the API answers');
    assert.equal(outcomes.get('c1'), 'c1');
  });

  it('drops receipts while the number is held for an outage, and never probes with one', async () => {
    const { send, setDown, labels, outcomes } = harness();
    setDown(() => serverError());
    void send('a1');
    await clock.tickAsync(0);
    const dropped = send('r1', 'r', 'receipt').catch((error: unknown) => error);
    assert.ok((await dropped) instanceof ChannelUnavailableError);
    await clock.tickAsync(10_000);
    assert.ok(!labels().includes('r1'));
    setDown(() => undefined);
    await clock.tickAsync(10_000);
    assert.equal(outcomes.get('a1'), 'a1');
  });

  it('defers a message held longer than maxWaitMs as ChannelUnavailableError, the platform’s error its cause', async () => {
    const { send, setDown, outcomes } = harness(5000);
    setDown(() => serverError());
    void send('a1');
    await clock.tickAsync(0);
    void send('b1');
    await clock.tickAsync(5000);
    for (const label of ['a1', 'b1']) {
      const error = outcomes.get(label);
      assert.ok(error instanceof ChannelUnavailableError, `${label}: ${String(error)}`);
      assert.ok(error instanceof DeliveryDeferredError, 'a kind of deferral');
      assert.match(error.message, /held back while the API did not answer/);
    }
    const deferred = outcomes.get('a1');
    assert.ok(deferred instanceof Error && deferred.cause instanceof ChannelApiError);
    assert.equal(deferred.cause.status, 500);
  });
});
