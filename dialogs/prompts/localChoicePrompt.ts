/**
 * A `ChoicePrompt` that also understands Devanagari digits ("२" = 2): the recognizers only read ASCII
 * digits, so a miss is retried once with the digits normalised. Recognition culture stays English for
 * Hindi users (the recognizers have no Hindi), which still accepts titles, synonyms, numbers and ordinals.
 */
import type { TurnContext } from 'botbuilder';
import {
  ChoicePrompt,
  type FoundChoice,
  type PromptOptions,
  type PromptRecognizerResult,
  type PromptValidator,
} from 'botbuilder-dialogs';

const DEVANAGARI_DIGIT = /[\u0966-\u096F]/g;

export function normaliseDigits(text: string): string {
  return text.replace(DEVANAGARI_DIGIT, (digit) => String(digit.charCodeAt(0) - 0x0966));
}

export class LocalChoicePrompt extends ChoicePrompt {
  constructor(dialogId: string, validator?: PromptValidator<FoundChoice>) {
    super(dialogId, validator, 'en-us');
  }

  protected override async onRecognize(
    context: TurnContext,
    state: Record<string, unknown>,
    options: PromptOptions,
  ): Promise<PromptRecognizerResult<FoundChoice>> {
    const first = await super.onRecognize(context, state, options);
    const text = context.activity.text;
    if (first.succeeded || typeof text !== 'string' || !DEVANAGARI_DIGIT.test(text)) return first;
    DEVANAGARI_DIGIT.lastIndex = 0;
    context.activity.text = normaliseDigits(text);
    try {
      return await super.onRecognize(context, state, options);
    } finally {
      context.activity.text = text;
    }
  }
}
