/**
 * The server alone (no app, no storage, no channel mounted) on a port of its own, for tests that ask
 * which routes it answers: `readiness` says what `/readyz` reports.
 */
import { createServer } from '../../src/app/server';
import { capturedLog } from '../helpers/capturedLog';

export async function withBareServer(
  readiness: () => Promise<boolean>,
  use: (base: string) => Promise<void>,
): Promise<void> {
  const built = createServer({ log: capturedLog().log, botFramework: undefined, readiness });
  const port = await built.listen(0, '127.0.0.1');
  try {
    await use(`http://127.0.0.1:${port}`);
  } finally {
    await built.close();
  }
}
