/**
 * What was already sent in reply to an inbound event: a create-only marker per (event, part). A turn
 * replayed after a crash sends only the parts it had not sent yet, so nobody gets a reply twice.
 */
import { AlreadyExistsError } from '../errors';
import type { BlobAccount } from './blobAccount';
import { DocumentStore } from './documentStore';

export interface SentLedger {
  wasSent(channel: string, inboundId: string, part: number): Promise<boolean>;
  markSent(channel: string, inboundId: string, part: number, platformId: string | undefined): Promise<void>;
}

export class OutboundLedger implements SentLedger {
  private readonly documents: DocumentStore;

  constructor(account: BlobAccount) {
    this.documents = new DocumentStore(account, 'ledger');
  }

  async wasSent(channel: string, inboundId: string, part: number): Promise<boolean> {
    return (await this.documents.getBytes(this.name(channel, inboundId, part))) !== undefined;
  }

  async markSent(
    channel: string,
    inboundId: string,
    part: number,
    platformId: string | undefined,
  ): Promise<void> {
    try {
      await this.documents.createJson(this.name(channel, inboundId, part), {
        platformId,
        at: new Date().toISOString(),
      });
    } catch (error) {
      if (!(error instanceof AlreadyExistsError)) throw error;
    }
  }

  private name(channel: string, inboundId: string, part: number): string {
    return `outbox/${channel}/${inboundId}/${part}`;
  }
}
