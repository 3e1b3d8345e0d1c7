/**
 * Sends broadcasts: every instance runs one worker, which looks for unfinished broadcasts (at start,
 * every third of BROADCAST_LEASE_SECONDS, and when one is created here), takes the lease of each one
 * nobody holds (`BroadcastLease`) and works through its community's members page by page
 * (`StoredMemberships.membersOf`, the page's cursor saved as the checkpoint), one member at a time:
 *
 *   1. claim the member (create-only `people/<member>/claim`): if the claim is already there, this member
 *      was reached before (by an instance that died, or before a restart): its outcome stands, and a
 *      claim without an outcome (the instance died between the claim and the platform's answer) is
 *      recorded `unknown`, never sent again;
 *   2. send the template through the `ProactiveSender` (the conversation's lease, the outbound scheduler
 *      at `proactive` priority behind replies, within the number's rate);
 *   3. record the outcome (`sent`, `failed.<why>`, `skipped.<why>`) and link the message id to the member,
 *      so its delivery statuses are counted (`BroadcastStatuses`).
 *
 * So no member is sent the template twice, whatever dies when. A member is left unsent only when an
 * instance dies after its claim and before the platform's answer; it is then counted `unknown` (it may
 * or may not have received it). A send held back before any call (rate limits, an outage, the person's
 * conversation busy) gives its claim back and is tried again after a pause.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { whatsappTemplateAttachment } from '../../core/conventions/whatsappTemplate';
import {
  ChannelApiError,
  ConversationBusyError,
  DeliveryDeferredError,
  describeError,
  InvalidValueError,
  OptedOutError,
} from '../../core/errors';
import type { InFlight } from '../../core/inFlight';
import type { Logger } from '../../core/log';
import type { Person } from '../../domain/communities/community';
import type { StoredMemberships } from '../../domain/communities/storedMemberships';
import { memberKey, type BroadcastJob, type MemberOutcome } from '../../domain/broadcasts/broadcastJob';
import { BroadcastLease } from '../../domain/broadcasts/broadcastLease';
import { RECENT_TRUSTED_MS, type BroadcastStore } from '../../domain/broadcasts/broadcastStore';
import type { BroadcastStatuses } from '../../domain/broadcasts/broadcastStatuses';
import type { ProactiveSender } from '../outbound/proactiveSender';

export interface BroadcastWorkerDeps {
  store: BroadcastStore;
  /** Undefined when CE_API_URL keeps the memberships: nothing to send to. */
  members: Pick<StoredMemberships, 'membersOf'> | undefined;
  sender: Pick<ProactiveSender, 'send' | 'serves'>;
  statuses: BroadcastStatuses;
  log: Logger;
  inFlight: InFlight;
  leaseMs: number;
  /** Members read per page (and per checkpoint). */
  pageSize?: number;
  /** Pause before a held-back send is tried again. */
  retryMs?: number;
}

/** How often the cancel marker is read while a broadcast runs (a cancel here is seen at once). */
const CANCEL_CHECK_MS = 500;

export class BroadcastWorker {
  private readonly holder = randomUUID();
  private readonly running = new Map<string, { cancel: AbortController; done: Promise<void> }>();
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private stopped = false;
  private pollAgain = false;

  constructor(private readonly deps: BroadcastWorkerDeps) {}

  start(): void {
    if (!this.deps.members || this.timer) return;
    this.timer = setInterval(() => this.poll(), Math.max(200, this.deps.leaseMs / 3));
    this.timer.unref();
    this.poll();
  }

  /** Stops taking broadcasts and ends those running here after the send in flight (their leases given up). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    for (const run of this.running.values()) run.cancel.abort(new Error('stopping'));
    await Promise.all([...this.running.values()].map((run) => run.done));
    await this.polling;
  }

  /** Looks for broadcasts to take now (one was just created): again after the look under way, if one is. */
  poll(): void {
    if (this.stopped) return;
    if (this.polling) {
      this.pollAgain = true;
      return;
    }
    this.polling = this.deps.inFlight
      .track(this.takeFree())
      .catch((error: unknown) =>
        this.deps.log.warn('broadcasts: could not look for work', { error: describeError(error) }),
      )
      .finally(() => {
        this.polling = undefined;
        if (this.pollAgain) {
          this.pollAgain = false;
          this.poll();
        }
      });
  }

  /** A cancel made here: the broadcast, if it runs here, stops after the send in flight; resolves then. */
  async cancelled(id: string): Promise<void> {
    const run = this.running.get(id);
    if (!run) return;
    run.cancel.abort(new Error('cancelled'));
    await run.done;
  }

  private async takeFree(): Promise<void> {
    for (const id of await this.deps.store.active()) {
      if (this.stopped || this.running.has(id)) continue;
      const job = await this.deps.store.job(id);
      const lease = job && (await BroadcastLease.take(this.deps.store, id, this.holder, this.deps.leaseMs));
      if (!job || !lease) {
        const progress = job && (await this.deps.store.progress(id));
        if (!job || progress?.value.state === 'done' || progress?.value.state === 'cancelled')
          await this.deps.store.finished(id); // its worker died after ending it, or it never began
        continue;
      }
      const cancel = new AbortController();
      const done = this.deps.inFlight.track(
        this.run(job, lease, cancel.signal)
          .catch((error: unknown) => {
            this.deps.log.warn('broadcasts: stopped; another instance (or this one) will go on', {
              broadcast: id,
              error: describeError(error),
            });
            return lease.release();
          })
          .finally(() => this.running.delete(id)),
      );
      this.running.set(id, { cancel, done });
    }
  }

