/** Mocha global fixtures: one Azurite for the whole run. */
import { startSharedAzurite, stopSharedAzurite } from './azurite';

export async function mochaGlobalSetup(): Promise<void> {
  await startSharedAzurite();
}

export async function mochaGlobalTeardown(): Promise<void> {
  await stopSharedAzurite();
}
