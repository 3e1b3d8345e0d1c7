/**
 * The description step: a voice note or a few words of text. Photos sent here are kept and acknowledged
 * (a caption is the description) and the question is asked again. Ends with the description and the
 * photos so far, or `MISSED`.
 */
import type { Activity } from 'botbuilder';
import { z } from 'zod';
import { storedMediaSchema, type StoredMedia } from '../../src/core/conventions/storedMedia';
import { t, type MessageKey } from '../catalogue';
import { en } from '../catalogue/en';
import { JourneyDialog, type Step, type Turn } from '../journeyDialog';
import { AnswerPrompt } from '../prompts/answerPrompt';
import { isMissed, MISSED } from '../prompts/missed';
import { readMedia, readPlace } from '../prompts/readers';
import type { DialogKit } from '../journeys/journey';
import { MAX_PHOTOS } from '../submissions/photosDialog';

export const DESCRIPTION_STEP = 'descriptionStep';

export const descriptionSchema = z.union([
  z.object({ text: z.string().min(1) }),
  z.object({ voice: storedMediaSchema }),
]);
export type Description = z.infer<typeof descriptionSchema>;

const optionsSchema = z.object({
  /** The question, a message key. */
  ask: z.string(),
  /** Photos already given. */
  photos: z.array(storedMediaSchema).default([]),
});
export type DescriptionStepOptions = z.input<typeof optionsSchema>;
type Options = z.infer<typeof optionsSchema>;

/** What the step ends with. */
export const describedSchema = z.object({
  description: descriptionSchema,
  photos: z.array(storedMediaSchema),
});
export type Described = z.infer<typeof describedSchema>;

const answerSchema = z.object({
  description: descriptionSchema.optional(),
  photos: z.array(storedMediaSchema).optional(),
});
type Answer = z.infer<typeof answerSchema>;

export class DescriptionStep extends JourneyDialog<Options> {
  constructor(services: DialogKit) {
    super(DESCRIPTION_STEP, services, optionsSchema);
    this.waterfall(
      [(s, o) => this.ask(s, o), (s, o) => this.take(s, o)],
      new AnswerPrompt(this.promptId, readDescription),
    );
  }

  private async ask(step: Step, { ask }: Options): Turn {
    const locale = await this.locale(step);
    return step.prompt(this.promptId, {
      prompt: this.text(locale, ask),
      retryPrompt: t(locale, 'describe.retry'),
    });
  }

  private async take(step: Step, options: Options): Turn {
    const answer = answerSchema.safeParse(step.result);
    if (isMissed(step.result) || !answer.success) return step.endDialog(MISSED);
    const photos = [...options.photos, ...(answer.data.photos ?? [])].slice(0, MAX_PHOTOS);
    if (answer.data.photos) await this.say(step, 'photos.receivedMany', { count: String(photos.length) });
    if (!answer.data.description)
      return step.replaceDialog(this.stepsId, { ...options, photos } satisfies DescriptionStepOptions);
    return step.endDialog({ description: answer.data.description, photos } satisfies Described);
  }
}

/** Every button title of the catalogues, in both languages: a stray tap is not a description. */
const BUTTON_TITLES = new Set(
  (['en', 'hi'] as const).flatMap((locale) =>
    (Object.keys(en) as MessageKey[])
      .filter((k) => /^(option|menu)\./.test(k))
      .map((k) => t(locale, k).toLowerCase()),
  ),
);

function readDescription(activity: Activity): Answer | undefined {
  const voice = readMedia(activity, ['audio'])[0];
  if (voice) return { description: { voice } };
  const photos: StoredMedia[] = readMedia(activity, ['image']);
  const text = activity.text?.trim() ?? '';
  const usable =
    text.length >= 2 && readPlace(activity) === undefined && !BUTTON_TITLES.has(text.toLowerCase());
  if (photos.length > 0) return { photos, ...(usable ? { description: { text } } : {}) };
  return usable ? { description: { text } } : undefined;
}
