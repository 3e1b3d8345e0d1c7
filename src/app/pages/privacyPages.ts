/**
 * `GET /privacy` and `GET /terms`: plain HTML pages (no scripts, no styles to load) built from the privacy
 * notice's catalogue texts and the organisation's settings, so the page says what the chat says. English
 * by default; Hindi with `?lang=hi`, or when the browser's Accept-Language prefers Hindi. Each page links
 * to the other language. Every setting is escaped.
 */
import { t, type Locale, type MessageKey } from '../../../dialogs/catalogue';
import {
  NOTICE_SECTIONS,
  noticeOf,
  noticeParams,
  type Notice,
  type NoticeSettings,
} from '../../../dialogs/consent/notice';
import { headerOf, type HttpRequest, type RouteHandler } from '../../core/http';
import { RawAnswer, sendRaw } from '../../core/rawAnswer';
import type { Config } from '../config';
import type { ApiRoute } from '../server';

export type PageName = 'privacy' | 'terms';

/** The notice's settings from the configuration. */
export function noticeSettingsOf(
  config: Pick<
    Config,
    | 'ORG_NAME'
    | 'ORG_CONTACT'
    | 'PUBLIC_BASE_URL'
    | 'HISTORY_RETENTION_DAYS'
    | 'MEDIA_RETENTION_DAYS'
    | 'INACTIVE_PERSON_DAYS'
  >,
): NoticeSettings {
  return {
    orgName: config.ORG_NAME,
    orgContact: config.ORG_CONTACT,
    publicBaseUrl: config.PUBLIC_BASE_URL,
    historyDays: config.HISTORY_RETENTION_DAYS,
    mediaDays: config.MEDIA_RETENTION_DAYS,
    inactiveDays: config.INACTIVE_PERSON_DAYS,
  };
}

/** `?lang=hi` or `?lang=en` first; then Accept-Language's first language we have; then English. */
export function pageLocale(request: Pick<HttpRequest, 'query' | 'headers'>): Locale {
  const asked = request.query.lang;
  if (asked === 'hi' || asked === 'en') return asked;
  const accepted = (headerOf(request, 'accept-language') ?? '')
    .split(',')
    .map((part) => part.trim().split(';')[0]?.toLowerCase().split('-')[0]);
  return accepted.find((lang): lang is Locale => lang === 'hi' || lang === 'en') ?? 'en';
}

const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => escapes[c] ?? c);
}

/** The page's sections: a heading and its paragraph, all escaped. */
function sections(name: PageName, locale: Locale, settings: Notice): string[] {
  const params = noticeParams(locale, settings);
  const text = (key: MessageKey): string => escapeHtml(t(locale, key, params));
  const section = (heading: MessageKey, body: MessageKey): string =>
    `<h2>${text(heading)}</h2>\n<p>${text(body)}</p>`;
  if (name === 'terms') {
    const privacyLink = `<a href="privacy?lang=${locale}">${text('privacy.pageTitle')}</a>`;
    return [
      `<p>${text('terms.service')}</p>`,
      `<p>${text('terms.honest')}</p>`,
      `<p>${text('terms.noPromise')}</p>`,
      `<p>${escapeHtml(t(locale, 'terms.privacy', { privacy: '' }))} ${privacyLink}</p>`,
    ];
  }
  const contact = settings.orgContact === undefined ? [] : [section('privacy.contact', 'consent.contact')];
  return [
    ...NOTICE_SECTIONS.map(([body, heading]) => section(heading, body)),
    ...contact,
    `<p><small>${escapeHtml(t(locale, 'privacy.version', { version: settings.version }))}</small></p>`,
  ];
}

/** The whole page in one language, with a link to the other. */
export function renderPage(name: PageName, locale: Locale, settings: Notice): string {
  const title = escapeHtml(t(locale, name === 'privacy' ? 'privacy.pageTitle' : 'terms.pageTitle'));
  const org = escapeHtml(noticeParams(locale, settings).org ?? '');
  const other: Locale = locale === 'en' ? 'hi' : 'en';
  const otherName = other === 'en' ? 'English' : 'हिन्दी';
  return [
    '<!doctype html>',
    `<html lang="${locale}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${title} · ${org}</title>`,
    '</head>',
    '<body>',
    `<p><a href="${name}?lang=${other}" hreflang="${other}" lang="${other}">${otherName}</a></p>`,
    '<main>',
    `<h1>${title}</h1>`,
    `<p>${org}</p>`,
    ...sections(name, locale, settings),
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** `GET /privacy` and `GET /terms`, for `createServer`'s `raw` routes. */
export function privacyPages(settings: NoticeSettings): ApiRoute[] {
  const notice = noticeOf(settings);
  const page =
    (name: PageName): RouteHandler =>
    (request, response) => {
      const locale = pageLocale(request);
      const headers = { 'Content-Language': locale, Vary: 'Accept-Language' };
      const html = renderPage(name, locale, notice);
      return sendRaw(response, 200, new RawAnswer('text/html; charset=utf-8', html, headers));
    };
  return (['privacy', 'terms'] as const).map((name) => ({
    method: 'GET',
    path: `/${name}`,
    handler: page(name),
  }));
}

/** The start banner's line about the notice: a warning while the organisation is not named. */
export function noticeLine(settings: NoticeSettings): { level: 'info' | 'warn'; text: string } {
  const { version } = noticeOf(settings);
  const pages = settings.publicBaseUrl === undefined ? 'not linked (PUBLIC_BASE_URL unset)' : 'linked';
  const missing = (['ORG_NAME', 'ORG_CONTACT'] as const).filter(
    (name) => (name === 'ORG_NAME' ? settings.orgName : settings.orgContact) === undefined,
  );
  if (missing.length === 0)
    return { level: 'info', text: `privacy notice: version ${version}, /privacy and /terms ${pages}` };
  return {
    level: 'warn',
    text:
      `privacy notice: ${missing.join(' and ')} unset, so the notice and /privacy name "${t('en', 'consent.defaultOrg')}"` +
      `${settings.orgContact === undefined ? ' and give no contact' : ''}; set them (README "Privacy notice")`,
  };
}
