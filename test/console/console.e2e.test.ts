/**
 * The operator console in a real headless Chromium, against the real server, Azurite and the fake Graph
 * server: a person files a grievance with a voice note and a photo through signed WhatsApp webhooks; an
 * operator signs in, finds it by its filters, exports CSV, opens it (photo shown, voice note played,
 * number masked until an audited reveal, the place offline), changes its status with a note (the person
 * is told), messages the person, and sends a broadcast whose progress reaches done; in Hindi, and on a
 * phone-sized screen. The submission page's screenshot is written to `test-results/`.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { z } from 'zod';
import { AUDIT_PREFIX, auditRecordSchema } from '../../src/app/operatorApi/auditTrail';
import { replyText, whatsAppApp } from '../helpers/appOnGraph';
import { launchChromium } from '../helpers/browser';
import { waitUntil } from '../helpers/botProcess';
import { AGREE } from '../helpers/consent';
import { messageSends } from '../helpers/fakeGraph';
import { oggOpusSilence } from '../helpers/oggOpus';
import { callApi, operatorKey } from '../helpers/operatorApi';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { uniquePrefix } from '../helpers/azurite';
import { location, media, statusWebhook, text, type Sender } from '../helpers/whatsappWebhooks';

const KEY = operatorKey('alice');
const NUMBER = { phoneNumberId: '880000001616', token: 'EAAconsole-token', appSecret: 'console-app-secret' };
/** A 2×2 PNG (red, green / blue, white). */
const PHOTO = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAE0lEQVR4nGP4z8DAsACIGf4DAQAclwWcT4AauwAAAABJRU5ErkJggg==',
  'base64',
);
export const SCREENSHOT = 'test-results/console-submission.png';
/** axe-core, run in the page to check it against WCAG 2 A and AA. */
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

