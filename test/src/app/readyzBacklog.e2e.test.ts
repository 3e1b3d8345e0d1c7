/**
 * `/readyz` reports storage and the inbox's backlog as the last sweep saw it: how many events wait and
 * how long the oldest has waited; the sweep logs the same when something waits.
 */
import assert from 'node:assert/strict';
import { z } from 'zod';
import { startTestApp, type TestApp } from '../../helpers/testApp';

const readyzSchema = z.object({
  status: z.string(),
  storage: z.string(),
  backlog: z.object({ waiting: z.number(), oldestWaitingSeconds: z.number(), at: z.string() }).optional(),
});

describe('/readyz: storage and the backlog', function () {
  this.timeout(30_000);
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.stop());

  const readyz = async () => {
    const response = await fetch(`${app.url}/readyz`);
    assert.equal(response.status, 200);
    return readyzSchema.parse(await response.json());
  };

  it('reports no backlog when nothing waits, and the events left waiting after a sweep', async () => {
    await app.app.turns.sweep();
    const quiet = await readyz();
    assert.equal(quiet.storage, 'ok');
    assert.deepEqual(
      { ...quiet.backlog, at: undefined },
      { waiting: 0, oldestWaitingSeconds: 0, at: undefined },
    );
    // Events of a channel this app does not serve wait in the inbox: nothing here runs them.
    for (const id of ['w.1', 'w.2'])
      await app.storage.inbox.record({
        channel: 'whatsapp',
        conversationKey: 'PN:919',
        timestampMs: Date.now(),
        id,
        payload: {},
      });
    await app.app.turns.sweep();
    const busy = await readyz();
    assert.equal(busy.backlog?.waiting, 2);
    assert.ok((busy.backlog?.oldestWaitingSeconds ?? -1) >= 0);
    assert.ok(app.logs.some((l) => /backlog: 2 event\(s\) waiting, the oldest for \d+ s/.test(l.line)));
  });
});
