/**
 * The yes/no step: a question with "Yes" and "No" buttons; the answer is a tap, or a whole yes or no in
 * either language ("ok", "हाँ", "नहीं"). Ends with true or false, or `MISSED` after three other answers.
 */
import type { Activity } from 'botbuilder';
import type { PromptOptions } from 'botbuilder-dialogs';
import { t, type Locale } from '../catalogue';
import { AnswerPrompt } from '../prompts/answerPrompt';
import { readYesNo } from '../prompts/yesNo';
import { keyedChoices, withButtons } from '../ui';

export class YesNoStep extends AnswerPrompt<boolean> {
  constructor(dialogId: string) {
    super(dialogId, readAnswer);
  }
}

/** The options of a yes/no question in the person's language. */
export function yesNoQuestion(locale: Locale, question: string): PromptOptions {
  const buttons = keyedChoices(locale, [
    ['yes', 'option.yes'],
    ['no', 'option.no'],
  ]);
  return {
    prompt: withButtons(question, buttons),
    retryPrompt: withButtons(t(locale, 'yesNo.retry'), buttons),
  };
}

function readAnswer(activity: Activity): boolean | undefined {
  const text = activity.text?.trim().toLowerCase() ?? '';
  const said = readYesNo(text);
  if (said !== undefined) return said;
  if ((['en', 'hi'] as const).some((l) => t(l, 'option.yes').toLowerCase() === text)) return true;
  if ((['en', 'hi'] as const).some((l) => t(l, 'option.no').toLowerCase() === text)) return false;
  return undefined;
}
