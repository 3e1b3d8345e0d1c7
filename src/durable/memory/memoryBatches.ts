/**
 * Batch records in memory (`BatchStore`), for a bot that runs as one process: the contract of
 * `BatchRecords` (one create-only record per batch, named after its event ids so a redelivery finds it,
 * removed once fanned out, listed by age for the sweep), kept as JSON text and checked when read back.
 */
import { z } from 'zod';
import { arrivingEventSchema, batchNameOf, type ArrivingEvent } from '../turns/turnStores';
import type { BatchStore } from '../turns/turnStores';

const batchSchema = z.object({ events: z.array(arrivingEventSchema) });

export class MemoryBatches implements BatchStore {
  private readonly records = new Map<string, { text: string; writtenAt: number }>();

  write(events: readonly ArrivingEvent[]): Promise<{ name: string; created: boolean }> {
    const name = batchNameOf(events);
    if (this.records.has(name)) return Promise.resolve({ name, created: false });
    this.records.set(name, { text: JSON.stringify({ events }), writtenAt: Date.now() });
    return Promise.resolve({ name, created: true });
  }

  read(name: string): Promise<ArrivingEvent[] | 'gone' | 'unreadable'> {
    const found = this.records.get(name);
    if (!found) return Promise.resolve('gone');
    const parsed = batchSchema.safeParse(JSON.parse(found.text));
    if (parsed.success) return Promise.resolve(parsed.data.events);
    this.records.delete(name);
    return Promise.resolve('unreadable');
  }

  remove(name: string): Promise<void> {
    this.records.delete(name);
    return Promise.resolve();
  }

  stalled(olderThanMs: number, now = Date.now()): Promise<string[]> {
    return Promise.resolve(
      [...this.records].filter(([, r]) => now - r.writtenAt >= olderThanMs).map(([name]) => name),
    );
  }
}
