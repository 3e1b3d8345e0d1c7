/**
 * What `NODE_ENV=production` refuses: the embedded Azurite (two instances over one folder would split a
 * person's state in two), and an unauthenticated `/api/messages` (anyone could make the server POST to a
 * serviceUrl of their choosing).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { REPO_ROOT, runBotToExit } from '../../helpers/botProcess';
import { postToApiMessages } from '../../helpers/emulatorClient';
import { FakeConnector } from '../../helpers/fakeConnector';
import { startTestApp } from '../../helpers/testApp';

const MAIN = resolve(REPO_ROOT, 'dist', 'src', 'main.js');

describe('production refuses unsafe defaults', function () {
  this.timeout(60_000);

  it('npm start exits non-zero naming the variable, without printing the secret', () => {
    const result = spawnSync(process.execPath, [MAIN], {
      env: { PATH: process.env.PATH, NODE_ENV: 'production', WHATSAPP_ACCESS_TOKEN: 'EAAsecret-token-value' },
      encoding: 'utf8',
      timeout: 15_000,
    });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /WHATSAPP_APP_SECRET/);
    assert.doesNotMatch(result.stderr + result.stdout, /EAAsecret-token-value/);
  });

  it('exits 2 without AZURE_STORAGE_CONNECTION_STRING, naming it', async () => {
    const run = await runBotToExit({ NODE_ENV: 'production' });
    assert.equal(run.code, 2, run.output);
    assert.match(run.stderr, /AZURE_STORAGE_CONNECTION_STRING is required in production/);
    assert.doesNotMatch(run.output, /listening on/);
  });

  it('does not mount /api/messages without MicrosoftAppId (404), and the banner says why', async () => {
    const app = await startTestApp({ NODE_ENV: 'production' });
    const connector = await FakeConnector.start();
    try {
      const emulator = app.app.channels.find((c) => c.channel === 'emulator');
      assert.equal(emulator?.mounted, false);
      assert.match(emulator?.reason ?? '', /MicrosoftAppId/);
      assert.match(emulator?.reason ?? '', /production/);

      const response = await postToApiMessages(app.url, {
        type: 'message',
        id: 'a1',
        text: 'hi',
        channelId: 'emulator',
        serviceUrl: connector.url,
        from: { id: 'someone' },
        recipient: { id: 'bot' },
        conversation: { id: 'conv-production' },
      });
      assert.equal(response.status, 404);
      assert.equal(connector.posted.length, 0, 'nothing was posted to the serviceUrl');
    } finally {
      await connector.stop();
      await app.stop();
    }
  });

  it('mounts /api/messages with MicrosoftAppId, and refuses an unauthenticated request', async () => {
    const app = await startTestApp({
      NODE_ENV: 'production',
      MicrosoftAppId: 'app-id',
      MicrosoftAppPassword: 'app-password',
    });
    try {
      assert.equal(app.app.channels.find((c) => c.channel === 'emulator')?.mounted, true);
      const response = await postToApiMessages(app.url, {
        type: 'message',
        text: 'hi',
        channelId: 'emulator',
        serviceUrl: 'http://127.0.0.1:9/',
        from: { id: 'someone' },
        conversation: { id: 'conv-production' },
      });
      assert.equal(response.status, 401);
    } finally {
      await app.stop();
    }
  });
});
