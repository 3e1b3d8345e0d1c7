/**
 * `/api/messages` answers 400, naming what is missing, to a body that is not an activity CloudAdapter
 * and the bot can run; nothing runs and nothing is stored.
 */
import assert from 'node:assert/strict';
import { emulatorApp } from '../../helpers/emulatorApp';
import { postToApiMessages } from '../../helpers/emulatorClient';

describe('/api/messages checks the shape of an activity', () => {
  const rig = emulatorApp();

  async function post(body: unknown): Promise<{ status: number; code: string; message: string }> {
    const response = await postToApiMessages(rig.app.url, body);
    const text = await response.text();
    const answer = Object(text.startsWith('{') ? JSON.parse(text) : {});
    return { status: response.status, code: answer?.error?.code, message: answer?.error?.message };
  }

  it('answers {} with 400 naming type', async () => {
    const answer = await post({});
    assert.equal(answer.status, 400);
    assert.equal(answer.code, 'invalid_activity');
    assert.match(answer.message, /\btype\b/);
  });

  it('answers a message without its addresses with 400 naming each one', async () => {
    const answer = await post({ type: 'message', text: 'hi' });
    assert.equal(answer.status, 400);
    assert.equal(answer.code, 'invalid_activity');
    for (const field of ['channelId', 'conversation.id', 'from.id', 'serviceUrl']) {
      assert.ok(answer.message.includes(field), `${answer.message} names ${field}`);
    }
  });

  it('answers fields of the wrong kind with 400 naming them', async () => {
    const answer = await post({
      type: 7,
      channelId: 'emulator',
      serviceUrl: rig.connector.url,
      from: { id: 42 },
      conversation: 'c1',
    });
    assert.equal(answer.status, 400);
    for (const field of ['type', 'from.id', 'conversation']) {
      assert.ok(answer.message.includes(field), `${answer.message} names ${field}`);
    }
    assert.equal(rig.connector.received, 0);
  });
});
