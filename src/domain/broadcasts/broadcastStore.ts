/**
 * Broadcast jobs in the system container (layout: `broadcastJob.ts`): creating one, reading its progress
 * (counts from two listings, no per-member reads), the cancel marker, and per member the create-only
 * claim, its outcome, the link from the message sent to the member, and the delivery statuses reported.
 * Every write that may be repeated (a replay, a second instance) is create-only, so it counts once.
 */
import { z } from 'zod';
import { createOnce } from '../../durable/storage/createOnce';
import type { EtagDocuments } from '../../durable/storage/documentStore';
import {
  ACTIVE,
  RECENT,
  recentSchema,
  broadcastJobSchema,
  broadcastNames,
  broadcastProgressSchema,
  messageLinkName,
  messageLinkSchema,
  type BroadcastJob,
  type BroadcastProgress,
  type BroadcastState,
  type MemberOutcome,
} from './broadcastJob';

const cancelSchema = z.object({ at: z.string() });

export interface BroadcastCounts {
  /** Members listed so far and not yet reached (the list is read a page at a time). */
  queued: number;
  /** Members the platform took the template for. */
  sent: number;
  /** Of those, reported delivered (or read), and read. */
  delivered: number;
  read: number;
  /** Refused by the platform, or reported failed after it took them. */
  failed: number;
  /** Not sent, and why (`channel`: another channel than asked; `not_whatsapp`; `channel_not_served`, …). */
  skipped: number;
  /** Claimed by an instance that died before the platform answered: maybe received, never sent again. */
  unknown: number;
  skippedBecause: Record<string, number>;
  failedBecause: Record<string, number>;
}

export interface BroadcastView extends BroadcastJob {
  state: BroadcastState;
  counts: BroadcastCounts;
  updatedAt: string;
}

/** Statuses of a broadcast's messages are looked for until this long after it was created. */
const STATUSES_FOR_MS = 30 * 24 * 3_600_000;
/** How long an instance trusts what it read of `recent.json`; a broadcast's first send waits longer. */
export const RECENT_TRUSTED_MS = 1_000;

export class BroadcastStore {
  private recent: { until: number; readAt: number } | undefined;

  constructor(readonly documents: EtagDocuments) {}

  /** Stores a new broadcast, queued: its job, its progress, then its entry among the active ones. */
  async create(job: BroadcastJob): Promise<void> {
    const names = broadcastNames(job.id);
    const until = Date.parse(job.createdAt) + STATUSES_FOR_MS;
    await this.documents.putJson(RECENT, { until });
    this.recent = { until, readAt: Date.now() };
    await this.documents.createJson(names.job, broadcastJobSchema.parse(job));
    const progress: BroadcastProgress = { state: 'queued', before: 0, listed: 0, updatedAt: job.createdAt };
    await this.documents.createJson(names.progress, progress);
    await this.documents.putJson(names.active, {});
  }

  async job(id: string): Promise<BroadcastJob | undefined> {
    return (await this.documents.getJson(broadcastNames(id).job, broadcastJobSchema))?.value;
  }

  async progress(id: string): Promise<{ value: BroadcastProgress; etag: string } | undefined> {
    return this.documents.getJson(broadcastNames(id).progress, broadcastProgressSchema);
  }

  /** The broadcast as an operator sees it; undefined when there is none by that id. */
  async view(id: string): Promise<BroadcastView | undefined> {
    const job = await this.job(id);
    if (!job) return undefined;
    const [progress, cancelled, counts] = await Promise.all([
      this.progress(id),
      this.cancelled(id),
      this.counts(id),
    ]);
    const stored = progress?.value.state ?? 'queued';
    const state = cancelled && stored !== 'done' ? 'cancelled' : stored;
    const listed = progress?.value.listed ?? 0;
    const reached = counts.sent + counts.unknown + counts.skipped + counts.refused;
    const { refused: _refused, ...shown } = counts;
    return {
      ...job,
      state,
      counts: { ...shown, queued: state === 'done' ? 0 : Math.max(0, listed - reached) },
      updatedAt: progress?.value.updatedAt ?? job.createdAt,
    };
  }

  /**
   * Whether a status may be of a broadcast's message: false when no broadcast was created in the last 30
   * days, so a deployment without broadcasts reads `recent.json` once a second at most, not the link of
   * every status. Another instance's new broadcast is seen within `RECENT_TRUSTED_MS`, and its first
   * send waits longer than that (`BroadcastWorker`).
   */
  async sentRecently(): Promise<boolean> {
    const now = Date.now();
    if (
      this.recent === undefined ||
      (now - this.recent.readAt > RECENT_TRUSTED_MS && this.recent.until < now)
    ) {
      const found = await this.documents.getJson(RECENT, recentSchema);
      this.recent = { until: found?.value.until ?? 0, readAt: now };
    }
    return this.recent.until >= now;
  }

