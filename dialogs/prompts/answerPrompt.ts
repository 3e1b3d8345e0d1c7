/**
 * A prompt whose answer is read by a function over the whole activity, for steps that take more than
 * text: a location or a choice, a voice note or text, photos or "done". A miss re-prompts with the
 * retry text; the third miss in a row ends the prompt with `MISSED`.
 */
import type { Activity, TurnContext } from 'botbuilder';
import { Prompt, type PromptOptions, type PromptRecognizerResult } from 'botbuilder-dialogs';
import { MAX_MISSES, MISSED } from './missed';

export type AnswerReader<T> = (activity: Activity) => T | undefined;

export class AnswerPrompt<T> extends Prompt<T | typeof MISSED> {
  constructor(
    dialogId: string,
    private readonly read: AnswerReader<T>,
  ) {
    super(dialogId, (prompt) => {
      if (prompt.recognized.succeeded) return Promise.resolve(true);
      if (prompt.attemptCount >= MAX_MISSES) {
        prompt.recognized.value = MISSED;
        return Promise.resolve(true);
      }
      return Promise.resolve(false);
    });
  }

  protected async onPrompt(
    context: TurnContext,
    _state: Record<string, unknown>,
    options: PromptOptions,
    isRetry: boolean,
  ): Promise<void> {
    const activity = isRetry && options.retryPrompt ? options.retryPrompt : options.prompt;
    if (activity !== undefined) await context.sendActivity(activity);
  }

  protected onRecognize(context: TurnContext): Promise<PromptRecognizerResult<T>> {
    const value = this.read(context.activity);
    return Promise.resolve(value === undefined ? { succeeded: false } : { succeeded: true, value });
  }
}
