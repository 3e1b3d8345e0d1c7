/** Small helpers every journey uses: localised messages, choice prompts with suggested actions. */
import { ActionTypes, type Activity, type TurnContext } from 'botbuilder';
import { ListStyle, type Choice, type PromptOptions } from 'botbuilder-dialogs';
import { z } from 'zod';
import { t, type Locale, type MessageKey } from './catalogue';

export async function say(
  context: TurnContext,
  locale: Locale,
  key: MessageKey,
  params?: Record<string, string>,
): Promise<void> {
  await context.sendActivity(t(locale, key, params));
}

export interface ChoiceItem {
  value: string;
  title: string;
  synonyms?: string[];
}

/** Options offered by message key, with the other language's title (and any words given) as synonyms. */
export function keyedChoices(
  locale: Locale,
  items: readonly (readonly [value: string, key: MessageKey, words?: readonly string[]])[],
): ChoiceItem[] {
  const other: Locale = locale === 'en' ? 'hi' : 'en';
  return items.map(([value, key, words = []]) => ({
    value,
    title: t(locale, key),
    synonyms: [t(other, key), ...words],
  }));
}

export function choiceOptions(prompt: string, retry: string, items: readonly ChoiceItem[]): PromptOptions {
  const choices: Choice[] = items.map((item) => ({
    value: item.value,
    action: { type: ActionTypes.ImBack, title: item.title, value: item.title },
    synonyms: item.synonyms ?? [],
  }));
  return { prompt, retryPrompt: retry, choices, style: ListStyle.suggestedAction };
}

/** A message with suggested actions (for prompts that are not choice prompts). */
export function withButtons(text: string, items: readonly ChoiceItem[]): Partial<Activity> {
  return {
    type: 'message',
    text,
    suggestedActions: {
      to: [],
      actions: items.map((item) => ({ type: ActionTypes.ImBack, title: item.title, value: item.title })),
    },
  };
}

const foundChoice = z.object({ value: z.string() });

/** The value of a choice prompt's result, if it was one. */
export function chosen(result: unknown): string | undefined {
  const parsed = foundChoice.safeParse(result);
  return parsed.success ? parsed.data.value : undefined;
}
