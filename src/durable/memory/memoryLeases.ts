/**
 * Conversation leases in memory (`LeaseStore`), for a bot that runs as one process: one holder at a time
 * per key, free again as soon as its work ends. A process holds its leases until it ends, so no hold is
 * ever lost (the signal never aborts) and none needs to lapse. Several instances need `ConversationLease`.
 */
import type { LeaseStore } from '../turns/turnStores';

export class MemoryLeases implements LeaseStore {
  private readonly held = new Set<string>();

  async withLease(key: string, work: (held: AbortSignal) => Promise<void>): Promise<boolean> {
    if (this.held.has(key)) return false;
    this.held.add(key);
    try {
      await work(new AbortController().signal);
    } finally {
      this.held.delete(key);
    }
    return true;
  }
}
