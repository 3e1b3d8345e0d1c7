/** "My requests": the person's submissions, newest first, five at a time, with localised status names. */
import {
  ComponentDialog,
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { z } from 'zod';
import type { Submission } from '../../src/domain/submissions/submission';
import { t, type Locale } from '../catalogue';
import { LocalChoicePrompt } from '../prompts/localChoicePrompt';
import { choiceWithMissLimit } from '../prompts/missed';
import { personOf, type JourneyServices } from '../services';
import { chosen, choiceOptions, keyedChoices, say } from '../ui';

export const STATUS_DIALOG = 'statusDialog';
const STEPS = 'statusDialog.steps';
const PROMPT = 'statusDialog.prompt';
export const STATUS_PAGE_SIZE = 5;

const optionsSchema = z.object({ page: z.number().int().nonnegative().default(0) });

export class StatusDialog extends ComponentDialog {
  constructor(private readonly services: JourneyServices) {
    super(STATUS_DIALOG);
    this.addDialog(new LocalChoicePrompt(PROMPT, choiceWithMissLimit));
    this.addDialog(new WaterfallDialog(STEPS, [(s) => this.show(s), (s) => this.next(s)]));
    this.initialDialogId = STEPS;
  }

  private async show(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const locale = await this.services.profiles.locale(step.context);
    const { page } = optionsSchema.parse(step.options ?? {});
    const start = page * STATUS_PAGE_SIZE;
    const { total, items } = await this.services.submissions.page(
      personOf(step.context),
      start,
      STATUS_PAGE_SIZE,
    );
    if (total === 0) {
      await say(step.context, locale, 'status.none');
      return step.endDialog();
    }
    const lines = items.map((s, i) => describe(s, start + i + 1, locale));
    if (page === 0) lines.unshift(t(locale, 'status.header', { count: String(total) }));
    await step.context.sendActivity(lines.join('\n'));
    if (start + STATUS_PAGE_SIZE >= total) return step.endDialog();
    return step.prompt(
      PROMPT,
      choiceOptions(t(locale, 'status.prompt'), t(locale, 'status.retry'), [
        {
          ...keyedChoices(locale, [['more', 'option.showMore']])[0]!,
          synonyms: [t(locale === 'en' ? 'hi' : 'en', 'option.showMore'), 'more', 'yes', 'और', 'हाँ', 'हां'],
        },
        ...keyedChoices(locale, [['menu', 'option.backToMenu']]),
      ]),
    );
  }

  private next(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { page } = optionsSchema.parse(step.options ?? {});
    if (chosen(step.result) === 'more') return step.replaceDialog(STEPS, { page: page + 1 });
    return step.endDialog();
  }
}

function describe(submission: Submission, n: number, locale: Locale): string {
  const date = new Intl.DateTimeFormat(locale === 'hi' ? 'hi-IN' : 'en-IN', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  }).format(new Date(submission.createdAt));
  const text =
    submission.text ??
    (submission.media.some((m) => m.kind === 'audio') ? t(locale, 'summary.voiceNote') : '');
  return t(locale, 'status.item', {
    n: String(n),
    reference: submission.reference,
    type: t(locale, `type.${submission.type}`),
    status: t(locale, `status.${submission.status}`),
    date,
    summary: [...text].length > 50 ? `${[...text].slice(0, 50).join('')}…` : text,
  });
}
