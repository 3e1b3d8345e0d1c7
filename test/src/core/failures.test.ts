/** What a failure means, decided in one place: transient (defer and replay), a state race, or ours. */
import assert from 'node:assert/strict';
import {
  ChannelApiError,
  ChannelNetworkError,
  ChannelUnavailableError,
  DeliveryDeferredError,
  DeliveryUnknownError,
  LeaseLostError,
  NotSupportedError,
  StateConflictError,
  StorageUnavailableError,
  WindowClosedError,
} from '../../../src/core/errors';
import { failureOf } from '../../../src/core/failures';

const apiError = (status: number, code: number | undefined, retryable: boolean) =>
  new ChannelApiError({ channel: 'whatsapp', status, code, message: 'x', retryable });
/** What botbuilder-dialogs throws around a step's error. */
const wrapped = (error: Error) => Object.assign(new Error('dialog failed'), { error });

describe('failureOf', () => {
  const table: [string, unknown, ReturnType<typeof failureOf>['kind']][] = [
    ['a 500 of the API', apiError(500, undefined, true), 'transient'],
    ['a 503 with code 2 (service unavailable)', apiError(503, 2, true), 'transient'],
    ['131000 (something went wrong)', apiError(500, 131000, true), 'transient'],
    ['a network failure or timeout', new ChannelNetworkError('whatsapp', 'timed out'), 'transient'],
    ['a 500 wrapped by a dialog', wrapped(apiError(500, undefined, true)), 'transient'],
    ['a rate-limit deferral', new DeliveryDeferredError('whatsapp', 'held back'), 'transient'],
    ['a lost lease', new LeaseLostError('whatsapp'), 'transient'],
    ['a state race', new StateConflictError('k'), 'conflict'],
    ['a state race wrapped by a dialog', wrapped(new StateConflictError('k')), 'conflict'],
    ['sent, no answer came back', new DeliveryUnknownError('whatsapp', 'timed out'), 'unknown-outcome'],
    ['100 (invalid parameter)', apiError(400, 100, false), 'ours'],
    ['a 500 with code 100 (a validation error)', apiError(500, 100, false), 'ours'],
    ['131008 (required parameter missing)', apiError(400, 131008, false), 'ours'],
    ['131009 (parameter value not valid)', apiError(400, 131009, false), 'ours'],
    ['the 24-hour window closed', new WindowClosedError('whatsapp'), 'ours'],
    ['an unsupported activity', new NotSupportedError('whatsapp', 'x'), 'ours'],
    ['a bug', new TypeError('x is undefined'), 'ours'],
    ['a thrown string', 'boom', 'ours'],
    ['storage not answering (not a channel)', new StorageUnavailableError('down'), 'ours'],
  ];
  for (const [what, error, kind] of table) {
    it(`${what}: ${kind}`, () => assert.equal(failureOf(error).kind, kind));
  }

  it('a deferral is passed on as it is; a channel that did not answer becomes ChannelUnavailableError', () => {
    const deferred = new LeaseLostError('whatsapp');
    const same = failureOf(wrapped(deferred));
    assert.ok(same.kind === 'transient' && same.deferral === deferred);
    const cause = new ChannelNetworkError(
      'whatsapp',
      'POST https://graph.facebook.com/v24.0/1/messages failed',
    );
    const outage = failureOf(cause);
    assert.ok(outage.kind === 'transient');
    assert.ok(outage.deferral instanceof ChannelUnavailableError);
    assert.equal(outage.deferral.channel, 'whatsapp');
    assert.equal(outage.deferral.cause, cause);
    assert.equal(outage.deferral.reason, 'channel_unavailable');
  });
});
