/**
 * What the start banner says of the operator API: the development key (created once, kept in storage,
 * the same at the next start) with the API's address; production without keys, not mounted; a key too
 * short, exit 2 naming OPERATOR_API_KEYS without printing it. The console is served (and announced) with
 * the API, and not without it.
 */
import assert from 'node:assert/strict';
import { runBotToExit, startBotProcess, waitUntil, type BotProcess } from '../../../helpers/botProcess';
import { sharedAzurite, uniquePrefix } from '../../../helpers/azurite';
import { callApi } from '../../../helpers/operatorApi';

const DEVELOPMENT = /operator API mounted (http:\/\/localhost:\d+\/api\/v1): .*development key (\S+) /;

async function bannerOf(
  env: Record<string, string>,
  pattern: RegExp,
): Promise<{ bot: BotProcess; line: RegExpExecArray }> {
  const bot = await startBotProcess(process.execPath, ['dist/src/main.js'], {
    AZURE_STORAGE_CONNECTION_STRING: sharedAzurite().connectionString,
    ...env,
  });
  await waitUntil(() => pattern.test(bot.output()), 15_000);
  const line = pattern.exec(bot.output());
  assert.ok(line, `no operator API line:\n${bot.output()}`);
  return { bot, line };
}

async function stop(bot: BotProcess): Promise<void> {
  bot.child.kill('SIGTERM');
  await bot.exited;
}

describe('operator API at start', function () {
  this.timeout(90_000);

  it('prints the development key with the address, the same key at the next start on the same storage', async () => {
    const env = { STORAGE_CONTAINER_PREFIX: uniquePrefix() };
    const first = await bannerOf(env, DEVELOPMENT);
    const key = first.line[2] ?? '';
    try {
      assert.ok(key.length >= 32);
      const port = new URL(first.line[1] ?? '').port;
      const whoami = await callApi(`http://127.0.0.1:${port}`, '/api/v1/whoami', { key });
      assert.deepEqual(await whoami.json(), { name: 'development' });
      // The console is served beside it, and the banner says where (sign in with that key).
      assert.ok(
        await waitUntil(
          () => /operator console: http:\/\/localhost:\d+\/console /.test(first.bot.output()),
          5_000,
        ),
        first.bot.output(),
      );
      const page = await fetch(`http://127.0.0.1:${port}/console`);
      assert.equal(page.status, 200);
      assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    } finally {
      await stop(first.bot);
    }
    const second = await bannerOf(env, DEVELOPMENT);
    await stop(second.bot);
    assert.equal(second.line[2], key);
  });

  it('in production without OPERATOR_API_KEYS, says it is not mounted', async () => {
    const { bot, line } = await bannerOf(
      { NODE_ENV: 'production', STORAGE_CONTAINER_PREFIX: uniquePrefix() },
      /operator API not mounted \/api\/v1: .*OPERATOR_API_KEYS.*/,
    );
    try {
      assert.match(line[0], /production/);
      assert.equal((await callApi(bot.url, '/api/v1/whoami')).status, 404);
      // No API, no console: it would have nothing to call.
      assert.equal((await fetch(`${bot.url}/console`)).status, 404);
      assert.ok(
        await waitUntil(
          () => /operator console not served: the operator API is not mounted/.test(bot.output()),
          5_000,
        ),
      );
    } finally {
      await stop(bot);
    }
  });

  it('refuses a short key: exit 2 naming OPERATOR_API_KEYS, the key not printed', async () => {
    const short = 'ops-short-secret-1234';
    const run = await runBotToExit({ OPERATOR_API_KEYS: `ops:${short}` });
    assert.equal(run.code, 2, run.output);
    assert.match(run.stderr, /OPERATOR_API_KEYS entry 1 \(ops\) is shorter than 32 characters/);
    assert.ok(!run.output.includes(short));
  });
});
