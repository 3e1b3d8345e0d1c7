/**
 * The app with an echo bot instead of the journeys, for `npm run chaos`: every message is answered
 * "echo <text>", so the chaos script can count what was lost, doubled or reordered. Same composition as
 * `src/main.ts` otherwise (configuration, storage, durable turns, signals).
 */
import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import { createApp } from '../src/app/app';
import { loadConfig } from '../src/app/config';
import { createLogger } from '../src/core/log';
import { openStorage } from '../src/app/openStorage';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const log = createLogger({ level: config.LOG_LEVEL });
  const storage = await openStorage(config);
  const echo = async (context: TurnContext): Promise<void> => {
    if (context.activity.type === 'message')
      await context.sendActivity(`echo ${context.activity.text ?? ''}`);
  };
  // The slow-Graph scenario shortens how long a message send waits for its answer.
  const sendTimeout = z.coerce.number().int().positive().optional().parse(process.env.CHAOS_SEND_TIMEOUT_MS);
  const app = await createApp(config, {
    log,
    storage,
    logic: echo,
    ...(sendTimeout === undefined ? {} : { graphTimeouts: { postTimeoutMs: sendTimeout } }),
  });
  const port = await app.listen(config.PORT, '127.0.0.1');
  process.stdout.write(`listening ${port}\n`);
  process.on('SIGTERM', () => {
    void (async () => {
      await app.close();
      await app.inFlight.idle(config.SHUTDOWN_TIMEOUT_MS);
      await storage.close();
      process.exit(0);
    })();
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`chaos app failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
