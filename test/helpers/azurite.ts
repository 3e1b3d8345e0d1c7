/**
 * Azurite for the test run: one instance on a random port over a temporary folder, started by the root
 * hooks and torn down (process and folder) after the run. Each test takes its own container prefix, so
 * tests never see each other's data.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlobAccount } from '../../src/durable/storage/blobAccount';
import { startEmbeddedAzurite, type EmbeddedAzurite } from '../../src/durable/storage/embeddedAzurite';
import { refuseInFastTier } from './fastTier';

export interface TestAzurite extends EmbeddedAzurite {
  /** Stops Azurite and deletes its folder. */
  destroy(): Promise<void>;
}

export async function startTestAzurite(
  location = mkdtempSync(join(tmpdir(), 'azurite-test-')),
): Promise<TestAzurite> {
  refuseInFastTier('Azurite');
  const azurite = await startEmbeddedAzurite({ location });
  return {
    ...azurite,
    destroy: async () => {
      await azurite.stop();
      rmSync(location, { recursive: true, force: true });
    },
  };
}

let shared: TestAzurite | undefined;

/** Names the run's Azurite to mocha's parallel workers (processes started after the global setup). */
const SHARED_ENV = 'TEST_SHARED_AZURITE';

export async function startSharedAzurite(): Promise<void> {
  shared = await startTestAzurite();
  process.env[SHARED_ENV] = shared.connectionString;
}

export async function stopSharedAzurite(): Promise<void> {
  await shared?.destroy();
  shared = undefined;
}

/** The run's Azurite (started by the root hooks). */
export function sharedAzurite(): { connectionString: string } {
  refuseInFastTier('Azurite');
  // A parallel worker: the process that ran the global setup started it (and stops it).
  const connectionString = shared?.connectionString ?? process.env[SHARED_ENV];
  if (connectionString === undefined)
    throw new Error('The shared Azurite is not running: load test/helpers/rootHooks');
  return { connectionString };
}

let prefixes = 0;

/** A container prefix no other test uses. */
export function uniquePrefix(): string {
  prefixes += 1;
  return `t${process.pid.toString(36)}${Date.now().toString(36)}${prefixes}`.slice(0, 40);
}

/** A fresh account view over the shared Azurite with its own containers. */
export function testAccount(prefix = uniquePrefix()): BlobAccount {
  return new BlobAccount({ connectionString: sharedAzurite().connectionString, containerPrefix: prefix });
}
