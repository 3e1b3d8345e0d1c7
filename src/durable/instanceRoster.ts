/**
 * The instances of one deployment, as each sees them in storage: every instance writes its own small
 * document (`instances/<id>.json`, the time it last announced itself) every few seconds, and counts the
 * documents announced within the last three periods. Instances of one app use the count to share each
 * number's send rate (each takes `1 / count` of it), with no storage call per message: one write and one
 * listing (and a read per instance) a period. An instance that stops removes its document; one that dies
 * stops counting three periods later, and its document is removed by the next instance that sees it
 * stale for an hour.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { EtagDocuments } from './storage/documentStore';

const FOLDER = 'instances/';
const announcementSchema = z.object({ at: z.number() });
/** How long a stale announcement stays before another instance removes it. */
const FORGET_AFTER_MS = 60 * 60_000;

export interface InstanceRosterOptions {
  /** How often each instance announces itself; default 5 s. */
  everyMs?: number;
  /** This instance's id; a random one by default. */
  id?: string;
  now?: () => number;
}

export class InstanceRoster {
  readonly id: string;
  private readonly everyMs: number;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | undefined;
  private counted = 1;
  private running: Promise<void> | undefined;

  constructor(
    private readonly documents: EtagDocuments,
    options: InstanceRosterOptions = {},
  ) {
    this.id = options.id ?? randomBytes(6).toString('hex');
    this.everyMs = options.everyMs ?? 5_000;
    this.now = options.now ?? Date.now;
  }

  /** The instances counted at the last announcement (this one included; 1 before the first). */
  get count(): number {
    return this.counted;
  }

  /**
   * Announces this instance now and every period after, calling `onCount` with the number of live
   * instances whenever it changes (and once at the first count). A storage failure keeps the last count.
   */
  start(onCount: (count: number) => void, onError: (error: unknown) => void = () => undefined): void {
    let reported: number | undefined;
    const tick = (): void => {
      this.running = this.announce()
        .then((count) => {
          this.counted = count;
          if (count !== reported) onCount(count);
          reported = count;
        })
        .catch(onError)
        .finally(() => {
          this.running = undefined;
        });
    };
    tick();
    this.timer = setInterval(tick, this.everyMs);
    this.timer.unref();
  }

  /** Stops announcing and removes this instance's document, so the others take its share at once. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
    await this.documents.delete(`${FOLDER}${this.id}.json`).catch(() => undefined);
  }

  /** Writes this instance's announcement and counts the live ones. */
  async announce(): Promise<number> {
    const now = this.now();
    await this.documents.putJson(`${FOLDER}${this.id}.json`, { at: now });
    let live = 0;
    for await (const name of this.documents.list(FOLDER)) {
      const found = await this.documents.getJson(name, announcementSchema).catch(() => undefined);
      const age = found ? now - found.value.at : Infinity;
      if (age <= 3 * this.everyMs || name === `${FOLDER}${this.id}.json`) live += 1;
      else if (age > FORGET_AFTER_MS) await this.documents.delete(name).catch(() => undefined);
    }
    return Math.max(1, live);
  }
}
