/**
 * The package as a bot developer gets it: `npm pack` of the project, the tarball installed into a
 * temporary folder (from npm's cache, no link to this checkout), and the README's echo bot, taken from
 * README.md so the two cannot drift, run there with node. It answers a signed WhatsApp webhook through the
 * fake Graph server, with its state in memory (no Azurite), importing only the package's public entry.
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';
import { REPO_ROOT, waitUntil } from '../../helpers/botProcess';
import { FakeGraph } from '../../helpers/fakeGraph';
import { postSigned } from '../../helpers/metaSignature';
import { text, webhook } from '../../helpers/whatsappWebhooks';
import { replyText } from '../../helpers/appOnGraph';

const run = promisify(execFile);
const PHONE_NUMBER_ID = '106540352242922';
const TOKEN = 'EAAG-packed-token';
const SECRET = 'packed-app-secret';
const FORBIDDEN = /node_modules\/(restify|azurite|applicationinsights|botbuilder-applicationinsights)\//;

/** The first ```js block of the README's "Use the adapters in your own bot" section, verbatim. */
export function readmeEchoBot(readme: string): string {
  const section = readme.split(/^## Use the adapters in your own bot$/m)[1]?.split(/^## /m)[0] ?? '';
  const code = /^```js\n([\s\S]*?)^```$/m.exec(section)?.[1];
  assert.ok(code, 'README: "Use the adapters in your own bot" has a ```js echo bot');
  return code;
}

const packed = z.array(z.object({ filename: z.string(), files: z.array(z.object({ path: z.string() })) }));

describe('the packed package runs the README’s echo bot', function () {
  this.timeout(120_000);
  let folder = '';
  let graph: FakeGraph | undefined;
  let bot: ReturnType<typeof spawn> | undefined;

  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'packed-echo-'));
  });
  after(async () => {
    if (bot?.exitCode === null) bot.kill('SIGKILL');
    await graph?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('packs, installs from the tarball, and answers a signed webhook with the echo and the choice prompt', async () => {
    const started = Date.now();
    const manifest = z
      .object({ scripts: z.object({ prepack: z.string() }) })
      .parse(JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')));
    assert.equal(
      manifest.scripts.prepack,
      'npm run build',
      'npm pack (and an install from git) builds dist/',
    );
    // The suite runs from the dist/ `npm test` just built: packed as it is (rebuilding would pull it
    // from under the running suite), which is what `prepack` makes.
    const { stdout } = await run(
      'npm',
      ['pack', '--ignore-scripts', '--json', '--pack-destination', folder],
      {
        cwd: REPO_ROOT,
      },
    );
    const [tarball] = packed.parse(JSON.parse(stdout));
    assert.ok(tarball);
    const files = tarball.files.map((f) => f.path);
    for (const file of [
      'dist/adapters/index.js',
      'dist/adapters/index.d.ts',
      'dist/src/main.js',
      'README.md',
    ])
      assert.ok(files.includes(file), `the tarball holds ${file}`);
    assert.ok(!files.some((f) => f.startsWith('dist/test/') || f.startsWith('src/')), 'no tests or sources');

    const app = join(folder, 'app');
    await run('mkdir', [app]);
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({ name: 'echo', version: '1.0.0', private: true }),
    );
    const flags = ['--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock'];
    await run('npm', ['install', ...flags, join(folder, tarball.filename)], { cwd: app });
    const installedAt = Date.now();

    // Importing the adapters' entry loads no server framework, no Azurite, no Application Insights.
    const loaded = await run(
      'node',
      [
        '-e',
        "require('bf-community-channels/adapters'); console.log(Object.keys(require.cache).join('\\n'))",
      ],
      { cwd: app },
    );
    assert.ok(loaded.stdout.includes('node_modules/bf-community-channels/dist/adapters/index.js'));
    assert.deepEqual(
      loaded.stdout.split('\n').filter((m) => FORBIDDEN.test(m)),
      [],
    );

    writeFileSync(
      join(app, 'echo-bot.js'),
      readmeEchoBot(readFileSync(join(REPO_ROOT, 'README.md'), 'utf8')),
    );
    graph = await FakeGraph.start({ tokens: [TOKEN] });
    let output = '';
    const child = spawn('node', ['echo-bot.js'], {
      cwd: app,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        PORT: '0',
        WHATSAPP_PHONE_NUMBER_ID: PHONE_NUMBER_ID,
        WHATSAPP_ACCESS_TOKEN: TOKEN,
        WHATSAPP_APP_SECRET: SECRET,
        WHATSAPP_VERIFY_TOKEN: 'packed-verify',
        META_GRAPH_URL: graph.graphUrl,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    bot = child;
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const port = /listening on port (\d+)/;
    assert.ok(await waitUntil(() => port.test(output), 20_000), `the echo bot did not start:\n${output}`);
    const url = `http://127.0.0.1:${port.exec(output)?.[1]}`;

    const verified = await fetch(
      `${url}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=packed-verify&hub.challenge=42`,
    );
    assert.equal(await verified.text(), '42');
    const person = { waId: '919876543210' };
    const say = async (words: string, count: number) => {
      const answer = await postSigned(url, webhook(PHONE_NUMBER_ID, person, [text(person, words)]), SECRET);
      assert.equal(answer.status, 200);
      const replies = () => graph?.sent('whatsapp').filter((r) => Object(r.body).to === person.waId) ?? [];
      assert.ok(
        await waitUntil(() => replies().length >= count, 15_000),
        `no reply to "${words}":\n${output}`,
      );
      return replies();
    };
    const [echo, prompt] = await say('hello', 2);
    assert.equal(replyText(echo), 'echo: hello');
    assert.equal(replyText(prompt), 'Pick a colour');
    assert.deepEqual(
      Object(prompt?.body).interactive?.action?.buttons?.map(
        (b: { reply: { title: string } }) => b.reply.title,
      ),
      ['Red', 'Green', 'Blue'],
      'suggested actions, rendered as reply buttons',
    );
    const replies = await say('Green', 3);
    assert.equal(replyText(replies[2]), 'You picked Green');
    const forged = await fetch(`${url}/webhooks/whatsapp`, { method: 'POST', body: '{}' });
    assert.equal(forged.status, 401, 'an unsigned webhook is refused');

    child.kill('SIGTERM');
    const code = await new Promise((resolve) => child.once('exit', resolve));
    assert.equal(code, 0, output);
    console.log(
      `      (pack and install ${Math.round((installedAt - started) / 1000)} s, bot ${Math.round((Date.now() - installedAt) / 1000)} s)`,
    );
  });
});
