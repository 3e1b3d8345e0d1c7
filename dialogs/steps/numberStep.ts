/**
 * The number step: a prompt whose answer is a whole number, typed in digits (ASCII or Devanagari) or said
 * in English or Hindi words ("forty", "चालीस", "पाँच हज़ार"), within `min` and `max` when given. Ends with
 * the number, or `MISSED` after three answers that are not one.
 */
import type { Activity } from 'botbuilder';
import type { PromptOptions } from 'botbuilder-dialogs';
import { z } from 'zod';
import { AnswerPrompt } from '../prompts/answerPrompt';
import { parseNumber } from '../prompts/numberWords';

const boundsSchema = z.object({ min: z.number().optional(), max: z.number().optional() });
export type NumberBounds = z.infer<typeof boundsSchema>;

export class NumberStep extends AnswerPrompt<number> {
  constructor(dialogId: string) {
    super(dialogId, readNumber);
  }
}

/** The options of a number question: its text, what to say when the answer is not a number, the bounds. */
export function numberQuestion(
  prompt: string,
  retryPrompt: string,
  bounds: NumberBounds = {},
): PromptOptions {
  return { prompt, retryPrompt, validations: bounds };
}

function readNumber(activity: Activity, options: PromptOptions): number | undefined {
  const value = parseNumber(activity.text ?? '');
  const bounds = boundsSchema.safeParse(options.validations ?? {});
  const { min, max } = bounds.success ? bounds.data : {};
  if (value === undefined || (min !== undefined && value < min) || (max !== undefined && value > max))
    return undefined;
  return value;
}
