/**
 * The start banner's line for the operator API: where it is and with which keys, or why it is not
 * mounted. In development without OPERATOR_API_KEYS it prints the development key (read from storage,
 * created there on the first start), so whoever started the bot can call the API.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { describeError } from '../../core/errors';
import type { OperatorApi } from './operatorApi';

/** How long the banner waits for storage to give the development key. */
const KEY_WAIT_MS = 3_000;

export async function operatorApiLine(api: OperatorApi, address: string): Promise<string> {
  if (!api.mounted) return `operator API not mounted /api/v1: ${api.reason}`;
  const line = `operator API mounted ${address}: ${api.reason}`;
  if (api.developmentKey === undefined) return line;
  const key = await Promise.race([
    api.developmentKey().then(
      (value) => `development key ${value}`,
      (error: unknown) => `the development key could not be read (${describeError(error)})`,
    ),
    delay(KEY_WAIT_MS, 'the development key is not read yet (storage is not answering)', { ref: false }),
  ]);
  return `${line}; ${key} (send Authorization: Bearer <key>; set OPERATOR_API_KEYS to choose your own)`;
}
