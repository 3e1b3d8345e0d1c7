/**
 * For bench scripts: the app with an echo bot (every message is answered "echo <text>") on an embedded
 * Azurite in a temporary folder of its own, the fake Graph server as its platform. `stop` closes it all
 * and removes the folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TurnContext } from 'botbuilder';
import { createApp, type App, type AppDeps } from '../src/app/app';
import { loadConfig } from '../src/app/config';
import type { Logger } from '../src/core/log';
import { startEmbeddedAzurite } from '../src/durable/storage/embeddedAzurite';
import { openStorage } from '../src/app/openStorage';
import { FakeGraph, type FakeGraphOptions } from '../test/helpers/fakeGraph';

export interface EchoApp {
  url: string;
  app: App;
  graph: FakeGraph;
  stop: () => Promise<void>;
}

export async function startEchoApp(options: {
  /** Names the temporary folder. */
  name: string;
  graph: FakeGraphOptions;
  /** The app's variables beside its storage (a function of the fake, to name its URL). */
  env: (graph: FakeGraph) => Record<string, string>;
  log: Logger;
  graphTimeouts?: AppDeps['graphTimeouts'];
}): Promise<EchoApp> {
  const dir = mkdtempSync(join(tmpdir(), `${options.name}-`));
  const azurite = await startEmbeddedAzurite({ location: join(dir, 'azurite') });
  const graph = await FakeGraph.start(options.graph);
  const config = loadConfig({
    NODE_ENV: 'test',
    AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
    ...options.env(graph),
  });
  const storage = await openStorage(config);
  const echo = async (context: TurnContext): Promise<void> => {
    if (context.activity.type === 'message')
      await context.sendActivity(`echo ${context.activity.text ?? ''}`);
  };
  const app = await createApp(config, {
    log: options.log,
    storage,
    logic: echo,
    ...(options.graphTimeouts === undefined ? {} : { graphTimeouts: options.graphTimeouts }),
  });
  const port = await app.listen(0, '127.0.0.1');
  const stop = async (): Promise<void> => {
    await app.close();
    await app.inFlight.idle(5_000);
    await storage.close();
    await graph.stop();
    await azurite.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  return { url: `http://127.0.0.1:${port}`, app, graph, stop };
}
