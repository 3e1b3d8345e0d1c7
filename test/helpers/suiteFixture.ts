/**
 * Something a suite's tests share, started in its `before` hook and stopped in its `after` hook. Call it
 * inside `describe`; the function it returns gives what was started (a test fails if nothing was).
 */
import assert from 'node:assert/strict';

export function suiteFixture<T>(start: () => Promise<T>, stop: (started: T) => Promise<void>): () => T {
  let started: { value: T } | undefined;
  before(async () => {
    started = { value: await start() };
  });
  after(async () => {
    if (started) await stop(started.value);
  });
  return () => {
    assert.ok(started, 'it is started in the suite’s before hook');
    return started.value;
  };
}
