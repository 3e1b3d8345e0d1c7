/**
 * The audit trail of the operator API: one JSON document per action that changed something, in the
 * system container under `audit/<date>/<time>-<random>.json`, so a day's actions list by prefix in the
 * order they happened. A record names the key (by its name), the action, its target and the time; never
 * a person's data.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { DocumentStore } from '../../durable/storage/documentStore';

export const auditRecordSchema = z.object({
  /** The name of the key that acted. */
  operator: z.string(),
  /** What it did (`submission.status`). */
  action: z.string(),
  /** What it changed (a reference, a broadcast id). */
  target: z.string(),
  at: z.iso.datetime(),
});
export type AuditRecord = z.infer<typeof auditRecordSchema>;

export const AUDIT_PREFIX = 'audit/';

export class AuditTrail {
  constructor(
    private readonly system: DocumentStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Stores one record (create-only: a record is never overwritten); returns its name. */
  async record(entry: Omit<AuditRecord, 'at'>): Promise<string> {
    const at = this.now().toISOString();
    const name = `${AUDIT_PREFIX}${at.slice(0, 10)}/${at.slice(11).replace(/:/g, '')}-${randomBytes(4).toString('hex')}.json`;
    await this.system.createJson(name, auditRecordSchema.parse({ ...entry, at }));
    return name;
  }

  /** The records of one day (`YYYY-MM-DD`), oldest first. */
  async day(date: string): Promise<AuditRecord[]> {
    const records: AuditRecord[] = [];
    for await (const name of this.system.list(`${AUDIT_PREFIX}${date}/`)) {
      const found = await this.system.getJson(name, auditRecordSchema);
      if (found) records.push(found.value);
    }
    return records;
  }
}
