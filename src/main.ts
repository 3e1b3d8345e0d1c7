/**
 * Composition root and the only place that listens. Reads the configuration, CHANNELS_FILE and the
 * communities, opens storage (embedded Azurite by default) and asks it whether it takes our credentials;
 * every configuration problem found on the way (a refused key included) exits 2 naming the variable.
 * Storage that does not answer yet is waited for while the process serves (`/readyz` 503). Then it
 * builds the app, prints what is mounted, and on SIGTERM/SIGINT stops accepting, finishes turns in
 * flight, stops Azurite and exits 0.
 */
import { existsSync } from 'node:fs';
import { createApp } from './app/app';
import { channelSecrets, loadChannels } from './app/channels';
import { loadConfig, secretsOf } from './app/config';
import { ConfigError, describeError } from './core/errors';
import { loadCommunities } from './app/journeyServices';
import { createLogger, type Logger } from './core/log';
import { awaitStorage } from './durable/storage/awaitStorage';
import { openStorage } from './app/openStorage';
import { operatorApiLine } from './app/operatorApi/banner';
import { noticeLine, noticeSettingsOf } from './app/pages/privacyPages';
import { API_PATH } from './app/operatorApi/operatorApi';
import { CONSOLE_PATH } from './app/console/consoleRoutes';

async function main(): Promise<void> {
  // A local .env (never committed) fills in variables the environment does not set.
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig(process.env);
  const channels = loadChannels(config);
  const communities = loadCommunities(config);
  const log = createLogger({
    level: config.LOG_LEVEL,
    secrets: [...secretsOf(config), ...channelSecrets(channels)],
  });
  const storage = await openStorage(config);
  log.info(`storage: ${storage.description}`);
  const access = await storage.account.probe();
  if (access.status === 'denied') {
    await storage.close();
    throw refused(access.detail);
  }
  if (access.status === 'unreachable') {
    log.warn(
      `storage is not answering (${access.detail}); serving meanwhile, /readyz answers 503 until it does`,
    );
  }

  const app = await createApp(config, { log, storage, channels, communities: communities?.directory });
  for (const channel of app.channels) {
    log.info(
      `channel ${channel.channel.padEnd(9)} ${channel.mounted ? 'mounted    ' : 'not mounted'} ${channel.route}: ${channel.reason}`,
    );
  }
  log.info(`communities: ${communities?.description ?? 'from CE_API_URL'}`);
  for (const warning of communities?.warnings ?? []) log.warn(warning);
  const notice = noticeLine(noticeSettingsOf(config));
  log[notice.level](notice.text);
  log.info(`telemetry: ${app.telemetry.enabled ? 'Application Insights (identifiers hashed)' : 'off'}`);

  let port: number;
  try {
    port = await app.listen(config.PORT);
  } catch (error) {
    log.error(`cannot listen on port ${config.PORT}`, { error: describeError(error) });
    await storage.close();
    process.exit(1);
  }
  log.info(`listening on http://localhost:${port} (Emulator: http://localhost:${port}/api/messages)`);
  // Not awaited: storage that does not answer must not hold the start (the line waits for the key).
  void operatorApiLine(app.operatorApi, `http://localhost:${port}${API_PATH}`).then((line) => log.info(line));
  log.info(
    app.consoleServed
      ? `operator console: http://localhost:${port}${CONSOLE_PATH} (sign in with an operator key)`
      : `operator console not served: ${app.operatorApi.mounted ? 'not built (npm run build)' : 'the operator API is not mounted'}`,
  );

  let stopping = false;
  let waiting: { stop(): void } | undefined;
  const stop = (signal: string, exitCode = 0): void => {
    if (stopping) return;
    stopping = true;
    waiting?.stop();
    void shutdown(signal, { app, storage, log, timeoutMs: config.SHUTDOWN_TIMEOUT_MS, exitCode });
  };
  if (access.status === 'unreachable') {
    waiting = awaitStorage(
      () => storage.account.probe(),
      (answer) => {
        if (answer.status === 'ok') {
          log.info('storage answers now');
          return;
        }
        // Its first answer refused our credentials: a wrong key never heals.
        process.stderr.write(`${refused(answer.detail).message}\n`);
        stop('storage refused the credentials', 2);
      },
    );
  }
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

/** Storage refused our credentials (401/403): a configuration error, named without the key. */
function refused(detail: string): ConfigError {
  return new ConfigError([
    `AZURE_STORAGE_CONNECTION_STRING: the storage account refused its credentials (${detail}); ` +
      "check the AccountKey or SharedAccessSignature, that it grants access to blobs, and that the account's " +
      'firewall admits this host',
  ]);
}

async function shutdown(
  signal: string,
  deps: {
    app: Awaited<ReturnType<typeof createApp>>;
    storage: Awaited<ReturnType<typeof openStorage>>;
    log: Logger;
    timeoutMs: number;
    exitCode: number;
  },
): Promise<void> {
  const { app, storage, log } = deps;
  log.info(`${signal}: stopping intake, finishing ${app.inFlight.size} request(s) in flight`);
  const closed = app.close();
  const finished = await app.inFlight.idle(deps.timeoutMs);
  if (!finished)
    log.warn(`${app.inFlight.size} request(s) still in flight after ${deps.timeoutMs} ms; stopping anyway`);
  await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 1_000))]);
  await app.telemetry.flush();
  await storage.close();
  log.info('stopped');
  process.exit(deps.exitCode);
}

main().catch((error: unknown) => {
  // Every configuration problem, wherever start finds it, exits 2 with its message.
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`Failed to start: ${describeError(error)}\n`);
  process.exit(1);
});
