/**
 * Webhook bodies are verified over their raw bytes before anything parses them, and the body of
 * `/api/messages` (authenticated by its header, not over its body) is measured for depth before it is
 * parsed.
 */
import assert from 'node:assert/strict';
import { MAX_JSON_DEPTH } from '../../../adapters/base/jsonDepth';
import { nestedArrays, nestedObjects } from '../../helpers/deepJson';
import { signedHeaders } from '../../helpers/metaSignature';
import { cloudNumberEnv, startTestApp, type TestApp } from '../../helpers/testApp';

const APP_SECRET = 'verify-first-secret';
const PAGE_SECRET = 'verify-first-page-secret';
const D360_SECRET = 'verify-first-d360-secret';

describe('verify first, parse after', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({
      ...cloudNumberEnv(
        { graphUrl: 'http://127.0.0.1:9/v24.0' },
        { phoneNumberId: '1065', token: 'token', appSecret: APP_SECRET },
      ),
      D360_API_KEY: 'd360-key',
      D360_WEBHOOK_SECRET: D360_SECRET,
      D360_BASE_URL: 'http://127.0.0.1:9',
      MESSENGER_PAGE_ID: '1118',
      MESSENGER_PAGE_ACCESS_TOKEN: 'page-token',
      MESSENGER_APP_SECRET: PAGE_SECRET,
      MESSENGER_VERIFY_TOKEN: 'page-verify',
    });
  });
  after(async () => {
    await app.stop();
  });

  const post = (path: string, body: string | Buffer, headers: Record<string, string> = {}) =>
    fetch(`${app.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });

  it('refuses an unproven webhook body that is not JSON as unproven (401/403), never as bad JSON (400)', async () => {
    const notJson = '{"object": "whatsapp_business_account",';
    for (const path of ['/webhooks/whatsapp', '/webhooks/messenger', '/webhooks/360dialog']) {
      const unsigned = await post(path, notJson);
      assert.equal(unsigned.status, 401, `${path} unsigned`);
    }
    assert.equal((await post('/webhooks/whatsapp', notJson, signedHeaders(notJson, 'wrong'))).status, 403);
    assert.equal((await post('/webhooks/messenger', notJson, signedHeaders(notJson, 'wrong'))).status, 403);
    assert.equal((await post('/webhooks/360dialog', notJson, { 'x-webhook-secret': 'wrong' })).status, 403);
  });

  it('refuses an unsigned 4 MB [[[…]]] webhook body as unsigned', async () => {
    const response = await post('/webhooks/whatsapp', nestedArrays(2 * 1024 * 1024 - 8));
    assert.equal(response.status, 401);
  });

  it('answers 400 invalid_json to a proven webhook body that is not JSON', async () => {
    const notJson = '{"object": "whatsapp_business_account",';
    const response = await post('/webhooks/whatsapp', notJson, signedHeaders(notJson, APP_SECRET));
    assert.equal(response.status, 400);
    assert.equal(Object(Object(await response.json()).error).code, 'invalid_json');
    const d360 = await post('/webhooks/360dialog', notJson, { 'x-webhook-secret': D360_SECRET });
    assert.equal(d360.status, 400);
  });

  it(`refuses an /api/messages body nested deeper than ${MAX_JSON_DEPTH} levels with 400 json_too_deep, before parsing it`, async () => {
    for (const body of [
      `{"type":"message","value":${nestedObjects(MAX_JSON_DEPTH)}}`,
      nestedArrays(2 * 1024 * 1024 - 8),
      '['.repeat(4 * 1024 * 1024 - 16),
    ]) {
      const response = await post('/api/messages', body);
      assert.equal(response.status, 400);
      assert.deepEqual(Object(await response.json()).error, {
        code: 'json_too_deep',
        message: `The request body is nested deeper than ${MAX_JSON_DEPTH} levels`,
      });
    }
  });

  it(`reads an /api/messages body nested ${MAX_JSON_DEPTH} levels`, async () => {
    const response = await post(
      '/api/messages',
      `{"type":"message","value":${nestedObjects(MAX_JSON_DEPTH - 1)}}`,
    );
    const answer: unknown = await response.text().then((t) => (t === '' ? {} : JSON.parse(t)));
    assert.notEqual(Object(Object(answer).error).code, 'json_too_deep');
  });
});
