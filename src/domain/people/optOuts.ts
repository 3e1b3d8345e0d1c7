/**
 * Who asked for no proactive messages: one small document per person among the state documents,
 * `optouts/<channel>/<user>.json`, with when and how (`word`: they sent STOP or a word like it;
 * `platform`: the platform refused a send because they stopped our messages, with its code). Opting in
 * again (START) deletes it. The `ProactiveSender` reads it before every proactive send; replies in a
 * turn the person started never look at it.
 */
import { z } from 'zod';
import { pathSegment } from '../../durable/storage/blobName';
import type { EtagDocuments } from '../../durable/storage/documentStore';
import type { Person } from '../communities/community';

export const optOutSchema = z.object({
  /** When it was recorded (ISO 8601). */
  at: z.string(),
  source: z.enum(['word', 'platform']),
  /** The platform's code of the refusal (`platform` only): Meta's 131050, Twilio's 21610. */
  code: z.number().optional(),
});
export type OptOut = z.infer<typeof optOutSchema>;

/** How an opt-out came: the person's word, or the platform's refusal with its code. */
export type OptOutSource = { source: 'word' } | { source: 'platform'; code?: number };

/** What the dialogs and the app's sender need of the opt-outs. */
export interface OptOutRecords {
  /** The person's opt-out, or undefined when they may be sent proactive messages. */
  of(person: Person): Promise<OptOut | undefined>;
  record(person: Person, how: OptOutSource): Promise<OptOut>;
  /** Removes the opt-out (START); true when there was one. */
  remove(person: Person): Promise<boolean>;
}

export class OptOuts implements OptOutRecords {
  constructor(
    private readonly documents: EtagDocuments,
    private readonly now: () => number = Date.now,
  ) {}

  async of(person: Person): Promise<OptOut | undefined> {
    return (await this.documents.getJson(optOutName(person), optOutSchema))?.value;
  }

  async record(person: Person, how: OptOutSource): Promise<OptOut> {
    const optOut: OptOut = { at: new Date(this.now()).toISOString(), ...how };
    await this.documents.putJson(optOutName(person), optOut);
    return optOut;
  }

  async remove(person: Person): Promise<boolean> {
    const had = (await this.of(person)) !== undefined;
    if (had) await this.documents.delete(optOutName(person));
    return had;
  }
}

/** The person's opt-out document among the state documents (the person's export reads it, erasure deletes it). */
export function optOutName(person: Person): string {
  return `optouts/${pathSegment(person.channel)}/${pathSegment(person.id)}.json`;
}
