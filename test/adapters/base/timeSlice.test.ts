import assert from 'node:assert/strict';
import sinon from 'sinon';
import { timeSlicer } from '../../../adapters/base/timeSlice';

describe('timeSlicer', () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    clock = sinon.useFakeTimers({ toFake: ['performance'] });
  });
  afterEach(() => clock.restore());

  it('pauses only once a slice of work has passed, then starts a new slice', async () => {
    const pause = timeSlicer(10);
    assert.equal(pause(), undefined, 'within the slice: no pause');
    clock.tick(9);
    assert.equal(pause(), undefined);
    clock.tick(1);
    const paused = pause();
    assert.ok(paused instanceof Promise, 'the slice is used up');
    await paused;
    assert.equal(pause(), undefined, 'a new slice started');
  });
});
