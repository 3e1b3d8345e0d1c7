/**
 * A `ChoicePrompt` that takes the whole reply, not a word inside it: an option's title, value or synonym
 * (case and spacing ignored), its number in ASCII or Devanagari digits ("2", "२"), or an ordinal in
 * English or Hindi ("the second one", "दूसरा"). Botbuilder's recognizer finds titles and numbers anywhere
 * in a sentence, so "no, do not submit" would pick "Submit" and "work for 3 villages" option 3; here a
 * sentence is not an answer, and the prompt says what it needs instead.
 */
import type { TurnContext } from 'botbuilder';
import {
  ChoicePrompt,
  type Choice,
  type FoundChoice,
  type PromptOptions,
  type PromptRecognizerResult,
  type PromptValidator,
} from 'botbuilder-dialogs';

const DEVANAGARI_DIGIT = /[\u0966-\u096F]/g;

export function normaliseDigits(text: string): string {
  return text.replace(DEVANAGARI_DIGIT, (digit) => String(digit.charCodeAt(0) - 0x0966));
}

const ORDINALS: readonly (readonly string[])[] = [
  ['first', '1st', 'पहला', 'पहली', 'पहले'],
  ['second', '2nd', 'दूसरा', 'दूसरी', 'दूसरे'],
  ['third', '3rd', 'तीसरा', 'तीसरी', 'तीसरे'],
  ['fourth', '4th', 'चौथा', 'चौथी', 'चौथे'],
  ['fifth', '5th', 'पाँचवाँ', 'पांचवां', 'पाँचवीं', 'पांचवीं'],
  ['sixth', '6th', 'छठा', 'छठी', 'छठे'],
  ['seventh', '7th', 'सातवाँ', 'सातवां', 'सातवीं'],
  ['eighth', '8th', 'आठवाँ', 'आठवां', 'आठवीं'],
  ['ninth', '9th', 'नौवाँ', 'नौवां', 'नौवीं'],
  ['tenth', '10th', 'दसवाँ', 'दसवां', 'दसवीं'],
];
const LAST = ['last', 'the last one', 'आख़िरी', 'आखिरी'];

/** Lower case, digits normalised, spaces folded, trailing punctuation, "the … one / option", "no." dropped. */
function normalise(text: string): string {
  return (
    normaliseDigits(text)
      .toLowerCase()
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/[.!?।,]+$/u, '')
      .replace(/^(the|option|number|#)\s*/, '')
      // "no. 2" and "no 2" are a number; "no" alone (or "nope") is an answer, never nothing.
      .replace(/^no\.?\s*(?=\d)/, '')
      .replace(/\s+(one|option|वाला|वाली)$/u, '')
      .trim()
  );
}

/** The index of the choice a whole reply names, or undefined. */
export function matchChoice(text: string, choices: readonly Choice[]): number | undefined {
  const said = normalise(text);
  if (said === '') return undefined;
  if (/^\d{1,3}$/.test(said)) {
    const index = Number(said) - 1;
    return index >= 0 && index < choices.length ? index : undefined;
  }
  const ordinal = ORDINALS.findIndex((words) => words.includes(said));
  if (ordinal >= 0) return ordinal < choices.length ? ordinal : undefined;
  if (LAST.includes(said) || LAST.includes(normaliseDigits(text).trim().toLowerCase()))
    return choices.length - 1;
  const index = choices.findIndex((choice) =>
    [choice.value, choice.action?.title, ...(choice.synonyms ?? [])]
      .filter((t): t is string => typeof t === 'string')
      .some((t) => normalise(t) === said),
  );
  return index >= 0 ? index : undefined;
}

export class LocalChoicePrompt extends ChoicePrompt {
  constructor(dialogId: string, validator?: PromptValidator<FoundChoice>) {
    super(dialogId, validator, 'en-us');
  }

  protected override onRecognize(
    context: TurnContext,
    _state: Record<string, unknown>,
    options: PromptOptions,
  ): Promise<PromptRecognizerResult<FoundChoice>> {
    const choices = (options.choices ?? []).map((c) => (typeof c === 'string' ? { value: c } : c));
    const text = context.activity.text;
    const index = typeof text === 'string' ? matchChoice(text, choices) : undefined;
    const choice = index === undefined ? undefined : choices[index];
    return Promise.resolve(
      choice === undefined || index === undefined
        ? { succeeded: false }
        : { succeeded: true, value: { value: choice.value, index, score: 1 } },
    );
  }
}
