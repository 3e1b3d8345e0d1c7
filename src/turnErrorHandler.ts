/**
 * What happens when a turn throws: log it without secrets or user text, apologise to the person in their
 * language, and clear that conversation's dialog state so the next message starts clean. A state
 * conflict is different: another writer of the same conversation won, its state must not be wiped, and
 * the turn is passed on to be run again. A
 * deferred reply is passed on untouched: the turn runs again once the platform's rate limit clears (or,
 * for a lost lease, a `LeaseLostError`, under the conversation's next holder).
 */
import type { BotState, TurnContext } from 'botbuilder';
import { t, type Locale } from '../dialogs/catalogue';
import { userProfileSchema } from '../dialogs/userProfile';
import { INBOUND_EVENT, PROACTIVE_TURN } from '../adapters/base/channelAdapter';
import { DeliveryDeferredError, describeError, innermostError, StateConflictError } from './errors';
import type { Logger } from './log';

export interface TurnErrorDeps {
  log: Logger;
  conversationState: BotState;
  userState: BotState;
  defaultLocale: Locale;
  /** Hashes user ids for logs. */
  hashId: (id: string) => string;
}

export function createTurnErrorHandler(deps: TurnErrorDeps) {
  return async (context: TurnContext, error: Error): Promise<void> => {
    const activity = context.activity;
    const where = {
      channel: activity.channelId,
      user: activity.from?.id ? deps.hashId(activity.from.id) : undefined,
      activityType: activity.type,
    };
    const cause = innermostError(error);
    if (cause instanceof DeliveryDeferredError) {
      // Rate limits held a reply back, or the lease was lost: no apology (it would be held too), state kept;
      // the turn runs again.
      throw cause;
    }
    if (cause instanceof StateConflictError) {
      // Another writer changed the state since this turn read it: never overwritten, and not wiped either.
      // A channel adapter's turn is passed on (a recorded event runs again on the fresh state, a proactive
      // caller sees the error); a /api/messages turn has no inbox to run again from, and ends here.
      const channelTurn =
        context.turnState.get(INBOUND_EVENT) !== undefined || context.turnState.get(PROACTIVE_TURN) === true;
      deps.log.warn('turn lost a state race; state left to the other writer', {
        ...where,
        retried: channelTurn,
      });
      if (channelTurn) throw cause;
      return;
    }
    deps.log.error('turn failed', { ...where, error: describeError(error) });
    try {
      await context.sendActivity(t(localeOf(context, deps), 'error.apology'));
    } catch (sendError) {
      deps.log.error('could not send the apology', { ...where, error: describeError(sendError) });
    }
    try {
      await deps.conversationState.delete(context);
    } catch (deleteError) {
      deps.log.error('could not clear the conversation state', {
        ...where,
        error: describeError(deleteError),
      });
    }
  };
}

function localeOf(context: TurnContext, deps: TurnErrorDeps): Locale {
  const cached: unknown = deps.userState.get(context);
  if (typeof cached === 'object' && cached !== null && 'profile' in cached) {
    const profile = userProfileSchema.safeParse(cached.profile);
    if (profile.success && profile.data.locale) return profile.data.locale;
  }
  return deps.defaultLocale;
}
