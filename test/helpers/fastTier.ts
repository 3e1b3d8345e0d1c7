/**
 * Root hooks of the fast tier (`npm run test:fast`, and the first half of `npm test`): every
 * `*.test.ts` that is not `*.e2e.test.ts` runs here with no Azurite and no child process. A fast-tier
 * test that starts either fails, naming the way out, so no file drifts into the fast tier unnoticed.
 */
import childProcess from 'node:child_process';

const WAY_OUT = 'a test that needs Azurite or a child process belongs in a file named *.e2e.test.ts';

export function mochaGlobalSetup(): void {
  process.env.TEST_TIER = 'fast';
  for (const name of [
    'spawn',
    'fork',
    'exec',
    'execFile',
    'spawnSync',
    'execSync',
    'execFileSync',
  ] as const) {
    Object.defineProperty(childProcess, name, {
      configurable: true,
      value: () => {
        throw new Error(`child_process.${name} in the fast tier: ${WAY_OUT}`);
      },
    });
  }
}

/** Throws in the fast tier (Azurite is not started there). */
export function refuseInFastTier(what: string): void {
  if (process.env.TEST_TIER === 'fast') throw new Error(`${what} in the fast tier: ${WAY_OUT}`);
}
