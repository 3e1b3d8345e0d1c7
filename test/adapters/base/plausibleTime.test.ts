import assert from 'node:assert/strict';
import { dateOfUnixSeconds, MAX_AGE_MS, plausibleDate } from '../../../adapters/base/plausibleTime';

const NOW = Date.parse('2026-12-01T10:00:00Z');

describe('plausible timestamps', () => {
  it('keeps a timestamp from the last weeks, and a redelivery days old', () => {
    assert.equal(plausibleDate(NOW - 1000, NOW).getTime(), NOW - 1000);
    assert.equal(
      dateOfUnixSeconds(String((NOW - 6 * 86_400_000) / 1000), NOW).getTime(),
      NOW - 6 * 86_400_000,
    );
  });

  it('gives the time of receipt for what no platform sends', () => {
    for (const nonsense of [
      Number.NaN,
      1e20,
      9999999999999 * 1000,
      -1,
      NOW - MAX_AGE_MS - 1,
      NOW + 3_600_000,
    ])
      assert.equal(plausibleDate(nonsense, NOW).getTime(), NOW, String(nonsense));
    for (const text of ['9999999999999', '1e20', '', '17e8', '-5', '1700000000.5'])
      assert.equal(dateOfUnixSeconds(text, NOW).getTime(), NOW, text);
  });
});
