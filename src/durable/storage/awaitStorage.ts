/**
 * Waits in the background for a storage account that did not answer at start (connection refused, DNS,
 * timeout): probes it again and again, the wait growing from one second to thirty, until it answers, then
 * says how (it took our credentials, or it refused them). Meanwhile the process serves, and `/readyz`
 * answers 503.
 */
import type { StorageAccess } from './blobAccount';

export type StorageAnswer = Exclude<StorageAccess, { status: 'unreachable' }>;

export interface AwaitStorageOptions {
  firstDelayMs?: number;
  maxDelayMs?: number;
}

/** Starts probing; `stop()` ends it (at shutdown). */
export function awaitStorage(
  probe: () => Promise<StorageAccess>,
  onAnswer: (answer: StorageAnswer) => void,
  options: AwaitStorageOptions = {},
): { stop(): void } {
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  let delayMs = options.firstDelayMs ?? 1_000;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const next = (): void => {
    timer = setTimeout(() => {
      const asked = probe().catch((): StorageAccess => ({
        status: 'unreachable',
        detail: 'the probe failed',
      }));
      void asked.then((access) => {
        if (stopped) return;
        if (access.status === 'unreachable') {
          delayMs = Math.min(maxDelayMs, delayMs * 2);
          next();
        } else {
          onAnswer(access);
        }
      });
    }, delayMs);
    timer.unref();
  };
  next();
  return {
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
