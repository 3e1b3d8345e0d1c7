/** Every message exists in both catalogues, the Hindi is Hindi, and dialogs keep no user-facing text inline. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { en } from '../../dialogs/catalogue/en';
import { hi } from '../../dialogs/catalogue/hi';
import { LOCALES, t } from '../../dialogs/catalogue';
import { journeyRegistry } from '../../dialogs/journeys/builtIn';
import { assertJourneyMessages } from '../helpers/journeyMessages';

const DIALOGS = resolve(__dirname, '..', '..', '..', 'dialogs');
/** Keys whose text is bilingual on purpose (shown before a language is chosen). */
const BILINGUAL = new Set(['language.prompt', 'language.retry']);
/** Keys that are only a layout of placeholders. */
const FORMAT_ONLY = new Set(['status.item']);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'catalogue' ? [] : sources(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

describe('message catalogues', () => {
  it('have the same keys, none empty', () => {
    assert.deepEqual(Object.keys(hi).sort(), Object.keys(en).sort());
    for (const [key, text] of [...Object.entries(en), ...Object.entries(hi)])
      assert.ok(text.trim() !== '', key);
  });

  it('are written in Hindi in hi and differ from English, except the bilingual language prompt', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      if (BILINGUAL.has(key) || FORMAT_ONLY.has(key)) {
        assert.equal(hi[key], en[key]);
        continue;
      }
      assert.match(hi[key], /[\u0900-\u097F]/, `${key} has no Devanagari`);
      assert.notEqual(hi[key], en[key], key);
    }
  });

  it('keep the same placeholders in both languages', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      assert.deepEqual(placeholders(hi[key]), placeholders(en[key]), key);
    }
    assert.equal(t('en', 'join.done', { community: 'X' }), '✅ You have joined X.');
  });

  it('and the journeys’ own messages have every key in both languages, and every key a journey names', () => {
    const registry = journeyRegistry();
    for (const journey of registry.journeys) {
      assertJourneyMessages(journey);
      const named = [journey.title, journey.say, journey.submission?.name, journey.submission?.submitted];
      for (const key of named.filter((k) => k !== undefined))
        for (const locale of LOCALES)
          assert.ok(registry.text(locale, key).trim() !== '', `${journey.id}: ${key}`);
    }
  });

  it('hold every user-facing sentence: dialog code sends none inline', () => {
    for (const file of sources(DIALOGS)) {
      const code = readFileSync(file, 'utf8').replace(/\/\*\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      const sends = code.match(/sendActivity\(\s*['"`]/g) ?? [];
      assert.deepEqual(sends, [], `${file} sends a literal`);
      const sentences = (code.match(/'[^'\n]*[\p{L}\p{M}]{2,}\s[^'\n]*[.!?।]'/gu) ?? []).filter(
        (s) => !/^'[a-z. ]+'$/.test(s),
      );
      assert.deepEqual(sentences, [], `${file} holds a sentence`);
    }
  });
});
