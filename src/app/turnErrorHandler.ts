/**
 * What happens when a turn throws, by what the failure means (`failureOf`). Ours (a bug, a validation
 * error of the API): log it without secrets or user text, apologise to the person in their language, and
 * clear that conversation's dialog state so the next message starts clean. Transient (rate limits, the
 * channel's API not answering, a lost lease): passed on as its deferral, with no apology (it would be held
 * too) and the state untouched: the turn runs again once the platform answers (for a lost lease, under
 * the conversation's next holder). A state conflict: another writer of the same conversation won, its
 * state must not be wiped, and the turn is passed on to be run again.
 */
import type { BotState, TurnContext } from 'botbuilder';
import { t, type Locale } from '../../dialogs/catalogue';
import { userProfileSchema } from '../../dialogs/userProfile';
import { INBOUND_EVENT, PROACTIVE_TURN } from '../../adapters/base/channelAdapter';
import { describeError } from '../core/errors';
import { failureOf } from '../core/failures';
import type { Logger } from '../core/log';

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
    const failure = failureOf(error);
    if (failure.kind === 'transient') {
      // Rate limits or an outage held a reply back, or the lease was lost: no apology (it would be held
      // too), state kept; the turn runs again.
      throw failure.deferral;
    }
    if (failure.kind === 'conflict') {
      // Another writer changed the state since this turn read it: never overwritten, and not wiped either.
      // A channel adapter's turn is passed on (a recorded event runs again on the fresh state, a proactive
      // caller sees the error); a /api/messages turn has no inbox to run again from, and ends here.
      const channelTurn =
        context.turnState.get(INBOUND_EVENT) !== undefined || context.turnState.get(PROACTIVE_TURN) === true;
      deps.log.warn('turn lost a state race; state left to the other writer', {
        ...where,
        retried: channelTurn,
      });
      if (channelTurn) throw failure.conflict;
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
