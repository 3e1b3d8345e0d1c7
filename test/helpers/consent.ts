/**
 * The privacy notice at first contact, as the tests meet it: what the bot shows (the notice, then "Do you
 * agree?" with its two buttons) and what a person answers to agree. Journeys that walk first contact
 * agree once, through these, right after the language choice.
 */
import { t, type Locale } from '../../dialogs/catalogue';
import { DEFAULT_NOTICE_SETTINGS, noticeText, type NoticeSettings } from '../../dialogs/consent/notice';
import type { ExpectedReply } from './transcript';

/** The button that agrees, in each language ("I agree", "मैं सहमत हूँ"). */
export const AGREE: Readonly<Record<Locale, string>> = {
  en: t('en', 'option.agree'),
  hi: t('hi', 'option.agree'),
};
export const DECLINE: Readonly<Record<Locale, string>> = {
  en: t('en', 'option.decline'),
  hi: t('hi', 'option.decline'),
};

/** The notice and its question, as the bot sends them in `locale`. */
export function noticeReplies(
  locale: Locale,
  settings: NoticeSettings = DEFAULT_NOTICE_SETTINGS,
): ExpectedReply[] {
  return [
    { text: noticeText(locale, settings) },
    { text: t(locale, 'consent.prompt'), buttons: [AGREE[locale], DECLINE[locale]] },
  ];
}
