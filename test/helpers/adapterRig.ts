/**
 * Channel adapters built directly (no server, no app) over Azurite with their own containers, the fake
 * Graph server as their platform, and a captured log: for tests of what an adapter does on its own.
 */
import { ConversationMemory } from '../../adapters/whatsapp/conversationMemory';
import { MessengerAdapter, type MessengerAdapterOptions } from '../../adapters/messenger/messengerAdapter';
import { WhatsAppAdapter, type WhatsAppAdapterOptions } from '../../adapters/whatsapp/whatsAppAdapter';
import type { CloudNumber, Dialog360Number, MessengerPage } from '../../src/app/channels';
import type { HttpResponse } from '../../src/core/http';
import { InFlight } from '../../src/core/inFlight';
import type { Logger } from '../../src/core/log';
import type { BlobAccount } from '../../src/durable/storage/blobAccount';
import { ConversationInbox } from '../../src/durable/storage/conversationInbox';
import { ConversationLease } from '../../src/durable/storage/conversationLease';
import { DocumentStore } from '../../src/durable/storage/documentStore';
import { MediaStore } from '../../src/durable/storage/mediaStore';
import { DurableTurns, type DurableTurnsOptions } from '../../src/durable/turns/durableTurns';
import { testAccount } from './azurite';
import { capturedLog, type LogLine } from './capturedLog';

export const CLOUD = { phoneNumberId: 'PN', token: 't-cloud', appSecret: 's-cloud', verifyToken: 'v' };
export const D360 = { apiKey: 'k-d360', webhookSecret: 'w-d360' };
export const PAGE = { pageId: 'PAGE', token: 't-page', appSecret: 's-page', verifyToken: 'v' };

export interface Rig {
  account: BlobAccount;
  inbox: ConversationInbox;
  lease: ConversationLease;
  turns: DurableTurns;
  inFlight: InFlight;
  log: Logger;
  logs: LogLine[];
}

/**
 * Storage, durable turns and a captured log for one test; the account (another rig's, to play a second
 * instance or a restart), the inbox, the lease and `turns` options may be overridden.
 */
export function rig(
  options: {
    account?: BlobAccount;
    inbox?: (account: BlobAccount) => ConversationInbox;
    lease?: (account: BlobAccount) => ConversationLease;
    turns?: Partial<DurableTurnsOptions>;
  } = {},
): Rig {
  const account = options.account ?? testAccount();
  const { lines: logs, log } = capturedLog();
  const inFlight = new InFlight();
  const inbox = options.inbox?.(account) ?? new ConversationInbox(account);
  const lease = options.lease?.(account) ?? new ConversationLease(account);
  const turns = new DurableTurns({
    inbox,
    lease,
    inFlight,
    log,
    retryDelayMs: 50,
    sweepEveryMs: 0,
    ...options.turns,
  });
  return { account, inbox, lease, turns, inFlight, log, logs };
}

/** `CLOUD` as a configured number (its token named as configuration names it). */
export function cloudNumber(graphUrl: string): CloudNumber {
  const { token: accessToken, ...rest } = CLOUD;
  return { transport: 'cloud', accessToken, ...rest, graphUrl };
}

export function dialog360Number(baseUrl: string): Dialog360Number {
  return {
    transport: '360dialog',
    phoneNumberId: undefined,
    apiKey: D360.apiKey,
    webhookSecret: D360.webhookSecret,
    baseUrl,
  };
}

/** `PAGE` as a configured page (its token named as configuration names it). */
export function messengerPage(graphUrl: string): MessengerPage {
  const { token: pageAccessToken, ...rest } = PAGE;
  return { pageAccessToken, ...rest, graphUrl };
}

/** What either channel adapter takes from the rig: its log, its turns, its storage and its channel's memory. */
function adapterParts(on: Rig, channel: 'whatsapp' | 'messenger') {
  return {
    log: on.log,
    inFlight: on.inFlight,
    turns: on.turns,
    partsSent: on.inbox,
    media: new MediaStore(on.account),
    memory: new ConversationMemory(new DocumentStore(on.account, 'state'), undefined, channel),
  };
}

/** A WhatsApp adapter on the rig's storage; `extra` supplies (or overrides) the rest, `logic` included. */
export function whatsAppOn(
  on: Rig,
  numbers: WhatsAppAdapterOptions['numbers'],
  extra: Partial<WhatsAppAdapterOptions> & Pick<WhatsAppAdapterOptions, 'logic'>,
): WhatsAppAdapter {
  return new WhatsAppAdapter({ ...adapterParts(on, 'whatsapp'), numbers, ...extra });
}

/** A Messenger adapter on the rig's storage; `extra` supplies (or overrides) the rest, `logic` included. */
export function messengerOn(
  on: Rig,
  pages: MessengerAdapterOptions['pages'],
  extra: Partial<MessengerAdapterOptions> & Pick<MessengerAdapterOptions, 'logic'>,
): MessengerAdapter {
  return new MessengerAdapter({ ...adapterParts(on, 'messenger'), pages, ...extra });
}

/** An `HttpResponse` that records what the adapter answered. */
export class CapturedResponse implements HttpResponse {
  socket = null;
  headersSent = false;
  statusCode: number | undefined;
  body = '';

  status(code: number): this {
    this.statusCode = code;
    return this;
  }

  header(): this {
    return this;
  }

  send(...args: unknown[]): this {
    return this.end(...args);
  }

  end(...args: unknown[]): this {
    this.headersSent = true;
    this.body += args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join('');
    return this;
  }
}
