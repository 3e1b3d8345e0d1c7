/** The per-key rate cap: a minute's allowance at once, then the steady rate, each key on its own. */
import assert from 'node:assert/strict';
import { RateCapError } from '../../../../src/app/operatorApi/apiErrors';
import { RateCap } from '../../../../src/app/operatorApi/rateCap';

function refusal(admit: () => void): RateCapError | undefined {
  try {
    admit();
    return undefined;
  } catch (error) {
    if (error instanceof RateCapError) return error;
    throw error;
  }
}

describe('RateCap', () => {
  it('admits the cap, refuses the next with the wait, and admits again once a request is earned back', () => {
    let now = 0;
    const cap = new RateCap(60, () => now);
    for (let i = 0; i < 60; i += 1) cap.admit('ops');
    const refused = refusal(() => cap.admit('ops'));
    assert.equal(refused?.httpStatus, 429);
    assert.equal(refused?.retryAfterSeconds, 1, 'one request a second at 60 a minute');
    assert.equal(
      refusal(() => cap.admit('other')),
      undefined,
      'another key has its own allowance',
    );
    now = 999;
    assert.ok(refusal(() => cap.admit('ops')));
    now = 2_000;
    assert.equal(
      refusal(() => cap.admit('ops')),
      undefined,
    );
  });

  it('gives back no more than a minute of allowance after a long pause', () => {
    let now = 0;
    const cap = new RateCap(3, () => now);
    now = 3_600_000;
    for (let i = 0; i < 3; i += 1) cap.admit('ops');
    assert.equal(refusal(() => cap.admit('ops'))?.retryAfterSeconds, 20);
  });
});
