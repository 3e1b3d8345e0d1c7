/**
 * Work done once per store, however many processes start: a marker document says it was done, and each
 * process checks for it once (the first call of `ensure` runs the work when the marker is absent; calls
 * meanwhile wait for the same run). The work must be idempotent: two processes starting together may
 * both run it, and a run cut short by a crash runs again in full, since the marker is written last.
 */
import { z } from 'zod';
import { StoredDataError } from '../../core/errors';
import type { EtagDocuments } from './documentStore';

const markerSchema = z.object({ at: z.string(), count: z.number() });

export class OneTimeTask {
  private running: Promise<void> | undefined;

  constructor(
    private readonly documents: EtagDocuments,
    private readonly marker: string,
    /** Does the work; returns how many items it went through (kept on the marker). */
    private readonly work: () => Promise<number>,
  ) {}

  ensure(): Promise<void> {
    this.running ??= this.run().catch((error: unknown) => {
      this.running = undefined; // the next call tries again
      throw error;
    });
    return this.running;
  }

  private async run(): Promise<void> {
    if (await this.documents.getJson(this.marker, markerSchema)) return;
    const count = await this.work();
    await this.documents.putJson(this.marker, { at: new Date().toISOString(), count });
  }
}

/** Runs `each` over `items`, `width` at a time. */
export async function inBatches<T>(
  items: AsyncIterable<T>,
  width: number,
  each: (item: T) => Promise<void>,
): Promise<number> {
  let batch: Promise<void>[] = [];
  let count = 0;
  for await (const item of items) {
    batch.push(each(item));
    count += 1;
    if (batch.length >= width) {
      await Promise.all(batch);
      batch = [];
    }
  }
  await Promise.all(batch);
  return count;
}

/** For a run's reads: a document that breaks its schema is passed over; any other failure stops the run. */
export function passOverBroken(error: unknown): undefined {
  if (error instanceof StoredDataError) return undefined;
  throw error;
}
