/**
 * Meta's data-deletion callback on the real app over Azurite and the fake Graph server: a request signed
 * with the page's app secret erases the person (nothing of them is left in any container) and answers
 * the status URL and the code, whose page then says "done"; a forged one is 403 and erases nothing.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import { messengerApp } from '../../../helpers/appOnGraph';
import { blobsHolding } from '../../../helpers/personTraces';

const PAGE = { pageId: '880000000777', token: 'EAAdd-token', appSecret: 'dd-secret', verifyToken: 'v' };

function signedRequest(userId: string, secret: string): string {
  const payload = Buffer.from(
    JSON.stringify({ algorithm: 'HMAC-SHA256', issued_at: 1_796_000_000, user_id: userId }),
  ).toString('base64url');
  return `${createHmac('sha256', secret).update(payload).digest('base64url')}.${payload}`;
}

describe('Meta data-deletion callback', function () {
  this.timeout(30_000);
  const rig = messengerApp(PAGE, { env: { PUBLIC_BASE_URL: 'https://bot.example.org/' } });
  const writes = (psid: string) => {
    const now = Date.now();
    const event = { sender: { id: psid }, recipient: { id: PAGE.pageId }, timestamp: now };
    return rig.deliver({
      object: 'page',
      entry: [
        { id: PAGE.pageId, time: now, messaging: [{ ...event, message: { mid: `m_${psid}`, text: 'hi' } }] },
      ],
    });
  };
  const callback = (signed: string) =>
    fetch(`${rig.app.url}/webhooks/messenger/data-deletion`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ signed_request: signed }).toString(),
    });
  const traces = (psid: string) => blobsHolding(rig.app.config.STORAGE_CONTAINER_PREFIX, [psid]);

  it('refuses a forged request (403) and erases nothing', async () => {
    const psid = '7100000000901';
    assert.equal((await writes(psid)).status, 200);
    const before = await traces(psid);
    assert.ok(before.length > 3, 'the person wrote');
    const forged = await callback(signedRequest(psid, 'not-the-app-secret'));
    assert.equal(forged.status, 403);
    assert.equal((await callback('no-dot')).status, 400);
    assert.equal((await callback(signedRequest(psid, PAGE.appSecret).replace(/^./, 'A'))).status, 403);
    assert.deepEqual(await traces(psid), before);
  });

  it('erases a correctly signed request’s user and answers a status URL that says so', async () => {
    const psid = '7100000000902';
    assert.equal((await writes(psid)).status, 200);
    const response = await callback(signedRequest(psid, PAGE.appSecret));
    assert.equal(response.status, 200);
    const answer = z.object({ url: z.string(), confirmation_code: z.string() }).parse(await response.json());
    assert.match(answer.confirmation_code, /^DEL-[0-9A-Z]{12}$/);
    assert.equal(answer.url, `https://bot.example.org/data-deletion/${answer.confirmation_code}`);
    const status = () => fetch(`${rig.app.url}/data-deletion/${answer.confirmation_code}`);
    let page = await (await status()).text();
    for (let i = 0; i < 100 && !page.includes('<strong>done</strong>'); i += 1) {
      await delay(50);
      page = await (await status()).text();
    }
    assert.match(page, /<strong>done<\/strong>/);
    assert.ok(!page.includes(psid), 'the page names no one');
    assert.equal((await status()).headers.get('content-type'), 'text/html; charset=utf-8');
    assert.deepEqual(await traces(psid), []);
    assert.equal((await fetch(`${rig.app.url}/data-deletion/DEL-000000000000`)).status, 404);
  });
});