describe('operator console in a real browser', function () {
  this.timeout(120_000);
  const rig = whatsAppApp(NUMBER, {
    env: { OPERATOR_API_KEYS: `alice:${KEY}`, OUTBOUND_MESSAGES_PER_SECOND: '20' },
  });
  const person: Sender = { waId: '919800001616' };
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let reference = '';

  const sendsToPerson = () =>
    rig.graph.sent('whatsapp').filter((r) => messageSends(r.body) && Object(r.body).to === person.waId);

  before(async () => {
    browser = await launchChromium();
    // The person's grievance: a typed place, a voice note as the description, then a photo.
    const voice = rig.graph.registerMedia(oggOpusSilence(1), 'audio/ogg');
    const photo = rig.graph.registerMedia(PHOTO, 'image/png');
    for (const message of [
      text(person, 'hi'),
      text(person, 'English'),
      text(person, AGREE.en),
      location(person, 24.38, 73.52),
      text(person, 'Jhadol Van Samiti'),
      text(person, 'Report a problem'),
      text(person, 'Same as my community'),
      media(person, 'audio', { id: voice.id, mime_type: 'audio/ogg; codecs=opus', voice: true }),
      media(person, 'image', { id: photo.id, mime_type: 'image/png' }),
      text(person, 'Done'),
      text(person, 'Submit'),
    ])
      await rig.say(person, message);
    reference = /GR-[0-9A-HJKMNP-TV-Z]{6}/.exec(sendsToPerson().map(replyText).join('\n'))?.[0] ?? '';
    assert.ok(reference, `a grievance was filed: ${sendsToPerson().map(replyText).join(' | ')}`);
  });
  beforeEach(async () => {
    context = await browser.newContext({ acceptDownloads: true, locale: 'en-IN' });
    // No internet here: map tiles fail at once, as they would offline.
    await context.route('https://tile.openstreetmap.org/**', (route) => route.abort());
    page = await context.newPage();
  });
  afterEach(async () => {
    await context.close();
  });
  after(async () => {
    await browser?.close();
  });

  async function signIn(key: string): Promise<void> {
    await page.goto(`${rig.app.url}/console`);
    await page.getByLabel('Operator key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  it('signs in, finds the grievance by its filters with counts, and exports the selection as CSV', async () => {
    await signIn(KEY);
    await page.getByText('Signed in as alice').waitFor();
    await page.getByLabel('Type', { exact: true }).selectOption('grievance');
    await page.getByLabel('Status', { exact: true }).selectOption('submitted');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByRole('link', { name: reference }).waitFor();
    assert.match(page.url(), /#\/submissions\?type=grievance&status=submitted/);
    assert.equal(await page.getByRole('link', { name: 'Submitted: 1' }).count(), 1);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^submissions-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8');
    assert.match(csv, new RegExp(reference));

    // From and to today (a "to" day includes that day): listed; both yesterday: not.
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('From').fill(day(0));
    await page.getByLabel('To', { exact: true }).fill(day(0));
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByRole('link', { name: reference }).waitFor();
    assert.equal(
      await page.getByLabel('To', { exact: true }).inputValue(),
      day(0),
      'the chosen day stays chosen',
    );
    await page.getByLabel('From').fill(day(-1));
    await page.getByLabel('To', { exact: true }).fill(day(-1));
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByText('No submissions match.').waitFor();
    await page.getByLabel('From').fill('');
    await page.getByLabel('To', { exact: true }).fill('');

    // Another status: the grievance is not listed.
    await page.getByLabel('Status', { exact: true }).selectOption('resolved');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByText('No submissions match.').waitFor();
  });

  it('opens the grievance: its photo, its voice note playing, the place offline, the number revealed on record', async () => {
    // Everything the console is answered before the reveal: the person's number is in none of it.
    const answered: Promise<string>[] = [];
    page.on('response', (response) => {
      if (new URL(response.url()).pathname.startsWith('/api/v1/'))
        answered.push(response.text().catch(() => ''));
    });
    await signIn(KEY);
    await page.getByLabel('Reference').fill(reference.toLowerCase());
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByRole('heading', { name: new RegExp(reference) }).waitFor();

    // (Expressions, not functions: the console's policy refuses what `waitForFunction` would evaluate.)
    const shows = async (expression: string) =>
      assert.ok(await waitUntil(async () => (await page.evaluate(expression)) === true, 10_000), expression);
    await shows(
      "(() => { const img = document.querySelector('img.thumb'); return !!img && img.complete && img.naturalWidth === 2; })()",
    );
    await shows(
      "(() => { const audio = document.querySelector('audio'); return !!audio && audio.src.startsWith('blob:'); })()",
    );
    const played = await page.evaluate(`(async () => {
      const audio = document.querySelector('audio');
      const ended = new Promise((resolve) => audio.addEventListener('ended', resolve, { once: true }));
      await audio.play();
      await ended;
      return { error: audio.error && audio.error.code, duration: audio.duration };
    })()`);
    assert.deepEqual(played, { error: null, duration: 1 });

    // Same as their community: the community's point, shown as coordinates with a link while offline.
    assert.match((await page.locator('.coordinates').textContent()) ?? '', /^\d+\.\d{5}, \d+\.\d{5}$/);
    await page.getByText('Map not available offline.').waitFor();

    const number = page.locator('#person-number');
    assert.equal(await number.textContent(), '91••••••••16');
    const before = await Promise.all(answered);
    assert.ok(before.length >= 4, `${before.length} answers`);
    const naming = before.filter((body) => body.includes(person.waId));
    assert.deepEqual(naming, [], 'the number stays masked until revealed');
    await page.getByRole('button', { name: 'Reveal' }).click();
    await page.locator('#person-number', { hasText: person.waId }).waitFor();
    const actions: string[] = [];
    for await (const name of rig.app.storage.system.list(AUDIT_PREFIX)) {
      const record = await rig.app.storage.system.getJson(name, auditRecordSchema);
      if (record) actions.push(`${record.value.operator} ${record.value.action} ${record.value.target}`);
    }
    assert.ok(actions.includes(`alice submission.contact ${reference}`), actions.join(', '));

    // The full photo, from its thumbnail.
    await page.locator('.thumb-button').click();
    await page.locator('dialog[open] img').waitFor();
    await page.keyboard.press('Escape');
  });

  it('changes the status with a note (the person is told), messages the person, and shows it all', async () => {
    await signIn(KEY);
    await page.goto(`${rig.app.url}/console#/submissions/${reference}`);
    await page.getByRole('heading', { name: new RegExp(reference) }).waitFor();
    const before = sendsToPerson().length;

    await page.getByLabel('New status').selectOption('accepted');
    await page.getByLabel('Note to the person (optional)').fill('The hand pump will be repaired on Monday');
    await page.getByRole('button', { name: 'Change status' }).click();
    await page.getByRole('status').getByText('Status changed to Accepted.').waitFor();
    await page.getByText('Person told (text)').first().waitFor();
    const told = sendsToPerson().slice(before).map(replyText);
    assert.equal(told.length, 1, told.join(' | '));
    assert.match(told[0] ?? '', new RegExp(reference));
    assert.match(told[0] ?? '', /repaired on Monday/);
    // The page shows the change in its history, by whom, with its note; then what WhatsApp reports of it.
    await page.locator('.history li', { hasText: 'by alice' }).getByText('repaired on Monday').waitFor();
    const view = await (await callApi(rig.app.url, `/api/v1/submissions/${reference}`, { key: KEY })).json();
    const messageId = String(Object(Object(view).statusHistory?.at(-1)?.notification).messageId);
    assert.match(messageId, /^wamid\./);
    await rig.deliver(statusWebhook(NUMBER.phoneNumberId, person, messageId, 'delivered'));
    await page.reload();
    await page
      .locator('.history li', { hasText: 'by alice' })
      .getByText(/delivered/)
      .waitFor();

    await page.getByLabel('Message', { exact: true }).fill('Please keep the receipt.');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('Sent.').waitFor();
    assert.equal(replyText(sendsToPerson().at(-1)), 'Please keep the receipt.');
    // The conversation lists what the person and the operator said.
    await page.locator('.conversation').getByText('Please keep the receipt.').first().waitFor();
    await page.locator('.conversation').getByText('Report a problem').first().waitFor();

    mkdirSync('test-results', { recursive: true });
    await page.setViewportSize({ width: 1280, height: 1100 });
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: SCREENSHOT });
  });

  it('sends a broadcast to the community and shows its progress until done', async () => {
    await signIn(KEY);
    await page.getByRole('link', { name: 'Broadcasts' }).click();
    await page.getByLabel('Community', { exact: true }).selectOption({ label: 'Jhadol Van Samiti' });
    await page.getByLabel('Template name').fill('community_meeting');
    await page.getByLabel('Template language').fill('hi');
    await page.getByRole('button', { name: 'Send broadcast' }).click();
    await page.getByRole('heading', { name: /Broadcast BC-\w+: done/ }).waitFor({ timeout: 30_000 });
    const counts = await page.locator('.broadcast-counts').textContent();
    assert.match(counts ?? '', /sent: 1/);
    const template = sendsToPerson().find((r) => Object(r.body).type === 'template');
    assert.equal(Object(template?.body).template?.name, 'community_meeting');
  });

  it('speaks Hindi and fits a phone-sized screen', async () => {
    await page.setViewportSize({ width: 375, height: 740 });
    await signIn(KEY);
    await page.getByRole('button', { name: 'हिन्दी' }).click();
    await page.getByRole('link', { name: 'अनुरोध' }).waitFor();
    await page.getByRole('link', { name: reference }).waitFor();
    assert.equal(await page.evaluate('document.documentElement.lang'), 'hi');
    const width = await page.evaluate('document.documentElement.scrollWidth');
    assert.ok(Number(width) <= 375, `no sideways scrolling on a phone (${String(width)} px wide)`);
    // The choice is kept in this browser.
    await page.reload();
    await page.getByRole('link', { name: 'सामूहिक संदेश' }).waitFor();
  });

  it('passes the WCAG 2 A and AA checks of axe on every page, in English and Hindi', async () => {
    /** The rules of WCAG 2.0/2.1 A and AA that axe finds broken on the page as it is now. */
    const violations = async (): Promise<string[]> => {
      if ((await page.evaluate('typeof axe')) === 'undefined') await page.evaluate(AXE);
      const found: unknown = await page.evaluate(
        "axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }).then((r) => r.violations.map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', ')))",
      );
      return z.array(z.string()).parse(found);
    };
    await page.goto(`${rig.app.url}/console`);
    await page.getByLabel('Operator key').waitFor();
    assert.deepEqual(await violations(), [], 'sign-in');
    await page.getByLabel('Operator key').fill(KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: reference }).waitFor();
    assert.deepEqual(await violations(), [], 'submissions');
    await page.getByRole('link', { name: reference }).click();
    await page.locator('audio').waitFor();
    assert.deepEqual(await violations(), [], 'a submission');
    await page.getByRole('link', { name: 'Broadcasts' }).click();
    await page.getByLabel('Template name').waitFor();
    assert.deepEqual(await violations(), [], 'broadcasts');
    await page.getByRole('button', { name: 'हिन्दी' }).click();
    await page.getByRole('link', { name: 'अनुरोध' }).click();
    await page.getByRole('link', { name: reference }).waitFor();
    assert.deepEqual(await violations(), [], 'submissions in Hindi');
  });

  it('says a wrong key is not accepted and shows nothing else', async () => {
    await signIn(operatorKey('mallory'));
    await page.getByText('This key is not accepted.').waitFor();
    assert.equal(await page.locator('table, nav, .counts').count(), 0);
    assert.equal(await page.evaluate("sessionStorage.getItem('console.operatorKey')"), null);
  });
});

