/**
 * Work demand, grievance and story: place → description (a voice note or text) → photos → a summary to
 * submit, change or cancel → a stored submission with its reference. Cancel at any point submits nothing.
 * "Change" comes back here with the draft, minus the part to redo. The messages are the type's
 * (`<type>.intro`, `.place`, `.describe`), the steps are the shared ones of dialogs/steps.
 */
import { z } from 'zod';
import { storedMediaSchema } from '../../src/core/conventions/storedMedia';
import { locationSchema } from '../../src/domain/submissions/submission';
import { t, type Locale } from '../catalogue';
import { JourneyDialog, type Step, type Turn } from '../journeyDialog';
import { LocalChoicePrompt } from '../prompts/localChoicePrompt';
import { choiceWithMissLimit, isMissed } from '../prompts/missed';
import { YES_WORDS } from '../prompts/yesNo';
import type { DialogKit } from '../journeys/journey';
import {
  DESCRIPTION_STEP,
  DescriptionStep,
  descriptionSchema,
  describedSchema,
  type DescriptionStepOptions,
} from '../steps/descriptionStep';
import { PLACE_STEP, PlaceStep, type PlaceStepOptions } from '../steps/placeStep';
import { communityName, submitDraft } from '../steps/submit';
import { getValue, setValue } from '../stepValues';
import { chosen, choiceOptions, keyedChoices } from '../ui';
import { PHOTOS_DIALOG, PhotosDialog, type PhotosOptions } from './photosDialog';

export const SUBMISSION_DIALOG = 'submissionDialog';
const CHOICE = 'submissionDialog.choice';

const draftSchema = z.object({
  location: locationSchema.optional(),
  description: descriptionSchema.optional(),
  photos: z.array(storedMediaSchema).optional(),
});
type Draft = z.infer<typeof draftSchema>;

const optionsSchema = z.object({
  type: z.string(),
  communityId: z.string(),
  /** At least one photo (work demands); otherwise "Skip". */
  photosRequired: z.boolean().default(false),
  draft: draftSchema.default({}),
});
export type SubmissionOptions = z.input<typeof optionsSchema>;
type Options = z.infer<typeof optionsSchema>;

export class SubmissionDialog extends JourneyDialog<Options> {
  constructor(services: DialogKit) {
    super(SUBMISSION_DIALOG, services, optionsSchema);
    this.addDialog(new PlaceStep(services));
    this.addDialog(new DescriptionStep(services));
    this.addDialog(new PhotosDialog(services));
    this.waterfall(
      [
        (s, o) => this.askPlace(s, o),
        (s, o) => this.askDescription(s, o),
        (s, o) => this.askPhotos(s, o),
        (s, o) => this.summarise(s, o),
        (s, o) => this.decide(s, o),
        (s, o) => this.change(s, o),
      ],
      new LocalChoicePrompt(CHOICE, choiceWithMissLimit),
    );
  }

  private askPlace(step: Step, { type, communityId, draft }: Options): Turn {
    this.keep(step, draft);
    if (draft.location) return step.next();
    return step.beginDialog(PLACE_STEP, {
      communityId,
      ask: `${type}.place`,
      ...(!draft.description && !draft.photos ? { intro: `${type}.intro` } : {}),
    } satisfies PlaceStepOptions);
  }

  private askDescription(step: Step, { type }: Options): Turn {
    const draft = this.draft(step);
    if (!draft.location) {
      const location = locationSchema.safeParse(step.result);
      if (!location.success) return this.giveUp(step);
      this.keep(step, { ...draft, location: location.data });
    }
    if (draft.description) return step.next();
    return step.beginDialog(DESCRIPTION_STEP, {
      ask: `${type}.describe`,
      photos: draft.photos ?? [],
    } satisfies DescriptionStepOptions);
  }

