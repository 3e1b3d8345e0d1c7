/** Durable turns for one test, over an account's inbox and lease, with an InFlight of their own. */
import { InFlight } from '../../src/core/inFlight';
import { silentLogger } from '../../src/core/log';
import type { BlobAccount } from '../../src/durable/storage/blobAccount';
import { ConversationInbox } from '../../src/durable/storage/conversationInbox';
import { ConversationLease } from '../../src/durable/storage/conversationLease';
import { DurableTurns, type DurableTurnsOptions } from '../../src/durable/turns/durableTurns';

export interface TurnsOver {
  inbox: ConversationInbox;
  turns: DurableTurns;
  inFlight: InFlight;
}

/**
 * Durable turns over `account`'s inbox (or `inbox`, one of the test's own on it) and lease, with a new
 * InFlight and a silent log; `options` override the rest of DurableTurns' defaults.
 */
export function turnsOver(
  account: BlobAccount,
  {
    inbox = new ConversationInbox(account),
    ...options
  }: Partial<Omit<DurableTurnsOptions, 'inbox' | 'inFlight'>> & { inbox?: ConversationInbox } = {},
): TurnsOver {
  const inFlight = new InFlight();
  const turns = new DurableTurns({
    inbox,
    lease: new ConversationLease(account),
    inFlight,
    log: silentLogger,
    ...options,
  });
  return { inbox, turns, inFlight };
}
