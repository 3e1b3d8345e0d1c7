/**
 * A prompt whose answer is read by a function over the whole activity (and the prompt's options), for
 * steps that take more than a choice: a location or a choice, a voice note or text, photos or "done".
 * An optional lead activity (`validations.lead`, e.g. WhatsApp's location request) goes before the
 * prompt, also when "help" re-prompts. A miss re-prompts with the retry text; the third miss in a row
 * ends the prompt with `MISSED`.
 */
import type { Activity, TurnContext } from 'botbuilder';
import { Prompt, type PromptOptions, type PromptRecognizerResult } from 'botbuilder-dialogs';
import { z } from 'zod';
import { MAX_MISSES, MISSED } from './missed';

export type AnswerReader<T> = (activity: Activity, options: PromptOptions) => T | undefined;

const leadSchema = z.object({
  lead: z.custom<Partial<Activity>>((v) => typeof v === 'object' && v !== null),
});

/** Prompt options with a lead activity sent before the prompt. */
export function withLead(options: PromptOptions, lead: Partial<Activity>): PromptOptions {
  return { ...options, validations: { lead } };
}

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
    const lead = leadSchema.safeParse(options.validations);
    if (!isRetry && lead.success) await context.sendActivity(lead.data.lead);
    const activity = isRetry && options.retryPrompt ? options.retryPrompt : options.prompt;
    if (activity !== undefined) await context.sendActivity(activity);
  }

  protected onRecognize(
    context: TurnContext,
    _state: Record<string, unknown>,
    options: PromptOptions,
  ): Promise<PromptRecognizerResult<T>> {
    const value = this.read(context.activity, options);
    return Promise.resolve(value === undefined ? { succeeded: false } : { succeeded: true, value });
  }
}
