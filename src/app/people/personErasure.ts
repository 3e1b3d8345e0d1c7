/**
 * Erases one person (channel and user id) from every container, each store deleting what it keeps of
 * them by its own layout: first, per conversation with each of our lines (under the conversation's
 * lease, so after a turn in flight), the inbox's events and histories, the media, the conversation state
 * and the channel's memory (window, choices), then the lease blob; then the submissions, redacted
 * (`submissionErasure.ts`) with their media deleted, the memberships and the members index, the
 * conversation history; last the user state (profile, consent), the opt-out record and the identity
 * document.
 *
 * A receipt (`erasureReceipt.ts`) is written first (`erasing`) and last (`done`, with counts); each step
 * is idempotent, so asking again after a crash finishes the job.
 * An audit record (`person.erase`, the reference) is left each time; neither names the person.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { ConversationMemory } from '../../../adapters/whatsapp/conversationMemory';
import { describeError } from '../../core/errors';
import type { InFlight } from '../../core/inFlight';
import type { Logger } from '../../core/log';
import type { Person } from '../../domain/communities/community';
import type { StoredMemberships } from '../../domain/communities/storedMemberships';
import { optOutName } from '../../domain/people/optOuts';
import type { ConversationHistory } from '../../domain/history/conversationHistory';
import type { SubmissionStore } from '../../domain/submissions/submissionStore';
import { conversationStateKey, userStateKey } from '../../durable/concurrentState';
import type { ConversationInbox } from '../../durable/storage/conversationInbox';
import type { ConversationLease } from '../../durable/storage/conversationLease';
import type { DocumentStore } from '../../durable/storage/documentStore';
import type { MediaStore } from '../../durable/storage/mediaStore';
import { AuditTrail } from '../operatorApi/auditTrail';
import {
  erasureReceiptSchema,
  erasureReferenceOf,
  receiptName,
  type ErasureCounts,
  type ErasureReceipt,
  type ErasureSource,
} from './erasureReceipt';

export interface PersonErasureOptions {
  state: DocumentStore;
  system: DocumentStore;
  inbox: ConversationInbox;
  leases: ConversationLease;
  media: MediaStore;
  history: ConversationHistory;
  submissions: SubmissionStore;
  /** Undefined when CE_API_URL keeps the memberships. */
  memberships: StoredMemberships | undefined;
  /** Our lines (numbers, pages, Instagram accounts) on a channel: a person has a conversation with each. */
  linesOf: (channel: string) => string[];
  /** The key of the references' hash (kept in storage). */
  key: () => Promise<string>;
  inFlight: InFlight;
  log: Logger;
  /** How long a background erasure waits for a conversation's lease (a turn in flight) before going on. */
  leaseWaitMs?: number;
}

export class PersonErasure {
  private readonly audit: AuditTrail;

  constructor(private readonly options: PersonErasureOptions) {
    this.audit = new AuditTrail(options.system);
  }

  async referenceOf(person: Person): Promise<string> {
    return erasureReferenceOf(person, await this.options.key());
  }

  /**
   * Records the request (`erasing`) and erases in the background (after the turn that asked, whose
   * conversation lease it waits for); answers the receipt as recorded.
   */
  async request(person: Person, via: ErasureSource): Promise<ErasureReceipt> {
    const receipt = await this.begin(person, via);
    void this.options.inFlight.track(
      this.run(person, receipt).catch((error: unknown) =>
        this.options.log.error('erasure failed; asking again finishes it', {
          reference: receipt.reference,
          error: describeError(error),
        }),
      ),
    );
    return receipt;
  }

  /** Erases now and answers the finished receipt. */
  async erase(person: Person, via: ErasureSource): Promise<ErasureReceipt> {
    return this.run(person, await this.begin(person, via));
  }

  async receipt(reference: string): Promise<ErasureReceipt | undefined> {
    return (await this.options.system.getJson(receiptName(reference), erasureReceiptSchema))?.value;
  }

