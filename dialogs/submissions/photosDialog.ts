/**
 * Photos, one or several at a time, each acknowledged, up to five; "done" ends. Required (at least one)
 * for work demands, optional ("skip") for grievances and stories. Ends with the photos, or `MISSED`.
 */
import type { Activity } from 'botbuilder';
import { z } from 'zod';
import { storedMediaSchema, type StoredMedia } from '../../src/core/conventions/storedMedia';
import { t } from '../catalogue';
import { AnswerPrompt } from '../prompts/answerPrompt';
import { isMissed, MAX_MISSES, MISSED } from '../prompts/missed';
import { readChoice, readMedia } from '../prompts/readers';
import { JourneyDialog, type Step, type Turn } from '../journeyDialog';
import type { DialogKit } from '../journeys/journey';
import { keyedChoices, withButtons } from '../ui';

export const PHOTOS_DIALOG = 'photosDialog';
export const MAX_PHOTOS = 5;
const DONE = 'done';

const optionsSchema = z.object({
  required: z.boolean(),
  photos: z.array(storedMediaSchema),
  /** "Done" without a required photo, so far: the third time offers the menu. */
  misses: z.number().int().default(0),
});
export type PhotosOptions = z.input<typeof optionsSchema>;
type Options = z.infer<typeof optionsSchema>;

type Answer = StoredMedia[] | typeof DONE;

export class PhotosDialog extends JourneyDialog<Options> {
  constructor(services: DialogKit) {
    super(PHOTOS_DIALOG, services, optionsSchema);
    this.waterfall(
      [(s, o) => this.ask(s, o), (s, o) => this.take(s, o)],
      new AnswerPrompt<Answer>(this.promptId, readPhotosAnswer),
    );
  }

  private async ask(step: Step, { required, photos }: Options): Turn {
    const locale = await this.locale(step);
    const finish = keyedChoices(locale, [
      [DONE, photos.length === 0 && !required ? 'option.skip' : 'option.done'],
    ]);
    const text =
      photos.length > 0
        ? t(locale, 'photos.more')
        : t(locale, required ? 'work_demand.photos' : 'photos.optional');
    const retry = t(locale, required || photos.length > 0 ? 'photos.retry' : 'photos.retryOptional');
    return step.prompt(this.promptId, {
      prompt: withButtons(text, finish),
      retryPrompt: withButtons(retry, finish),
    });
  }

  private async take(step: Step, { required, photos, misses }: Options): Turn {
    if (isMissed(step.result)) return step.endDialog(MISSED);
    if (step.result === DONE) {
      if (required && photos.length === 0) {
        if (misses + 1 >= MAX_MISSES) return step.endDialog(MISSED);
        await this.say(step, 'photos.needOne');
        return step.replaceDialog(this.stepsId, {
          required,
          photos,
          misses: misses + 1,
        } satisfies PhotosOptions);
      }
      return step.endDialog(photos);
    }
    const received = z.array(storedMediaSchema).parse(step.result);
    const all = [...photos, ...received].slice(0, MAX_PHOTOS);
    await this.say(step, received.length === 1 ? 'photos.received' : 'photos.receivedMany', {
      count: String(all.length),
    });
    if (all.length >= MAX_PHOTOS) {
      await this.say(step, 'photos.full');
      return step.endDialog(all);
    }
    return step.replaceDialog(this.stepsId, { required, photos: all } satisfies PhotosOptions);
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
