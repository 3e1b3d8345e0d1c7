/** "My requests": the person's submissions, newest first, five at a time, with localised status names. */
import { z } from 'zod';
import type { Submission } from '../../src/domain/submissions/submission';
import { t, type Locale } from '../catalogue';
import { JourneyDialog, type Step, type Turn } from '../journeyDialog';
import { personOf } from '../services';
import type { DialogKit } from '../journeys/journey';
import { chosen, choiceOptions, keyedChoices } from '../ui';

export const STATUS_DIALOG = 'statusDialog';
export const STATUS_PAGE_SIZE = 5;

const optionsSchema = z.object({ page: z.number().int().nonnegative().default(0) });
type Options = z.infer<typeof optionsSchema>;

export class StatusDialog extends JourneyDialog<Options> {
  constructor(services: DialogKit) {
    super(STATUS_DIALOG, services, optionsSchema);
    this.waterfall([(s, o) => this.show(s, o), (s, o) => this.next(s, o)], this.choicePrompt());
  }

  private async show(step: Step, { page }: Options): Turn {
    const locale = await this.locale(step);
    const start = page * STATUS_PAGE_SIZE;
    const { total, items } = await this.services.submissions.page(
      personOf(step.context),
      start,
      STATUS_PAGE_SIZE,
    );
    if (total === 0) {
      await this.say(step, 'status.none');
      return step.endDialog();
    }
    const lines = items.map((s, i) => this.describe(s, start + i + 1, locale));
    if (page === 0) lines.unshift(t(locale, 'status.header', { count: String(total) }));
    await step.context.sendActivity(lines.join('\n'));
    if (start + STATUS_PAGE_SIZE >= total) return step.endDialog();
    return step.prompt(
      this.promptId,
      choiceOptions(t(locale, 'status.prompt'), t(locale, 'status.retry'), [
        {
          ...keyedChoices(locale, [['more', 'option.showMore']])[0]!,
          synonyms: [t(locale === 'en' ? 'hi' : 'en', 'option.showMore'), 'more', 'yes', 'और', 'हाँ', 'हां'],
        },
        ...keyedChoices(locale, [['menu', 'option.backToMenu']]),
      ]),
    );
  }

  private next(step: Step, { page }: Options): Turn {
    if (chosen(step.result) === 'more') return step.replaceDialog(this.stepsId, { page: page + 1 });
    return step.endDialog();
  }

  private describe(submission: Submission, n: number, locale: Locale): string {
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
      type: this.services.journeys.typeName(locale, submission.type),
      status: t(locale, `status.${submission.status}`),
      date,
      summary: [...text].length > 50 ? `${[...text].slice(0, 50).join('')}…` : text,
    });
  }
}
