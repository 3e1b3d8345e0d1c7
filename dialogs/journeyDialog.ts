/**
 * The base of every journey's dialog: one `ComponentDialog` holding its prompts and one waterfall, whose
 * steps get the dialog's options already checked by its zod schema. Options come back from stored state
 * on every turn, so they are read through the schema in this one place (once a turn), never cast.
 */
import {
  ComponentDialog,
  WaterfallDialog,
  type Dialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { z } from 'zod';
import type { Locale, MessageKey } from './catalogue';
import { LocalChoicePrompt } from './prompts/localChoicePrompt';
import { choiceWithMissLimit } from './prompts/missed';
import type { DialogKit } from './journeys/journey';
import { say } from './ui';

export type Step = WaterfallStepContext;
export type Turn = Promise<DialogTurnResult>;
/** One step of a journey: the waterfall's context and the dialog's typed options. */
export type StepFn<O> = (step: Step, options: O) => Turn;

/** For dialogs begun without options. */
export const NO_OPTIONS = z.unknown();

export abstract class JourneyDialog<O> extends ComponentDialog {
  /** The waterfall's id: `step.replaceDialog(this.stepsId, options)` starts the steps again. */
  protected readonly stepsId: string;
  /** An id for the dialog's (first) prompt: `<dialog id>.prompt`. */
  protected readonly promptId: string;
  private readonly parsed = new WeakMap<object, O>();

  protected constructor(
    id: string,
    protected readonly services: DialogKit,
    private readonly optionsSchema: z.ZodType<O>,
  ) {
    super(id);
    this.stepsId = `${id}.steps`;
    this.promptId = `${id}.prompt`;
  }

  /** Sets the steps (in order) and the prompts and dialogs they begin. */
  protected waterfall(steps: readonly StepFn<O>[], ...dialogs: Dialog[]): void {
    for (const dialog of dialogs) this.addDialog(dialog);
    this.addDialog(
      new WaterfallDialog(
        this.stepsId,
        steps.map((run) => (step: Step) => run(step, this.options(step))),
      ),
    );
    this.initialDialogId = this.stepsId;
  }

  /** The usual choice prompt (`promptId`): whole answers only, `MISSED` after the third miss. */
  protected choicePrompt(): LocalChoicePrompt {
    return new LocalChoicePrompt(this.promptId, choiceWithMissLimit);
  }

  protected locale(step: Step): Promise<Locale> {
    return this.services.profiles.locale(step.context);
  }

  /** A message of the shared catalogues or of a journey's own (by a key its declaration names). */
  protected text(locale: Locale, key: string, params?: Record<string, string>): string {
    return this.services.journeys.text(locale, key, params);
  }

  protected async say(step: Step, key: MessageKey, params?: Record<string, string>): Promise<void> {
    await say(step.context, await this.locale(step), key, params);
  }

  /** After three unusable answers: back to the menu, saying so. */
  protected async giveUp(step: Step): Turn {
    await this.say(step, 'missed.menu');
    return step.endDialog();
  }

  private options(step: Step): O {
    const raw: unknown = step.options ?? {};
    const key = typeof raw === 'object' && raw !== null ? raw : undefined;
    const known = key && this.parsed.get(key);
    if (known !== undefined) return known;
    const parsed = this.optionsSchema.safeParse(raw);
    if (!parsed.success)
      throw new TypeError(
        `${this.id} was begun with options it cannot use: ${z.prettifyError(parsed.error)}`,
      );
    if (key) this.parsed.set(key, parsed.data);
    return parsed.data;
  }
}