  private async run(job: BroadcastJob, lease: BroadcastLease, stop: AbortSignal): Promise<void> {
    const { store, log } = this.deps;
    log.info('broadcasts: working on a broadcast', { broadcast: job.id, from: lease.progress.listed });
    let cursor = lease.progress.cursor;
    let before = lease.progress.before;
    let checkedAt = 0;
    // Every instance counts this broadcast's statuses by then (`BroadcastStore.sentRecently`).
    const firstSend = Date.parse(job.createdAt) + RECENT_TRUSTED_MS + 500;
    await delay(Math.max(0, firstSend - Date.now()), undefined, { signal: stop }).catch(() => undefined);
    const cancelled = async (): Promise<boolean> => {
      if (Date.now() - checkedAt < CANCEL_CHECK_MS) return false;
      checkedAt = Date.now();
      return store.cancelled(job.id);
    };
    for (;;) {
      const page = await this.membersOf(job.community, cursor);
      await lease.update((p) => ({
        ...p,
        ...(cursor === undefined ? {} : { cursor }),
        before,
        listed: before + page.items.length,
      }));
      for (const person of page.items) {
        const go = !stop.aborted && !(await cancelled());
        if (!go || (await this.reach(job, person, lease, stop)) === 'stopped') {
          const ending = (await store.cancelled(job.id)) ? 'cancelled' : undefined;
          if (ending) log.info('broadcasts: cancelled', { broadcast: job.id });
          return lease.release(ending);
        }
      }
      if (page.next === undefined) {
        log.info('broadcasts: done', { broadcast: job.id, members: before + page.items.length });
        return lease.release('done');
      }
      before += page.items.length;
      cursor = page.next;
    }
  }

  private membersOf(community: string, cursor: string | undefined) {
    const members = this.deps.members;
    if (!members) throw new Error('broadcasts need stored memberships');
    const limit = this.deps.pageSize ?? 50;
    return members.membersOf(community, { limit, ...(cursor === undefined ? {} : { cursor }) });
  }

  /**
   * One member: claimed, sent (or skipped, or found reached before), its outcome recorded; or `stopped`
   * before it was sent (the lease lost, a stop or a cancel while its send was held back).
   */
  private async reach(
    job: BroadcastJob,
    person: Person,
    lease: BroadcastLease,
    stop: AbortSignal,
  ): Promise<'reached' | 'stopped'> {
    const { store } = this.deps;
    const member = memberKey(job.id, person);
    for (;;) {
      if (!lease.holds()) throw new Error('the broadcast lease was lost');
      if (!(await store.claim(job.id, member, this.holder))) {
        if ((await store.outcomeOf(job.id, member)) === undefined)
          await store.record(job.id, member, { kind: 'unknown' });
        return 'reached';
      }
      const outcome = await this.send(job, person);
      if (outcome === 'again') {
        await store.unclaim(job.id, member);
        await delay(this.deps.retryMs ?? 1_000, undefined, { signal: stop }).catch(() => undefined);
        if (stop.aborted || (await store.cancelled(job.id))) return 'stopped';
        continue;
      }
      if (outcome.kind === 'sent') {
        await store.link(outcome.messageId, job.id, member);
        await store.record(job.id, member, { kind: 'sent' });
        await this.deps.statuses.catchUp(job.id, member, person, outcome.messageId);
        return 'reached';
      }
      await store.record(job.id, member, outcome);
      return 'reached';
    }
  }

  private async send(
    job: BroadcastJob,
    person: Person,
  ): Promise<Exclude<MemberOutcome, { kind: 'sent' }> | { kind: 'sent'; messageId: string } | 'again'> {
    if (job.channel !== undefined && person.channel !== job.channel)
      return { kind: 'skipped', why: 'channel' };
    if (person.channel !== 'whatsapp') return { kind: 'skipped', why: 'not_whatsapp' };
    if (!this.deps.sender.serves(person.channel)) return { kind: 'skipped', why: 'channel_not_served' };
    try {
      const sent = await this.deps.sender.send({
        channel: person.channel,
        userId: person.id,
        activity: {
          type: 'message',
          attachments: [whatsappTemplateAttachment({ ...job.template, use: 'always' })],
        },
        by: `operator:${job.by}`,
      });
      return sent.messageId === undefined ? { kind: 'unknown' } : { kind: 'sent', messageId: sent.messageId };
    } catch (error) {
      if (error instanceof DeliveryDeferredError || error instanceof ConversationBusyError) return 'again';
      if (error instanceof InvalidValueError) return { kind: 'skipped', why: 'no_default_line' };
      if (error instanceof OptedOutError) return { kind: 'skipped', why: 'opted_out' };
      if (error instanceof ChannelApiError)
        return { kind: 'failed', why: String(error.code ?? error.status) };
      this.deps.log.warn('broadcasts: a send ended in an unexpected error; counted unknown', {
        broadcast: job.id,
        error: describeError(error),
      });
      return { kind: 'unknown' };
    }
  }
}
