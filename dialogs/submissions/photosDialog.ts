/**
 * Photos, one or several at a time, each acknowledged, up to five; "done" ends. Required (at least one)
 * for work demands, optional ("skip") for grievances and stories. Ends with the photos, or `MISSED`.
 */
import type { Activity } from 'botbuilder';
import {
  ComponentDialog,
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { z } from 'zod';
import { storedMediaSchema, type StoredMedia } from '../../src/core/conventions/storedMedia';
import { t } from '../catalogue';
import { AnswerPrompt } from '../prompts/answerPrompt';
import { isMissed, MAX_MISSES, MISSED } from '../prompts/missed';
import { readChoice, readMedia } from '../prompts/readers';
import type { JourneyServices } from '../services';
import { keyedChoices, say, withButtons } from '../ui';

export const PHOTOS_DIALOG = 'photosDialog';
export const MAX_PHOTOS = 5;
const STEPS = 'photosDialog.steps';
const PROMPT = 'photosDialog.prompt';
const DONE = 'done';

const optionsSchema = z.object({
  required: z.boolean(),
  photos: z.array(storedMediaSchema),
  /** "Done" without a required photo, so far: the third time offers the menu. */
  misses: z.number().int().default(0),
});
export type PhotosOptions = z.input<typeof optionsSchema>;

type Answer = StoredMedia[] | typeof DONE;

export class PhotosDialog extends ComponentDialog {
  constructor(private readonly services: JourneyServices) {
    super(PHOTOS_DIALOG);
    this.addDialog(new AnswerPrompt<Answer>(PROMPT, readPhotosAnswer));
    this.addDialog(new WaterfallDialog(STEPS, [(s) => this.ask(s), (s) => this.take(s)]));
    this.initialDialogId = STEPS;
  }

  private async ask(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const locale = await this.services.profiles.locale(step.context);
    const { required, photos } = optionsSchema.parse(step.options);
    const finish = keyedChoices(locale, [
      [DONE, photos.length === 0 && !required ? 'option.skip' : 'option.done'],
    ]);
    const text =
      photos.length > 0
        ? t(locale, 'photos.more')
        : t(locale, required ? 'work_demand.photos' : 'photos.optional');
    const retry = t(locale, required || photos.length > 0 ? 'photos.retry' : 'photos.retryOptional');
    return step.prompt(PROMPT, {
      prompt: withButtons(text, finish),
      retryPrompt: withButtons(retry, finish),
    });
  }

  private async take(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const locale = await this.services.profiles.locale(step.context);
    const { required, photos, misses } = optionsSchema.parse(step.options);
    if (isMissed(step.result)) return step.endDialog(MISSED);
    if (step.result === DONE) {
      if (required && photos.length === 0) {
        if (misses + 1 >= MAX_MISSES) return step.endDialog(MISSED);
        await say(step.context, locale, 'photos.needOne');
        return step.replaceDialog(STEPS, { required, photos, misses: misses + 1 } satisfies PhotosOptions);
      }
      return step.endDialog(photos);
    }
    const received = z.array(storedMediaSchema).parse(step.result);
    const all = [...photos, ...received].slice(0, MAX_PHOTOS);
    await say(step.context, locale, received.length === 1 ? 'photos.received' : 'photos.receivedMany', {
      count: String(all.length),
    });
    if (all.length >= MAX_PHOTOS) {
      await say(step.context, locale, 'photos.full');
      return step.endDialog(all);
    }
    return step.replaceDialog(STEPS, { required, photos: all } satisfies PhotosOptions);
  }
}

function readPhotosAnswer(activity: Activity): Answer | undefined {
  const photos = readMedia(activity, ['image']);
  if (photos.length > 0) return photos;
  return readChoice<typeof DONE>(activity, [
    {
      key: DONE,
      title: t('en', 'option.done'),
      synonyms: [t('hi', 'option.done'), t('en', 'option.skip'), t('hi', 'option.skip'), 'no', 'नहीं'],
    },
  ]);
}
