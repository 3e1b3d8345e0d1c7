/** Waiting for storage that did not answer at start, on a fake clock: growing waits, then one answer. */
import assert from 'node:assert/strict';
import sinon from 'sinon';
import { awaitStorage, type StorageAnswer } from '../../../../src/durable/storage/awaitStorage';
import type { StorageAccess } from '../../../../src/durable/storage/blobAccount';

describe('awaitStorage', () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: 0 });
  });
  afterEach(() => clock.restore());

  /** A probe that answers from a script, recording when it was asked. */
  function scripted(answers: StorageAccess[]) {
    const askedAt: number[] = [];
    const probe = (): Promise<StorageAccess> => {
      askedAt.push(Date.now());
      return Promise.resolve(answers.shift() ?? { status: 'unreachable', detail: 'ECONNREFUSED' });
    };
    return { probe, askedAt };
  }
  const down: StorageAccess = { status: 'unreachable', detail: 'ECONNREFUSED' };

  it('probes again with growing waits until storage answers, then reports the answer once', async () => {
    const { probe, askedAt } = scripted([down, down, down, { status: 'ok' }]);
    const answers: StorageAnswer[] = [];
    awaitStorage(probe, (a) => answers.push(a), { firstDelayMs: 1_000, maxDelayMs: 3_000 });
    await clock.tickAsync(60_000);
    assert.deepEqual(askedAt, [1_000, 3_000, 6_000, 9_000]);
    assert.deepEqual(answers, [{ status: 'ok' }]);
  });

  it('reports credentials the account refuses (the caller exits 2)', async () => {
    const { probe } = scripted([down, { status: 'denied', detail: '403 AuthorizationFailure' }]);
    const answers: StorageAnswer[] = [];
    awaitStorage(probe, (a) => answers.push(a));
    await clock.tickAsync(10_000);
    assert.deepEqual(answers, [{ status: 'denied', detail: '403 AuthorizationFailure' }]);
  });

  it('stops probing when stopped', async () => {
    const { probe, askedAt } = scripted([]);
    const waiting = awaitStorage(probe, () => assert.fail('no answer expected'));
    await clock.tickAsync(1_000);
    waiting.stop();
    await clock.tickAsync(120_000);
    assert.equal(askedAt.length, 1);
  });
});
