/**
 * A platform said the person stopped our messages (Meta's 131050, "user stopped marketing messages":
 * see `adapters/meta/graphError.ts` for why only it; Twilio's 21610 later): an opt-out is recorded (source `platform`, with the code),
 * so the next proactive send is refused before any call. Both ways Meta says it come here: the refusal
 * of a send (`ProactiveSender`) and a `failed` delivery status (the history recorder's `onStatus`).
 * A write that fails is logged, never thrown: the refusal itself is what the caller sees.
 */
import { meansOptedOut } from '../../../adapters/meta/graphError';
import { describeError } from '../../core/errors';
import type { Logger } from '../../core/log';
import type { Person } from '../../domain/communities/community';
import type { ConversationKey, DeliveryStatus } from '../../domain/history/historyEntry';
import type { OptOutRecords } from '../../domain/people/optOuts';

type OptOutDeps = { optOuts?: Pick<OptOutRecords, 'record'>; log?: Logger };

/** A delivery status: a `failed` one whose code says the person stopped our messages records an opt-out. */
export async function optOutOnFailedStatus(
  deps: OptOutDeps,
  key: ConversationKey,
  status: DeliveryStatus,
  code: number | undefined,
): Promise<void> {
  if (status === 'failed' && meansOptedOut(code))
    await recordPlatformOptOut(deps, { channel: key.channel, id: key.userId }, code);
}

export async function recordPlatformOptOut(
  deps: OptOutDeps,
  person: Person,
  code: number | undefined,
): Promise<void> {
  // Never the person's id in the log: the channel and the code say what happened.
  const facts = { channel: person.channel, code };
  try {
    await deps.optOuts?.record(person, { source: 'platform', ...(code === undefined ? {} : { code }) });
    deps.log?.info('the platform said a person stopped our messages: opt-out recorded', facts);
  } catch (error) {
    deps.log?.warn('an opt-out the platform reported was not recorded', {
      ...facts,
      error: describeError(error),
    });
  }
}
