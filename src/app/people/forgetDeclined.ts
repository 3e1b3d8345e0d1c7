/**
 * Declining the privacy notice at first contact keeps nothing but the language (issue #14): after such a
 * turn, the person's conversations are forgotten in the background (`PersonErasure.forgetConversations`:
 * the inbox's record of what they sent, the conversation state, the 24-hour window, the lease blob, the
 * conversation history), once the turn's conversation lease is free. The turn itself answers as usual.
 * The delivery statuses Meta reports afterwards for the bot's replies (each one an inbox event and a
 * history status naming the number) are forgotten the same way, after their turn.
 */
import type { TurnContext } from 'botbuilder';
import type { TurnLogic } from '../../../adapters/base/channelAdapter';
import { declinedAtFirstContact } from '../../../dialogs/consent/consentDialog';
import { personOf } from '../../../dialogs/services';
import { describeError } from '../../core/errors';
import { isStatusEvent } from '../history/statusOf';
import type { InFlight } from '../../core/inFlight';
import type { Logger } from '../../core/log';
import type { PersonErasure } from './personErasure';

export interface ForgetDeclinedDeps {
  erasure: () => Pick<PersonErasure, 'forgetConversations'>;
  /** Whether a status event's person declined at first contact and has not written since. */
  declinedEarlier: (context: TurnContext) => Promise<boolean>;
  inFlight: InFlight;
  log: Logger;
}

/** `logic`, then, when the person declined at first contact (or a status of theirs came), their conversations forgotten. */
export function forgetDeclined(logic: TurnLogic, deps: ForgetDeclinedDeps): TurnLogic {
  return async (context: TurnContext) => {
    await logic(context);
    const declined =
      declinedAtFirstContact(context) ||
      (isStatusEvent(context.activity) && (await deps.declinedEarlier(context)));
    if (!declined) return;
    const forgetting = deps
      .erasure()
      .forgetConversations(personOf(context))
      .catch((error: unknown) =>
        deps.log.error('declined consent: forgetting the conversation failed', {
          error: describeError(error),
        }),
      );
    void deps.inFlight.track(forgetting);
  };
}
