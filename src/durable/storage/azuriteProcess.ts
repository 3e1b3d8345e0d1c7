/**
 * Child-process entry of the embedded Azurite (blob service only), started by `embeddedAzurite.ts` with
 * an IPC channel. It reports its endpoint over IPC and closes Azurite (flushing metadata to the folder)
 * on SIGTERM, SIGINT, a "shutdown" message, or when the channel closes because the parent died, even by
 * SIGKILL: no Azurite is ever left behind. Azurite's own telemetry is never initialised here.
 */
import { BlobServerFactory } from 'azurite/dist/src/blob/BlobServerFactory';

const FORCE_EXIT_MS = 8_000;

async function run(): Promise<void> {
  // Options (host, port, location, --skipApiVersionCheck, ...) are read from argv by Azurite.
  const server = await new BlobServerFactory().createServer();
  await server.start();
  process.send?.({ type: 'listening', endpoint: server.getHttpServerAddress() });

  let closing = false;
  const close = (): void => {
    if (closing) return;
    closing = true;
    setTimeout(() => process.exit(1), FORCE_EXIT_MS).unref();
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', close);
  process.once('SIGINT', close);
  process.once('disconnect', close);
  process.on('message', (message) => {
    if (message === 'shutdown') close();
  });
}

run().catch((error: unknown) => {
  process.stderr.write(`Azurite failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
