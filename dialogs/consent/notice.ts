/**
 * The privacy notice: what is kept, why, who sees it, for how long, how to stop or delete, and whom to ask.
 * The chat shows it at first contact and the `/privacy` page shows it in full, both from the same
 * catalogue texts and the organisation's settings. Its version is a hash of the notice as it reads, in
 * both languages, with the settings filled in: changing a word, the organisation, its contact or a
 * retention period asks everyone again at their next message (the pages' address does not).
 */
import { createHash } from 'node:crypto';
import { LOCALES, t, type Locale, type MessageKey } from '../catalogue';

/** The organisation's settings the notice names (`ORG_NAME`, `ORG_CONTACT`, `PUBLIC_BASE_URL`, retention). */
export interface NoticeSettings {
  /** Unset: the notice says "the organisation that runs this service". */
  orgName?: string;
  /** Unset: the notice has no contact line. */
  orgContact?: string;
  /** Where `/privacy` and `/terms` are served (`https://bot.example.org`); unset, no link is given. */
  publicBaseUrl?: string;
  /** Days the conversation history is kept (`HISTORY_RETENTION_DAYS`). */
  historyDays: number;
  /** Days photos and voice notes of finished submissions are kept (`MEDIA_RETENTION_DAYS`). */
  mediaDays: number;
  /** Days without a message after which everything about a person is deleted (`INACTIVE_PERSON_DAYS`). */
  inactiveDays: number;
}

/** The notice as the bot uses it: its settings and its version. */
export interface Notice extends NoticeSettings {
  version: string;
}

export const DEFAULT_NOTICE_SETTINGS: NoticeSettings = { historyDays: 90, mediaDays: 180, inactiveDays: 365 };

/** The notice's sections in order, each with its page heading. */
export const NOTICE_SECTIONS = [
  ['consent.kept', 'privacy.kept'],
  ['consent.why', 'privacy.why'],
  ['consent.who', 'privacy.who'],
  ['consent.howLong', 'privacy.howLong'],
  ['consent.stop', 'privacy.stop'],
] as const satisfies readonly (readonly [text: MessageKey, heading: MessageKey])[];

const NOTICE_KEYS: readonly MessageKey[] = [
  'consent.title',
  ...NOTICE_SECTIONS.map(([text]) => text),
  'consent.contact',
];

/** The notice with its version: a short hash of what it says in every language. */
export function noticeOf(settings: NoticeSettings): Notice {
  const said = LOCALES.map((locale) => {
    const params = noticeParams(locale, { ...settings, publicBaseUrl: undefined });
    return NOTICE_KEYS.map((key) => t(locale, key, params));
  });
  const version = createHash('sha256').update(JSON.stringify(said)).digest('hex').slice(0, 12);
  return { ...settings, version };
}

/** The values the notice's placeholders take (`privacy` and `terms` only with a public address). */
export function noticeParams(locale: Locale, settings: NoticeSettings): Record<string, string> {
  const base = settings.publicBaseUrl?.replace(/\/+$/, '');
  return {
    org: settings.orgName ?? t(locale, 'consent.defaultOrg'),
    contact: settings.orgContact ?? '',
    days: String(settings.historyDays),
    mediaDays: String(settings.mediaDays),
    inactiveDays: String(settings.inactiveDays),
    ...(base === undefined ? {} : pageLinks(base, locale)),
  };
}

/** The pages' addresses in the person's language (`?lang=hi`; English is the pages' default). */
function pageLinks(base: string, locale: Locale): Record<'privacy' | 'terms', string> {
  const query = locale === 'en' ? '' : `?lang=${locale}`;
  return { privacy: `${base}/privacy${query}`, terms: `${base}/terms${query}` };
}

/** The notice as one chat message: title, sections, contact and the page's link when there is one. */
export function noticeText(locale: Locale, settings: NoticeSettings): string {
  const params = noticeParams(locale, settings);
  const lines = [
    t(locale, 'consent.title', params),
    ...NOTICE_SECTIONS.map(([key]) => t(locale, key, params)),
  ];
  if (settings.orgContact !== undefined) lines.push(t(locale, 'consent.contact', params));
  if (params.privacy !== undefined) lines.push(t(locale, 'consent.more', params));
  return lines.join('\n\n');
}

/** What "help" adds: the privacy and terms pages, when they have a public address. */
export function pagesText(locale: Locale, settings: NoticeSettings): string | undefined {
  const params = noticeParams(locale, settings);
  return params.privacy === undefined ? undefined : t(locale, 'help.pages', params);
}
