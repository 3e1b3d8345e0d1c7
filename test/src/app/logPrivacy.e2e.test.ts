/**
 * No log line carries a person's number, even when an error's text names a storage key that holds it
 * (StoredDataError, StateConflictError, AlreadyExistsError): the number appears as `[id]`.
 */
import assert from 'node:assert/strict';
import {
  AlreadyExistsError,
  describeError,
  maskIds,
  StateConflictError,
  StoredDataError,
} from '../../../src/core/errors';
import { DocumentStore } from '../../../src/durable/storage/documentStore';
import { waitUntil } from '../../helpers/botProcess';
import { FakeGraph } from '../../helpers/fakeGraph';
import { postSigned } from '../../helpers/metaSignature';
import { cloudNumberEnv, startTestApp } from '../../helpers/testApp';
import { text, webhook } from '../../helpers/whatsappWebhooks';

const NUMBER = { phoneNumberId: '106540352242922', token: 'EAAlog-privacy-token', appSecret: 'log-secret' };
const WA_ID = '919812340001';
const PSID = '6178423590127389';

describe('people’s numbers in log lines', () => {
  it('never appear in an error’s text, only masked; the error keeps its key for code', () => {
    const key = `whatsapp/conversations/${NUMBER.phoneNumberId}:${WA_ID}`;
    for (const error of [
      new StateConflictError(key),
      new AlreadyExistsError(`messenger/users/${PSID}`),
      new StoredDataError(`by-user/whatsapp/${WA_ID}/2026.json`, 'not JSON'),
      new Error(`Graph refused +${WA_ID}`),
    ]) {
      const said = describeError(error);
      assert.doesNotMatch(said, /\d{7,}/, said);
      assert.match(said, /\[id\]/);
    }
    assert.equal(new StateConflictError(key).key, key);
    assert.equal(maskIds('code 131047 for 9198123'), 'code 131047 for [id]', 'error codes stay');
  });

  it('stay out of the logs when a person’s stored state is broken and their turn fails', async () => {
    const graph = await FakeGraph.start({ tokens: [NUMBER.token] });
    const app = await startTestApp(cloudNumberEnv(graph, NUMBER));
    try {
      const state = new DocumentStore(app.storage.account, 'state');
      await state.putBytes(`whatsapp/users/${WA_ID}`, Buffer.from('{ not json'), {
        contentType: 'application/json',
      });
      const sender = { waId: WA_ID };
      const answer = await postSigned(
        app.url,
        webhook(NUMBER.phoneNumberId, sender, [text(sender, 'hi')]),
        NUMBER.appSecret,
      );
      assert.equal(answer.status, 200);
      assert.ok(
        await waitUntil(
          () => app.logs.some((l) => l.level === 'error' && /StoredDataError/.test(l.line)),
          10_000,
        ),
        'the broken state is logged',
      );
      const leaking = app.logs.filter((l) => l.line.includes(WA_ID));
      assert.deepEqual(leaking, []);
    } finally {
      await app.stop();
      await graph.stop();
    }
  });
});