  /** Ids of the broadcasts not yet done or cancelled. */
  async active(): Promise<string[]> {
    const ids: string[] = [];
    for await (const name of this.documents.list(ACTIVE)) ids.push(name.slice(ACTIVE.length));
    return ids;
  }

  async finished(id: string): Promise<void> {
    await this.documents.delete(broadcastNames(id).active);
  }

  /** Marks the broadcast cancelled (again: nothing changes). */
  async cancel(id: string, at: Date): Promise<void> {
    await createOnce(this.documents, broadcastNames(id).cancel, { at: at.toISOString() });
  }

  async cancelled(id: string): Promise<boolean> {
    return (await this.documents.getJson(broadcastNames(id).cancel, cancelSchema)) !== undefined;
  }

  /** Claims the member for a send; false when someone (this instance before a crash, another) did. */
  async claim(id: string, member: string, holder: string): Promise<boolean> {
    return createOnce(this.documents, broadcastNames(id).claim(member), { holder, at: new Date() });
  }

  /** Gives up a claim whose send was held back before any call (rate limits, an outage): tried again. */
  async unclaim(id: string, member: string): Promise<void> {
    await this.documents.delete(broadcastNames(id).claim(member));
  }

  /** The member's outcome, if one is recorded. */
  async outcomeOf(id: string, member: string): Promise<string | undefined> {
    const folder = `${broadcastNames(id).people}${member}/`;
    for await (const name of this.documents.list(folder)) {
      const last = name.slice(folder.length);
      if (last !== 'claim') return last;
    }
    return undefined;
  }

  async record(id: string, member: string, outcome: MemberOutcome): Promise<void> {
    await createOnce(this.documents, broadcastNames(id).outcome(member, outcome), { at: new Date() });
  }

  /** Links a message sent to the member, so its delivery statuses are counted. */
  async link(messageId: string, id: string, member: string): Promise<void> {
    await createOnce(this.documents, messageLinkName(messageId), { broadcast: id, member });
  }

  /** The broadcast and member a message was sent to, if a broadcast sent it. */
  async linkOf(messageId: string): Promise<{ broadcast: string; member: string } | undefined> {
    return (await this.documents.getJson(messageLinkName(messageId), messageLinkSchema))?.value;
  }

  async recordStatus(id: string, member: string, status: string): Promise<void> {
    await createOnce(this.documents, broadcastNames(id).status(member, status), {});
  }

  private async counts(id: string): Promise<BroadcastCounts & { refused: number }> {
    const names = broadcastNames(id);
    const counts: BroadcastCounts & { refused: number } = {
      ...{ queued: 0, sent: 0, delivered: 0, read: 0, failed: 0, skipped: 0, unknown: 0, refused: 0 },
      ...{ skippedBecause: {}, failedBecause: {} },
    };
    // One outcome per member; a holder that lost its lease may record `sent` after its successor
    // recorded the claim `unknown`: what happened wins over what was not known.
    const outcomes = new Map<string, string>();
    for await (const name of this.documents.list(names.people)) {
      const [member = '', outcome = ''] = name.slice(names.people.length).split('/');
      const known = outcomes.get(member);
      if (outcome !== 'claim' && (known === undefined || known === 'unknown')) outcomes.set(member, outcome);
    }
    for (const outcome of outcomes.values()) {
      const [kind, why = 'other'] = outcome.split('.');
      if (kind === 'sent') counts.sent += 1;
      else if (kind === 'unknown') counts.unknown += 1;
      else if (kind === 'skipped') {
        counts.skipped += 1;
        counts.skippedBecause[why] = (counts.skippedBecause[why] ?? 0) + 1;
      } else if (kind === 'failed') {
        counts.failed += 1;
        counts.refused += 1;
        counts.failedBecause[why] = (counts.failedBecause[why] ?? 0) + 1;
      }
    }
    const reported = new Map<string, Set<string>>();
    for await (const name of this.documents.list(names.statuses)) {
      const [member = '', status = ''] = name.slice(names.statuses.length).split('/');
      reported.set(member, (reported.get(member) ?? new Set()).add(status));
    }
    for (const statuses of reported.values()) {
      if (statuses.has('read')) counts.read += 1;
      if (statuses.has('read') || statuses.has('delivered')) counts.delivered += 1;
      else if (statuses.has('failed')) {
        counts.failed += 1;
        counts.failedBecause.after_sending = (counts.failedBecause.after_sending ?? 0) + 1;
      }
    }
    return counts;
  }
}
