/**
 * `POST /api/v1/messages` to Messenger through the real server, Azurite and the fake Graph server: text
 * inside the person's window goes out from the page (202, the platform's message id, recorded in the
 * conversation as the operator's); outside it, 409 with nothing sent; text beyond one Messenger message
 * is 422 naming `text`.
 */
import assert from 'node:assert/strict';
import { z } from 'zod';
import { messengerApp } from '../../../../helpers/appOnGraph';
import { callApi, operatorEnv, operatorKey } from '../../../../helpers/operatorApi';

const ALICE = operatorKey('alice');
const PAGE = { pageId: '880000000431', token: 'EAAm-token', appSecret: 'm-secret', verifyToken: 'v' };

describe('operator API: POST /api/v1/messages to Messenger', function () {
  this.timeout(30_000);
  const rig = messengerApp(PAGE, { env: operatorEnv('alice', ALICE) });
  const send = (body: unknown) =>
    callApi(rig.app.url, '/api/v1/messages', { key: ALICE, method: 'POST', body: JSON.stringify(body) });
  const writes = (psid: string) => {
    const now = Date.now();
    return rig.deliver({
      object: 'page',
      entry: [
        {
          id: PAGE.pageId,
          time: now,
          messaging: [
            {
              sender: { id: psid },
              recipient: { id: PAGE.pageId },
              timestamp: now,
              message: { mid: `m_in_${psid}`, text: 'hi' },
            },
          ],
        },
      ],
    });
  };

  it('sends text inside the window from the page, and the conversation shows it as the operator’s', async () => {
    const psid = '7100000000431';
    assert.equal((await writes(psid)).status, 200);
    const before = rig.repliesTo(psid).length;
    const response = await send({ channel: 'messenger', to: psid, text: 'An operator here' });
    assert.equal(response.status, 202);
    const { messageId } = z.object({ messageId: z.string().min(1) }).parse(await response.json());
    const sent = rig.repliesTo(psid).slice(before);
    assert.deepEqual(
      sent.map((r) => Object(Object(r.body).message).text),
      ['An operator here'],
    );
    const conversation = await callApi(
      rig.app.url,
      `/api/v1/conversations/messenger/${psid}/messages?limit=1`,
      { key: ALICE },
    );
    const newest = z
      .object({
        items: z.array(
          z.object({
            by: z.string(),
            text: z.string().optional(),
            messageId: z.string().optional(),
            line: z.string().optional(),
          }),
        ),
      })
      .parse(await conversation.json()).items[0];
    assert.deepEqual(newest, {
      by: 'operator:alice',
      text: 'An operator here',
      messageId,
      line: PAGE.pageId,
    });
  });

  it('refuses free-form outside the window (409) with nothing sent, and text beyond one message (422)', async () => {
    const stranger = '7100000000432';
    const closed = await send({ channel: 'messenger', to: stranger, text: 'hello?' });
    assert.equal(closed.status, 409);
    assert.equal(rig.repliesTo(stranger).length, 0);
    const long = await send({ channel: 'messenger', to: stranger, text: 'x'.repeat(2000) });
    assert.equal(long.status, 422);
    const fields = z
      .object({ error: z.object({ fields: z.array(z.object({ path: z.string(), message: z.string() })) }) })
      .parse(await long.json()).error.fields;
    assert.deepEqual(
      fields.map((f) => f.path),
      ['text'],
    );
    assert.match(fields[0]?.message ?? '', /1999 characters on messenger/);
  });
});
