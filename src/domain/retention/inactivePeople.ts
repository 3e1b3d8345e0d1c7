/**
 * People with no activity (no message in or out) for `INACTIVE_PERSON_DAYS`, found from the last-seen
 * markers the history's retention writes (`lastSeen.ts`): a marker old enough is checked against the
 * person's newest entry (one listing call), so one who came back since is not taken for gone (their
 * marker is deleted). Each person due is handed to the eraser (`erasePerson`, wired by the app) and only
 * then is their marker deleted, so a sweep stopped between the two erases them again (erasure is
 * idempotent). Without an eraser the part counts who is due and deletes nothing of them.
 */
import type { Logger } from '../../core/log';
import type { EtagDocuments } from '../../durable/storage/documentStore';
import type { Person } from '../communities/community';
import { LAST_SEEN, newestEntryMs, parseLastSeen } from '../history/lastSeen';
import { cutoffOf, eachPage, type RetentionPart, type SweepRound } from './retentionPart';

/** Erases everything stored about one person (the data-rights erasure). */
export interface PersonEraser {
  erasePerson(person: Person): Promise<void>;
}

export interface InactivePeopleOptions {
  /** The history's container (its last-seen markers and entries). */
  history: EtagDocuments;
  /** `INACTIVE_PERSON_DAYS`. */
  days: number;
  eraser?: PersonEraser;
  log: Logger;
}

export class InactivePeople implements RetentionPart {
  readonly name = 'people';

  constructor(private readonly options: InactivePeopleOptions) {}

  async sweep(round: SweepRound): Promise<{ due: number; erased: number; cameBack: number }> {
    const { history, eraser, days, log } = this.options;
    const cutoff = cutoffOf(round.now, days);
    const counts = { due: 0, erased: 0, cameBack: 0 };
    let previous: string | undefined;
    await eachPage(history, LAST_SEEN, async (names) => {
      for (const name of names) {
        const marker = parseLastSeen(name);
        if (!marker || marker.ms >= cutoff) continue;
        const person: Person = { channel: marker.person.channel, id: marker.person.userId };
        const key = `${person.channel}\n${person.id}`;
        if (key === previous) {
          // An older marker of the same person (markers sort oldest first): theirs is settled.
          if (eraser) await history.delete(name);
          continue;
        }
        const newest = await newestEntryMs(history, marker.person);
        if (newest !== undefined && newest > marker.ms) {
          await history.delete(name);
          counts.cameBack += 1;
          continue;
        }
        previous = key;
        counts.due += 1;
        if (!eraser) continue;
        await eraser.erasePerson(person);
        await history.delete(name);
        counts.erased += 1;
      }
      return round.page(counts);
    });
    if (!eraser && counts.due > 0)
      log.info('retention: people inactive past the retention are due; no eraser is wired, none erased', {
        due: counts.due,
        days,
      });
    return counts;
  }
}