  private async begin(person: Person, via: ErasureSource): Promise<ErasureReceipt> {
    const reference = await this.referenceOf(person);
    const receipt: ErasureReceipt = {
      reference,
      state: 'erasing',
      via,
      requestedAt: new Date().toISOString(),
    };
    await this.options.system.putJson(receiptName(reference), receipt);
    // The operator API's own audit record names the key; the person's and Meta's are recorded here.
    if (via !== 'operator')
      await this.audit.record({ operator: via, action: 'person.erase', target: reference });
    return receipt;
  }

  private async run(person: Person, receipt: ErasureReceipt): Promise<ErasureReceipt> {
    const { submissions, memberships, history, media } = this.options;
    const counts: ErasureCounts = {
      ...{ submissionsRedacted: 0, memberships: 0, conversationHistory: 0, inbox: 0, media: 0, state: 0 },
    };
    // The conversations first: their leases wait for a turn in flight (the one that asked), whose
    // replies are recorded in the history erased next.
    for (const line of this.options.linesOf(person.channel))
      await this.eraseConversation(person, line, counts);
    counts.submissionsRedacted = await submissions.erase(person, (names) =>
      media.erase(person.channel, names),
    );
    counts.memberships = (await memberships?.erase(person)) ?? 0;
    counts.conversationHistory = await history.erase({ channel: person.channel, userId: person.id });
    counts.state += await this.eraseUserDocuments(person);
    const done: ErasureReceipt = { ...receipt, state: 'done', finishedAt: new Date().toISOString(), counts };
    await this.options.system.putJson(receiptName(receipt.reference), done);
    this.options.log.info('erasure done', { reference: receipt.reference });
    return done;
  }

  /**
   * What the bot keeps of a person's conversations, but not of the person: for each of our lines (under
   * the conversation's lease, so after the turn in flight) the inbox's events and histories, media,
   * conversation state, the channel's memory (window, choices) and the lease blob; then the conversation
   * history. Their user state (the language) and an opt-out stay. For someone who declined the privacy
   * notice at first contact: no receipt and no audit record, as nothing about them is left to refer to.
   */
  async forgetConversations(person: Person): Promise<void> {
    const counts: ErasureCounts = {
      ...{ submissionsRedacted: 0, memberships: 0, conversationHistory: 0, inbox: 0, media: 0, state: 0 },
    };
    for (const line of this.options.linesOf(person.channel))
      await this.eraseConversation(person, line, counts);
    await this.options.history.erase({ channel: person.channel, userId: person.id });
  }

  /** The person's conversation with one of our lines, under its lease (waiting for a turn in flight). */
  private async eraseConversation(person: Person, line: string, counts: ErasureCounts): Promise<void> {
    const conversationId = `${line}:${person.id}`;
    const leaseKey = `${person.channel}/${conversationId}`;
    const work = async (): Promise<void> => {
      counts.inbox += await this.options.inbox.erase(person.channel, conversationId);
      counts.media += await this.options.media.erase(person.channel, [], `${line}/${person.id}`);
      await this.options.state.delete(conversationStateKey(person.channel, conversationId));
      counts.state +=
        1 + (await memoryOf(this.options.state, person.channel).erase([conversationId], person.id));
    };
    const waitUntil = Date.now() + (this.options.leaseWaitMs ?? 60_000);
    while (!(await this.options.leases.withLease(leaseKey, work))) {
      if (Date.now() > waitUntil) {
        await work(); // a lease held this long is a dead instance's: erase anyway
        break;
      }
      await delay(200);
    }
    await this.options.leases.forget(leaseKey);
  }

  /** The user state (profile, consent) and the documents under the person's own names. */
  private async eraseUserDocuments(person: Person): Promise<number> {
    const { state } = this.options;
    const names = [userStateKey(person.channel, person.id), optOutName(person)];
    await Promise.all(names.map((name) => state.delete(name)));
    return names.length;
  }
}

/** The channel adapter's memory documents: WhatsApp's own folder, Messenger's for Instagram too. */
function memoryOf(state: DocumentStore, channel: string): ConversationMemory {
  return new ConversationMemory(state, undefined, channel === 'whatsapp' ? 'whatsapp' : 'messenger');
}
