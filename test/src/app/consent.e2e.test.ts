/**
 * Declining the privacy notice keeps nothing but the language, through the real app (signed WhatsApp
 * webhooks, the fake Graph server) over an Azurite of its own: after "hi", a language and "No, thanks"
 * (one person in English, one in Hindi) and Meta's delivery statuses of the bot's replies afterwards, every
 * blob of every container of the storage account is read, and the only one that names either person
 * (their number, their name, in its name, text or metadata) is their user state, holding the language and
 * no consent. Someone who agrees, beside them, leaves far more: the scan sees what is kept. A status that
 * comes while someone is still reading the notice does not lose their place.
 */
import assert from 'node:assert/strict';
import { z } from 'zod';
import { t, type Locale } from '../../../dialogs/catalogue';
import { userStateKey } from '../../../src/durable/concurrentState';
import { everyBlob, holding } from '../../helpers/accountBlobs';
import { replyText, whatsAppApp } from '../../helpers/appOnGraph';
import { startTestAzurite, type TestAzurite } from '../../helpers/azurite';
import { AGREE, DECLINE } from '../../helpers/consent';
import { statusWebhook, text, type Sender } from '../../helpers/whatsappWebhooks';

const NUMBER = { phoneNumberId: '106540352241414', token: 'EAAconsent-token', appSecret: 'consent-secret' };
const LANGUAGE: Record<Locale, string> = { en: 'English', hi: 'हिन्दी' };
/** The user state of someone who declined: the language (and that they were welcomed), nothing else. */
const onlyLanguage = z.strictObject({
  profile: z.strictObject({ locale: z.enum(['en', 'hi']), welcomed: z.literal(true) }),
});

describe('declining the privacy notice keeps only the language', function () {
  this.timeout(60_000);
  let azurite: TestAzurite | undefined;
  before(async () => {
    azurite = await startTestAzurite();
  });
  after(async () => {
    await azurite?.destroy();
  });
  const account = () => azurite?.connectionString ?? 'not started';
  const rig = whatsAppApp(NUMBER, { env: () => ({ AZURE_STORAGE_CONNECTION_STRING: account() }) });
  const people: Record<Locale, Sender> = {
    en: { waId: '919811140001', name: 'Ashalata Devi' },
    hi: { waId: '919811140002', name: 'कमला बाई' },
  };
  const agrees: Sender = { waId: '919811140003', name: 'Ravi Meena' };
  const needles = (who: Sender) => [who.waId, who.name ?? who.waId];

  before(async () => {
    for (const locale of ['en', 'hi'] as const) {
      const who = people[locale];
      for (const said of ['hi', LANGUAGE[locale], DECLINE[locale]]) await rig.say(who, text(who, said));
      // Meta reports on the replies afterwards (ids as it names them; the history keeps any it is told).
      for (const status of ['sent', 'delivered', 'read'] as const)
        for (const reply of [1, 2])
          await rig.deliver(
            statusWebhook(NUMBER.phoneNumberId, who, `wamid.REPLY${reply}-${who.waId}`, status),
          );
    }
    for (const said of ['hi', 'English', AGREE.en]) await rig.say(agrees, text(agrees, said));
    assert.ok(await rig.settle(), 'the background work is done');
  });

  for (const locale of ['en', 'hi'] as const)
    it(`in ${locale}: the notice, the decline's answer, then only the user state with the language`, async () => {
      const who = people[locale];
      const said = rig.repliesTo(who).map(replyText);
      assert.ok(said.includes(t(locale, 'consent.prompt')), JSON.stringify(said));
      assert.equal(said.at(-1), t(locale, 'consent.declined'));

      const blobs = await everyBlob(account());
      const prefix = rig.app.config.STORAGE_CONTAINER_PREFIX;
      assert.deepEqual(
        blobs.filter((b) => !b.container.startsWith(`${prefix}-`)).map((b) => b.container),
        [],
        'the account holds the app’s containers only',
      );
      const found = holding(blobs, needles(who));
      assert.deepEqual(
        found.map((b) => `${b.container}/${b.decodedName}`),
        [`${prefix}-state/${userStateKey('whatsapp', who.waId)}`],
        'only the user state names them',
      );
      const [state] = found;
      assert.deepEqual(onlyLanguage.parse(JSON.parse(state?.text ?? 'null')).profile.locale, locale);
    });

  it('a status while the notice waits for an answer does not lose the person’s place', async () => {
    const reading: Sender = { waId: '919811140004' };
    for (const said of ['hi', 'English']) await rig.say(reading, text(reading, said));
    await rig.deliver(statusWebhook(NUMBER.phoneNumberId, reading, 'wamid.REPLY-reading', 'read'));
    assert.ok(await rig.settle());
    await rig.say(reading, text(reading, AGREE.en));
    assert.equal(replyText(rig.repliesTo(reading).at(-3)), t('en', 'onboarding.intro'));
  });

  it('someone who agreed beside them leaves what the scan finds (history, state, inbox)', async () => {
    const found = holding(await everyBlob(account()), needles(agrees)).map((b) => b.container);
    const prefix = rig.app.config.STORAGE_CONTAINER_PREFIX;
    for (const container of ['history', 'inbox', 'state'])
      assert.ok(found.includes(`${prefix}-${container}`), `${container} in ${JSON.stringify(found)}`);
  });
});
