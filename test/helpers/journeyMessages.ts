/**
 * What the catalogue test asks of the shared catalogues, asked of a journey's own messages: the same keys
 * in English and Hindi, none empty, the Hindi in Devanagari and not the English, placeholders alike.
 */
import assert from 'node:assert/strict';
import type { Journey } from '../../dialogs/journeys/journey';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

export function assertJourneyMessages(journey: Journey): void {
  const { en, hi } = journey.messages ?? { en: {}, hi: {} };
  assert.deepEqual(
    Object.keys(hi).sort(),
    Object.keys(en).sort(),
    `${journey.id}: the same keys in en and hi`,
  );
  for (const [key, english] of Object.entries(en)) {
    const hindi = hi[key] ?? '';
    assert.ok(english.trim() !== '' && hindi.trim() !== '', `${journey.id}: ${key} is empty`);
    assert.match(hindi, /[\u0900-\u097F]/, `${journey.id}: ${key} has no Devanagari`);
    assert.notEqual(hindi, english, `${journey.id}: ${key}`);
    assert.deepEqual(placeholders(hindi), placeholders(english), `${journey.id}: ${key} placeholders`);
  }
}
