/** `npm start` as a new user runs it: a channel's variables pointed at a fake Graph server, its own DATA_DIR. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBotProcess, type BotProcess } from './botProcess';
import type { MessengerPageVars, WhatsAppNumberVars } from './appOnGraph';
import { FakeGraph } from './fakeGraph';
import { cloudNumberEnv, messengerPageEnv } from './testApp';

type Vars<C> = C extends 'whatsapp' ? WhatsAppNumberVars : MessengerPageVars;

/**
 * Starts the bot with one channel (its variables from `vars`), checks the channel is mounted and answers
 * its hub challenge, runs `use` against it, then stops the bot and the fake and removes the folder.
 */
export async function withNpmStart<C extends 'whatsapp' | 'messenger'>(
  channel: C,
  vars: Vars<C>,
  use: (bot: BotProcess, graph: FakeGraph) => Promise<void>,
): Promise<void> {
  const { token, verifyToken } = vars;
  const env = (graph: FakeGraph): Record<string, string> =>
    'pageId' in vars ? messengerPageEnv(graph, vars) : cloudNumberEnv(graph, vars);
  const graph = await FakeGraph.start({ tokens: [token] });
  const dataDir = mkdtempSync(join(tmpdir(), 'bot-npm-start-'));
  try {
    const bot = await startBotProcess('npm', ['start', '--ignore-scripts', '--silent'], {
      DATA_DIR: dataDir,
      ...env(graph),
    });
    try {
      assert.match(bot.output(), new RegExp(`channel ${channel}\\s+mounted`));
      const challenge = await fetch(
        `${bot.url}/webhooks/${channel}?hub.mode=subscribe&hub.verify_token=${verifyToken ?? 'verify'}&hub.challenge=4242`,
      );
      assert.equal(await challenge.text(), '4242');
      await use(bot, graph);
    } finally {
      bot.child.kill('SIGTERM');
      await bot.exited;
    }
  } finally {
    await graph.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