  private askPhotos(step: Step, { photosRequired }: Options): Turn {
    const draft = this.draft(step);
    if (!draft.description) {
      const described = describedSchema.safeParse(step.result);
      if (!described.success) return this.giveUp(step);
      const { description, photos } = described.data;
      this.keep(step, { ...draft, description, ...(photos.length > 0 ? { photos } : {}) });
    }
    if (this.draft(step).photos) return step.next();
    return step.beginDialog(PHOTOS_DIALOG, { required: photosRequired, photos: [] } satisfies PhotosOptions);
  }

  private async summarise(step: Step, { type, communityId }: Options): Turn {
    if (!this.draft(step).photos) {
      const photos = z.array(storedMediaSchema).safeParse(step.result);
      if (!photos.success) return this.giveUp(step);
      this.keep(step, { ...this.draft(step), photos: photos.data });
    }
    const locale = await this.locale(step);
    const done = this.draft(step);
    const community = await communityName(this.services, step.context, communityId);
    const lines = [
      t(locale, 'summary.title', { type: this.services.journeys.typeName(locale, type) }),
      t(locale, 'summary.place', { place: placeText(done.location) }),
      t(locale, 'summary.description', {
        description:
          done.description && 'text' in done.description
            ? done.description.text
            : t(locale, 'summary.voiceNote'),
      }),
      t(locale, 'summary.photos', { count: String(done.photos?.length ?? 0) }),
      t(locale, 'summary.community', { community }),
    ];
    await step.context.sendActivity(lines.join('\n'));
    return step.prompt(
      CHOICE,
      choiceOptions(t(locale, 'summary.prompt'), t(locale, 'summary.retry'), [
        {
          ...keyedChoices(locale, [['submit', 'option.submit']])[0]!,
          synonyms: [t(locale === 'en' ? 'hi' : 'en', 'option.submit'), ...YES_WORDS],
        },
        ...keyedChoices(locale, [
          ['change', 'option.change'],
          ['cancel', 'option.cancel'],
        ]),
      ]),
    );
  }

  private async decide(step: Step, options: Options): Turn {
    const locale = await this.locale(step);
    const choice = chosen(step.result);
    if (choice === 'submit') return this.submit(step, options, locale);
    if (choice === 'change') {
      return step.prompt(
        CHOICE,
        choiceOptions(
          t(locale, 'change.prompt'),
          t(locale, 'change.retry'),
          keyedChoices(locale, [
            ['location', 'option.place'],
            ['description', 'option.description'],
            ['photos', 'option.photos'],
          ]),
        ),
      );
    }
    // Three unclear answers to "submit?" keep the draft: show it again.
    if (isMissed(step.result)) return this.again(step, options, this.draft(step));
    await this.say(step, 'cancelled');
    return step.endDialog();
  }

  private change(step: Step, options: Options): Turn {
    const part = chosen(step.result);
    if (isMissed(step.result) || (part !== 'location' && part !== 'description' && part !== 'photos')) {
      return this.giveUp(step);
    }
    const { [part]: _redo, ...kept } = this.draft(step);
    return this.again(step, options, kept);
  }

  private async submit(step: Step, { type, communityId }: Options, locale: Locale): Turn {
    const draft = this.draft(step);
    const submission = await submitDraft(this.services, step.context, locale, {
      type,
      communityId,
      ...draft,
    });
    return step.endDialog(submission.reference);
  }

  private again(step: Step, options: Options, draft: Draft): Turn {
    return step.replaceDialog(this.stepsId, { ...options, draft } satisfies SubmissionOptions);
  }

  private draft(step: Step): Draft {
    return getValue(step, 'draft', draftSchema) ?? {};
  }

  private keep(step: Step, draft: Draft): void {
    setValue(step, 'draft', draft);
  }
}

function placeText(location: Draft['location']): string {
  if (!location) return '-';
  const coordinates = `${location.latitude.toFixed(5)}, ${location.longitude.toFixed(5)}`;
  return location.name ? `${location.name} (${coordinates})` : coordinates;
}
