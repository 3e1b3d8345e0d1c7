/**
 * One instance at a time sweeps: the lease is one JSON document in the system container
 * (`retention/lease.json`: `holder`, `until`, and when the last sweep finished), and every write of it
 * carries the ETag read before, so of two instances taking it at once, one wins and the other skips.
 * The holder renews it after each page; a holder whose renewal fails has lost it (another instance took
 * it over after `until` passed) and stops. An instance that died leaves `until` behind, and the next
 * sweep after that time takes over. A sweep that finished less than `minIntervalMs` ago is not repeated
 * by another instance (each instance sweeps at its start and daily; the work is done once a day).
 */
import { z } from 'zod';
import { AlreadyExistsError, StateConflictError } from '../../core/errors';
import type { EtagDocuments } from '../../durable/storage/documentStore';

export const RETENTION_LEASE = 'retention/lease.json';

const leaseSchema = z.object({
  holder: z.string(),
  until: z.number(),
  finishedAt: z.number().optional(),
});
type LeaseDocument = z.infer<typeof leaseSchema>;

/** Why a sweep did not take the lease. */
export type NotTaken = 'held' | 'recent';

export class RetentionLease {
  private lost = false;

  private constructor(
    private readonly documents: EtagDocuments,
    private readonly holder: string,
    private readonly leaseMs: number,
    private etag: string,
    private readonly previous: number | undefined,
  ) {}

  /** Takes the lease at `now`, or says why not (another holds it, or a sweep finished recently). */
  static async take(
    documents: EtagDocuments,
    options: { holder: string; leaseMs: number; minIntervalMs: number; now: number },
  ): Promise<RetentionLease | NotTaken> {
    const { holder, leaseMs, minIntervalMs, now } = options;
    const found = await documents.getJson(RETENTION_LEASE, leaseSchema);
    const current = found?.value;
    if (current && current.holder !== holder && current.until > now) return 'held';
    if (current?.finishedAt !== undefined && now - current.finishedAt < minIntervalMs) return 'recent';
    const value: LeaseDocument = { holder, until: now + leaseMs, finishedAt: current?.finishedAt };
    try {
      const etag = await documents.putJson(
        RETENTION_LEASE,
        value,
        found ? { ifMatch: found.etag } : { ifNoneMatch: '*' },
      );
      return new RetentionLease(documents, holder, leaseMs, etag, current?.finishedAt);
    } catch (error) {
      if (error instanceof StateConflictError || error instanceof AlreadyExistsError) return 'held';
      throw error;
    }
  }

  /** Extends the lease from `now`; false once it is lost (another instance wrote the document). */
  async renew(now: number): Promise<boolean> {
    return this.write({ holder: this.holder, until: now + this.leaseMs, finishedAt: this.previous });
  }

  /** Gives the lease up; `finishedAt` when the sweep went through (others then skip for a while). */
  async release(finishedAt?: number): Promise<void> {
    await this.write({ holder: this.holder, until: 0, finishedAt: finishedAt ?? this.previous });
    this.lost = true;
  }

  private async write(value: LeaseDocument): Promise<boolean> {
    if (this.lost) return false;
    try {
      this.etag = await this.documents.putJson(RETENTION_LEASE, value, { ifMatch: this.etag });
      return true;
    } catch (error) {
      if (!(error instanceof StateConflictError)) throw error;
      this.lost = true;
      return false;
    }
  }
}