describe('operator console: a key taken out of OPERATOR_API_KEYS', function () {
  this.timeout(60_000);
  const [ALICE, BOB] = [operatorKey('alice'), operatorKey('bob')];
  let browser: Browser;
  let app: TestApp | undefined;
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await app?.stop();
    await browser?.close();
  });

  it('stops working at the next request: the console signs out and shows nothing else', async () => {
    const prefix = uniquePrefix();
    app = await startTestApp({
      OPERATOR_API_KEYS: `alice:${ALICE},bob:${BOB}`,
      STORAGE_CONTAINER_PREFIX: prefix,
    });
    const page = await browser.newPage();
    await page.goto(`${app.url}/console`);
    await page.getByLabel('Operator key').fill(BOB);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Signed in as bob').waitFor();
    await page.getByRole('link', { name: 'Broadcasts' }).click();
    await page.getByRole('heading', { name: 'Broadcasts' }).waitFor();

    // The deployment restarts with bob's key removed (as an App Service setting change does), same address.
    const port = Number(new URL(app.url).port);
    await app.stop();
    app = await startTestApp(
      { OPERATOR_API_KEYS: `alice:${ALICE}`, STORAGE_CONTAINER_PREFIX: prefix },
      {},
      port,
    );

    await page.getByRole('link', { name: 'Submissions' }).click();
    await page.getByText('Your key is no longer accepted.').waitFor();
    assert.equal(await page.locator('table, nav, .counts, .filters').count(), 0, 'nothing else is shown');
    assert.equal(
      await page.evaluate("sessionStorage.getItem('console.operatorKey')"),
      null,
      'the key is forgotten',
    );
    await page.close();
  });
});
