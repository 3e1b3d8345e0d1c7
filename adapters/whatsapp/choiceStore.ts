/**
 * Where the WhatsApp adapter keeps the choices it last offered a person (so a tap, a typed number or a
 * title maps back to the option's value). In the bot's conversation state (`choicesInState`), the turn
 * that loads and saves that state anyway carries them at no extra storage operation; in a document of
 * their own (`choicesInDocuments`) for bots whose state lives elsewhere.
 */
import type { BotState, TurnContext } from 'botbuilder';
import { choiceMemorySchema, type ChoiceMemory } from './choices';
import type { ConversationMemory } from './conversationMemory';

export interface ChoiceStore {
  get(context: TurnContext): Promise<ChoiceMemory | undefined>;
  /** Remembers choices just offered, or forgets them when a message without choices was sent. */
  set(context: TurnContext, memory: ChoiceMemory | undefined): Promise<void>;
  /** Persists what `set` changed; called after a turn's logic succeeded. */
  flush(context: TurnContext): Promise<void>;
}

/** A property of the bot's conversation state, saved with it (a save without changes writes nothing). */
export function choicesInState(state: BotState, property = 'whatsappChoices'): ChoiceStore {
  const accessor = state.createProperty<unknown>(property);
  return {
    async get(context) {
      const parsed = choiceMemorySchema.safeParse(await accessor.get(context));
      return parsed.success ? parsed.data : undefined;
    },
    async set(context, memory) {
      if (memory) await accessor.set(context, memory);
      else await accessor.delete(context);
    },
    flush: (context) => state.saveChanges(context),
  };
}

/** One document per conversation, written as the choices are offered. */
export function choicesInDocuments(memory: ConversationMemory): ChoiceStore {
  return {
    get: (context) => memory.choices(context.activity.conversation.id),
    set: (context, choices) => memory.rememberChoices(context.activity.conversation.id, choices),
    flush: () => Promise.resolve(),
  };
}
