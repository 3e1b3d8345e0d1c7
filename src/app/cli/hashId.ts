/**
 * `npm run hash-id -- <id> [<id> ...]`: prints the hash the logs use for a person's id (a WhatsApp number
 * such as 919876543210, a Messenger PSID, an Emulator user id), so an operator can find that person's
 * lines without the logs ever holding the id itself. Uses the same configuration as the bot: the key of
 * `TELEMETRY_HASH_KEY`, or the random key kept in storage (the embedded Azurite of a running bot is
 * reached where it runs; otherwise one is started over DATA_DIR for the lookup).
 */
import { existsSync } from 'node:fs';
import { loadConfig } from '../config';
import { ConfigError, describeError } from '../../core/errors';
import { BlobAccount } from '../../durable/storage/blobAccount';
import { DocumentStore } from '../../durable/storage/documentStore';
import { embeddedConnectionString } from '../../durable/storage/embeddedAzurite';
import { runningEmbedded } from '../../durable/storage/embeddedMarker';
import { openStorage } from '../openStorage';
import { loadHashKey } from '../telemetry/hashKey';
import { createIdHasher } from '../telemetry/idHasher';
import { normaliseId } from './normaliseId';

async function main(ids: string[]): Promise<number> {
  if (ids.length === 0) {
    process.stderr.write('usage: npm run hash-id -- <phone number or user id> [...]\n');
    return 2;
  }
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig(process.env);
  const key = await keyOf(config);
  const hash = createIdHasher(key);
  for (const id of ids) process.stdout.write(`${normaliseId(id)} ${hash(normaliseId(id))}\n`);
  return 0;
}

async function keyOf(config: ReturnType<typeof loadConfig>): Promise<string> {
  if (config.TELEMETRY_HASH_KEY !== undefined) return config.TELEMETRY_HASH_KEY;
  const running =
    config.AZURE_STORAGE_CONNECTION_STRING === undefined ? runningEmbedded(config.DATA_DIR) : undefined;
  if (running) {
    const account = new BlobAccount({
      connectionString: embeddedConnectionString(running.blobEndpoint),
      containerPrefix: config.STORAGE_CONTAINER_PREFIX,
    });
    return loadHashKey(undefined, new DocumentStore(account, 'system'));
  }
  const storage = await openStorage(config);
  try {
    return await loadHashKey(undefined, storage.system);
  } finally {
    await storage.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof ConfigError ? error.message : describeError(error)}\n`);
    process.exit(error instanceof ConfigError ? 2 : 1);
  },
);
