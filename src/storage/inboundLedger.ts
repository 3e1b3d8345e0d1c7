/**
 * The durable record of inbound platform message ids: a create-only blob per id, so a redelivery (Meta
 * retries for up to 7 days; batches repeat ids) is recognised across restarts and instances. Blobs are
 * never deleted by the bot; an Azure lifecycle rule may expire them after 30 days.
 */
import { AlreadyExistsError } from '../errors';
import type { BlobAccount } from './blobAccount';
import { DocumentStore } from './documentStore';

export interface Ledger {
  /** True the first time an id is claimed; false for every later claim (a duplicate). */
  claim(channel: string, id: string): Promise<boolean>;
}

export class InboundLedger implements Ledger {
  private readonly documents: DocumentStore;

  constructor(account: BlobAccount) {
    this.documents = new DocumentStore(account, 'ledger');
  }

  async claim(channel: string, id: string): Promise<boolean> {
    try {
      await this.documents.createJson(`${channel}/${id}`, { receivedAt: new Date().toISOString() });
      return true;
    } catch (error) {
      if (error instanceof AlreadyExistsError) return false;
      throw error;
    }
  }
}
