/**
 * Whether the person of a channel's status event declined the privacy notice at first contact and has
 * not written since: a profile with a language and no consent, and no conversation state (a person in the
 * middle of first contact has one: the dialog waiting for their answer). Two reads of state, the second
 * only for someone without consent; a status of anyone who agreed costs one.
 */
import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import { userProfileSchema } from '../../../dialogs/userProfile';
import { conversationStateKey, userStateKey } from '../../durable/concurrentState';
import type { DocumentStore } from '../../durable/storage/documentStore';

const storedUserState = z.object({ profile: z.unknown().optional() }).loose();

export function declinedEarlier(state: Pick<DocumentStore, 'getJson'>) {
  return async (context: TurnContext): Promise<boolean> => {
    const { channelId, from, conversation } = context.activity;
    const stored = await state.getJson(userStateKey(channelId, from.id), storedUserState);
    const profile = userProfileSchema.safeParse(stored?.value.profile);
    if (!profile.success || profile.data.locale === undefined || profile.data.consent !== undefined)
      return false;
    return (await state.getJson(conversationStateKey(channelId, conversation.id), z.unknown())) === undefined;
  };
}
