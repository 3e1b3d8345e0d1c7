/**
 * A reply part whose send had an unknown outcome (`DeliveryUnknownError`: it went out, no answer came
 * back) counts as sent: the platform may well have delivered it, and a person is more confused by a
 * doubled message than by a missing one. The turn goes on with the rest of its reply; in a recorded turn
 * the event's history marks the part unknown, so a replay never sends it again. A warning names the event
 * by hashed ids only.
 */
import { describeError, type DeliveryUnknownError } from '../../src/core/errors';
import { failureOf } from '../../src/core/failures';
import type { Logger } from '../../src/core/log';
import type { InboxEvent } from '../../src/durable/storage/conversationInbox';

/** What became of one part: its message id, or the unknown outcome it met. */
export async function sendOrUnknown(
  send: () => Promise<string | undefined>,
): Promise<{ id: string | undefined; unknown?: DeliveryUnknownError }> {
  try {
    return { id: await send() };
  } catch (error) {
    const failure = failureOf(error);
    if (failure.kind === 'unknown-outcome') return { id: undefined, unknown: failure.unknown };
    throw error;
  }
}

export function warnUnknownOutcome(
  deps: { log: Logger; hashId?: (id: string) => string },
  error: DeliveryUnknownError,
  where: { event?: InboxEvent; part?: number; conversationId?: string },
): void {
  const hash = (id: string | undefined) => (id === undefined ? undefined : deps.hashId?.(id));
  deps.log.warn(
    `${error.channel}: a reply part's outcome is unknown (sent, no answer); counted as sent, not sent again`,
    {
      event: hash(where.event?.id),
      conversation: hash(where.event?.conversationKey ?? where.conversationId),
      part: where.part,
      error: describeError(error),
    },
  );
}
