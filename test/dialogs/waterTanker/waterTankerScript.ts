/** The water tanker's script and checks, shared by its dialog-level and real-app tests. */
import assert from 'node:assert/strict';
import { journeyRegistry } from '../../../dialogs/journeys/builtIn';
import { t } from '../../../dialogs/catalogue';
import type { Submission } from '../../../src/domain/submissions/submission';
import { AGREE } from '../../helpers/consent';
import { WATER_TANKER } from './waterTankerJourney';

export const registry = journeyRegistry([WATER_TANKER]);
const say = (key: string, params?: Record<string, string>) => registry.text('en', key, params);
const REFERENCE = /reference is (WT-[0-9A-HJKMNP-TV-Z]{6})\./;

/** What a person types, and a part of the bot's last reply to it. */
export const SCRIPT: readonly [said: string, lastReply: string | RegExp][] = [
  ['hi', t('en', 'language.prompt')],
  ['English', t('en', 'consent.prompt')],
  [AGREE.en, t('en', 'location.orList')],
  ['24.38, 73.52', t('en', 'communities.choose')],
  ['1', t('en', 'menu.prompt', { community: 'Jhadol Van Samiti' })],
  ['Request a water tanker', t('en', 'place.options')],
  ['Same as my community', say('water_tanker.litres')],
  ['forty', say('water_tanker.litresRetry')],
  ['पाँच हज़ार', say('water_tanker.drinking')],
  ['maybe', t('en', 'yesNo.retry')],
  ['हाँ', say('water_tanker.describe')],
  ['For the school and 40 families, since March', t('en', 'menu.prompt', { community: 'Jhadol Van Samiti' })],
];

export function assertStored(submission: Submission | undefined, channel: string): void {
  assert.ok(submission, 'the submission is stored');
  assert.equal(submission.type, 'water_tanker');
  assert.equal(submission.channel, channel);
  assert.match(submission.reference, /^WT-/);
  assert.deepEqual(submission.fields, { litres: 5000, drinking: true });
  assert.equal(submission.text, 'For the school and 40 families, since March');
  assert.equal(submission.location?.source, 'community');
}

/** Plays the script through `send` (which answers the texts of the bot's replies); returns the reference. */
export async function play(send: (said: string) => Promise<string[]>, where: string): Promise<string> {
  let reference: string | undefined;
  for (const [said, last] of SCRIPT) {
    const replies = await send(said);
    const shown = replies.at(-1) ?? '';
    if (typeof last === 'string') assert.ok(shown.startsWith(last), `${where}, after "${said}": ${shown}`);
    else assert.match(shown, last, where);
    reference ??= replies.map((r) => REFERENCE.exec(r)?.[1]).find((r) => r !== undefined);
  }
  assert.ok(reference, `${where}: the reference was sent`);
  return reference;
}
