/**
 * `GET /privacy` and `GET /terms` on the real server: 200 `text/html` in English by default and in Hindi
 * (`?lang=hi`, or an Accept-Language that prefers Hindi), naming the organisation of ORG_NAME (escaped:
 * it is the operator's text in someone's browser), the contact of ORG_CONTACT and the notice's version,
 * each linking to the other language.
 */
import assert from 'node:assert/strict';
import { t, type Locale } from '../../../dialogs/catalogue';
import { noticeOf } from '../../../dialogs/consent/notice';
import { noticeSettingsOf } from '../../../src/app/pages/privacyPages';
import { startTestApp, type TestApp } from '../../helpers/testApp';

const ORG_NAME = '<b>A&B</b>';
const ESCAPED = '&lt;b&gt;A&amp;B&lt;/b&gt;';
const ORG_CONTACT = 'privacy@a-and-b.example (+91 98000 14141)';

describe('the privacy and terms pages', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ ORG_NAME, ORG_CONTACT, PUBLIC_BASE_URL: 'https://bot.example.org' });
  });
  after(async () => {
    await app.stop();
  });

  async function page(path: string, headers: Record<string, string> = {}): Promise<string> {
    const response = await fetch(`${app.url}${path}`, { headers });
    assert.equal(response.status, 200, path);
    assert.match(response.headers.get('content-type') ?? '', /^text\/html; charset=utf-8$/i, path);
    return response.text();
  }

  /** The page is in `locale`: its `lang`, its title, and a link to the same page in the other language. */
  function assertIn(html: string, name: 'privacy' | 'terms', locale: Locale): void {
    const other = locale === 'en' ? 'hi' : 'en';
    assert.match(html, new RegExp(`<html lang="${locale}">`));
    assert.ok(html.includes(`<h1>${t(locale, `${name}.pageTitle`)}</h1>`), `${name} titled in ${locale}`);
    const link = /<a href="([^"]+)" hreflang="(\w+)"/.exec(html);
    assert.ok(link?.[1], 'a link to the other language');
    assert.equal(link[2], other);
    const target = new URL(link[1], `${app.url}/${name}`);
    assert.deepEqual([target.pathname, target.searchParams.get('lang')], [`/${name}`, other]);
  }

  const ways: [string, string, Record<string, string>, Locale][] = [
    ['English by default', '', {}, 'en'],
    ['Hindi with ?lang=hi', '?lang=hi', {}, 'hi'],
    ['Hindi when the browser prefers it', '', { 'accept-language': 'hi-IN,hi;q=0.9' }, 'hi'],
    ['English with ?lang=en over a Hindi browser', '?lang=en', { 'accept-language': 'hi-IN,hi;q=0.9' }, 'en'],
  ];
  for (const [how, query, headers, locale] of ways) {
    it(`/privacy in ${how}: the organisation (escaped), the contact, the version`, async () => {
      const html = await page(`/privacy${query}`, headers);
      assertIn(html, 'privacy', locale);
      assert.ok(html.includes(ESCAPED), 'the name, escaped');
      assert.ok(!html.includes(ORG_NAME), 'never the raw HTML');
      assert.ok(html.includes(t(locale, 'consent.contact', { contact: ORG_CONTACT })), 'the contact');
      const { version } = noticeOf(noticeSettingsOf(app.config));
      assert.match(version, /^[0-9a-f]{12}$/);
      assert.ok(html.includes(t(locale, 'privacy.version', { version })), 'the version');
      assert.ok(html.includes(t(locale, 'privacy.kept')), 'the sections');
    });

    it(`/terms in ${how}: the organisation (escaped), a link to the privacy notice`, async () => {
      const html = await page(`/terms${query}`, headers);
      assertIn(html, 'terms', locale);
      assert.ok(html.includes(ESCAPED) && !html.includes(ORG_NAME), 'the name, escaped');
      assert.ok(html.includes(`<a href="privacy?lang=${locale}">${t(locale, 'privacy.pageTitle')}</a>`));
    });
  }
});
