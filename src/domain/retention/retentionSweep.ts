/**
 * The retention sweep: at start and then once a day, each part (the conversation history, the inbox's
 * histories, media, inactive people) deletes what outlived its days. One instance at a time works
 * (`RetentionLease`); the others skip. Progress is logged after each page (counts only, never a name or
 * an id); a sweep stopped anywhere (a crash, a lost lease) is continued by the next, since every part
 * finds its work again by listing.
 */
import { randomUUID } from 'node:crypto';
import { describeError } from '../../core/errors';
import type { Logger } from '../../core/log';
import type { EtagDocuments } from '../../durable/storage/documentStore';
import { DAY_MS, type RetentionCounts, type RetentionPart } from './retentionPart';
import { RetentionLease } from './retentionLease';

export interface RetentionSweepOptions {
  parts: readonly RetentionPart[];
  /** Where the lease document is kept (the system container). */
  lease: EtagDocuments;
  log: Logger;
  /** The clock (tests inject one, to sweep "days later" without waiting). */
  now?: () => Date;
  /** This instance's name in the lease (a fresh one by default). */
  holder?: string;
  /** How long the lease holds without a renewal (renewed after each page). */
  leaseMs?: number;
  /** How often each instance sweeps after its first (a day); a sweep finished within 20 h is not repeated. */
  everyMs?: number;
}

export type SweepOutcome =
  | { state: 'done'; counts: Record<string, RetentionCounts> }
  | { state: 'skipped'; reason: 'held' | 'recent' }
  | { state: 'stopped'; counts: Record<string, RetentionCounts> };

const LEASE_MS = 5 * 60_000;

export class RetentionSweep {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<SweepOutcome> | undefined;
  private readonly holder: string;

  constructor(private readonly options: RetentionSweepOptions) {
    this.holder = options.holder ?? randomUUID();
  }

  /** Sweeps now, then every day; a failed sweep is logged and tried again at the next. */
  start(): void {
    if (this.timer) return;
    const run = (): void => {
      void this.sweep().catch((error: unknown) => {
        this.options.log.warn('retention: the sweep failed; tried again at the next', {
          error: describeError(error),
        });
      });
    };
    this.timer = setInterval(run, this.everyMs);
    this.timer.unref();
    run();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One sweep (one at a time in this process; across instances, one at a time by the lease). */
  sweep(): Promise<SweepOutcome> {
    this.running ??= this.sweepOnce().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private get everyMs(): number {
    return this.options.everyMs ?? DAY_MS;
  }

  private async sweepOnce(): Promise<SweepOutcome> {
    const { log } = this.options;
    const clock = this.options.now ?? (() => new Date());
    const lease = await RetentionLease.take(this.options.lease, {
      holder: this.holder,
      leaseMs: this.options.leaseMs ?? LEASE_MS,
      minIntervalMs: (this.everyMs * 5) / 6,
      now: clock().getTime(),
    });
    if (typeof lease === 'string') {
      log.info('retention: another instance sweeps, or swept lately; skipped', { reason: lease });
      return { state: 'skipped', reason: lease };
    }
    const counts: Record<string, RetentionCounts> = {};
    let holds = true;
    let finished = false;
    try {
      for (const part of this.options.parts) {
        const round = {
          now: clock(),
          page: async (sofar: RetentionCounts): Promise<boolean> => {
            log.info(`retention: ${part.name}: a page swept`, sofar);
            holds = holds && (await lease.renew(clock().getTime()));
            return holds;
          },
        };
        counts[part.name] = await part.sweep(round);
        if (!holds) break;
        log.info(`retention: ${part.name}: swept`, counts[part.name]);
      }
      finished = holds;
    } finally {
      await lease.release(finished ? clock().getTime() : undefined).catch(() => undefined);
    }
    if (!holds) log.warn('retention: the lease was lost; the next sweep continues', {});
    return holds ? { state: 'done', counts } : { state: 'stopped', counts };
  }
}
