/**
 * Work demand, grievance and story: place (a pin, typed coordinates, "same as my community", or the
 * list) → description (a voice note or text) → photos → a summary to submit, change or cancel →
 * a stored submission with its reference. Cancel at any point submits nothing. "Change" comes back
 * here with the draft, minus the part to redo.
 */
import type { Activity, TurnContext } from 'botbuilder';
import {
  ComponentDialog,
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { z } from 'zod';
import { communitySchema } from '../../src/communities/community';
import { locationRequest } from '../../src/conventions/locationRequest';
import { storedMediaSchema, type StoredMedia } from '../../src/conventions/storedMedia';
import { locationSchema, SUBMISSION_TYPES, type SubmissionMedia } from '../../src/submissions/submission';
import { t, type Locale } from '../catalogue';
import { REGION_DIALOG } from '../communities/regionDialog';
import { AnswerPrompt } from '../prompts/answerPrompt';
import { LocalChoicePrompt } from '../prompts/localChoicePrompt';
import { choiceWithMissLimit, isMissed } from '../prompts/missed';
import { readChoice, readMedia, readPlace } from '../prompts/readers';
import { personOf, type JourneyServices } from '../services';
import { chosen, choiceOptions, keyedChoices, say, withButtons } from '../ui';
import { PHOTOS_DIALOG, type PhotosOptions } from './photosDialog';

export const SUBMISSION_DIALOG = 'submissionDialog';
const STEPS = 'submissionDialog.steps';
const PLACE = 'submissionDialog.place';
const DESCRIBE = 'submissionDialog.describe';
const CHOICE = 'submissionDialog.choice';

const SAME = 'same';
const LIST = 'list';

const descriptionSchema = z.union([
  z.object({ text: z.string().min(1) }),
  z.object({ voice: storedMediaSchema }),
]);
const draftSchema = z.object({
  location: locationSchema.optional(),
  description: descriptionSchema.optional(),
  photos: z.array(storedMediaSchema).optional(),
});
type Draft = z.infer<typeof draftSchema>;

const optionsSchema = z.object({
  type: z.enum(SUBMISSION_TYPES),
  communityId: z.string(),
  draft: draftSchema.default({}),
});
export type SubmissionOptions = z.input<typeof optionsSchema>;

export class SubmissionDialog extends ComponentDialog {
  constructor(private readonly services: JourneyServices) {
    super(SUBMISSION_DIALOG);
    this.addDialog(new AnswerPrompt(PLACE, readPlaceAnswer));
    this.addDialog(new AnswerPrompt(DESCRIBE, readDescription));
    this.addDialog(new LocalChoicePrompt(CHOICE, choiceWithMissLimit));
    this.addDialog(
      new WaterfallDialog(STEPS, [
        (s) => this.askPlace(s),
        (s) => this.placeFromAnswer(s),
        (s) => this.askDescription(s),
        (s) => this.askPhotos(s),
        (s) => this.summarise(s),
        (s) => this.decide(s),
        (s) => this.change(s),
      ]),
    );
    this.initialDialogId = STEPS;
  }

  private async askPlace(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { type, draft } = optionsSchema.parse(step.options);
    this.keep(step, draft);
    if (draft.location) return step.next();
    const locale = await this.locale(step.context);
    if (!draft.description && !draft.photos) await say(step.context, locale, `${type}.intro`);
    await step.context.sendActivity(locationRequest(t(locale, `${type}.place`)));
    const items = keyedChoices(locale, [
      [SAME, 'option.sameAsCommunity'],
      [LIST, 'option.fromList'],
    ]);
    return step.prompt(PLACE, {
      prompt: withButtons(t(locale, 'place.options'), items),
      retryPrompt: withButtons(t(locale, 'place.retry'), items),
    });
  }

  private async placeFromAnswer(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const draft = this.draft(step);
    if (draft.location) return step.next();
    if (isMissed(step.result)) return this.giveUp(step);
    if (step.result === LIST) return step.beginDialog(REGION_DIALOG);
    if (step.result === SAME) {
      const { communityId } = optionsSchema.parse(step.options);
      const center = (await this.services.directory.get(communityId))?.center;
      if (center) return step.next({ ...center, source: 'community' });
    }
    return step.next(step.result);
  }

  private async askDescription(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const draft = this.draft(step);
    if (!draft.location) {
      const fromList = communitySchema.safeParse(step.result);
      const result: unknown = step.result;
      const place = fromList.success
        ? fromList.data.center && { ...fromList.data.center, name: fromList.data.name, source: 'list' }
        : result;
      const location = locationSchema.safeParse(place);
      if (!location.success) return step.replaceDialog(STEPS, step.options);
      this.keep(step, { ...draft, location: location.data });
    }
    if (this.draft(step).description) return step.next();
    const { type } = optionsSchema.parse(step.options);
    const locale = await this.locale(step.context);
    return step.prompt(DESCRIBE, {
      prompt: t(locale, `${type}.describe`),
      retryPrompt: t(locale, 'describe.retry'),
    });
  }

  private async askPhotos(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const draft = this.draft(step);
    if (!draft.description) {
      if (isMissed(step.result)) return this.giveUp(step);
      const description = descriptionSchema.safeParse(step.result);
      if (!description.success) return this.giveUp(step);
      this.keep(step, { ...draft, description: description.data });
    }
    if (this.draft(step).photos) return step.next();
    const { type } = optionsSchema.parse(step.options);
    return step.beginDialog(PHOTOS_DIALOG, {
      required: type === 'work_demand',
      photos: [],
    } satisfies PhotosOptions);
  }

  private async summarise(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const draft = this.draft(step);
    if (!draft.photos) {
      if (isMissed(step.result)) return this.giveUp(step);
      this.keep(step, { ...draft, photos: z.array(storedMediaSchema).parse(step.result) });
    }
    const { type, communityId } = optionsSchema.parse(step.options);
    const locale = await this.locale(step.context);
    const done = this.draft(step);
    const community = await this.communityName(step.context, communityId);
    const lines = [
      t(locale, 'summary.title', { type: t(locale, `type.${type}`) }),
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
      choiceOptions(
        t(locale, 'summary.prompt'),
        t(locale, 'summary.retry'),
        keyedChoices(locale, [
          ['submit', 'option.submit'],
          ['change', 'option.change'],
          ['cancel', 'option.cancel'],
        ]),
      ),
    );
  }

  private async decide(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const locale = await this.locale(step.context);
    const choice = chosen(step.result);
    if (choice === 'submit') return this.submit(step, locale);
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
    if (isMissed(step.result)) return this.giveUp(step);
    await say(step.context, locale, 'cancelled');
    return step.endDialog();
  }

  private change(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const part = chosen(step.result);
    if (isMissed(step.result) || (part !== 'location' && part !== 'description' && part !== 'photos')) {
      return this.giveUp(step);
    }
    const { [part]: _redo, ...kept } = this.draft(step);
    const options = optionsSchema.parse(step.options);
    return step.replaceDialog(STEPS, { ...options, draft: kept } satisfies SubmissionOptions);
  }

  private async submit(step: WaterfallStepContext, locale: Locale): Promise<DialogTurnResult> {
    const { type, communityId } = optionsSchema.parse(step.options);
    const draft = this.draft(step);
    const person = personOf(step.context);
    const voice = draft.description && 'voice' in draft.description ? [draft.description.voice] : [];
    const submission = await this.services.submissions.create({
      type,
      user: {
        ...person,
        ...(step.context.activity.from.name ? { name: step.context.activity.from.name } : {}),
      },
      channel: person.channel,
      community: { id: communityId, name: await this.communityName(step.context, communityId) },
      ...(draft.location ? { location: draft.location } : {}),
      ...(draft.description && 'text' in draft.description ? { text: draft.description.text } : {}),
      media: [...voice, ...(draft.photos ?? [])].map(submissionMedia),
      locale,
    });
    await say(step.context, locale, `${type}.submitted`, { reference: submission.reference });
    return step.endDialog(submission.reference);
  }

  private async giveUp(step: WaterfallStepContext): Promise<DialogTurnResult> {
    await say(step.context, await this.locale(step.context), 'missed.menu');
    return step.endDialog();
  }

  private async communityName(context: TurnContext, communityId: string): Promise<string> {
    const mine = await this.services.memberships.of(personOf(context));
    return (
      mine.find((c) => c.id === communityId)?.name ??
      (await this.services.directory.get(communityId))?.name ??
      communityId
    );
  }

  private draft(step: WaterfallStepContext): Draft {
    return draftSchema.parse(Reflect.get(step.values, 'draft') ?? {});
  }

  private keep(step: WaterfallStepContext, draft: Draft): void {
    Object.assign(step.values, { draft });
  }

  private locale(context: TurnContext): Promise<Locale> {
    return this.services.profiles.locale(context);
  }
}

function readPlaceAnswer(activity: Activity) {
  const place = readPlace(activity);
  if (place)
    return {
      latitude: place.latitude,
      longitude: place.longitude,
      name: place.name,
      address: place.address,
      source: place.source,
    };
  return readChoice<typeof SAME | typeof LIST>(activity, [
    { key: SAME, title: t('en', 'option.sameAsCommunity'), synonyms: [t('hi', 'option.sameAsCommunity')] },
    { key: LIST, title: t('en', 'option.fromList'), synonyms: [t('hi', 'option.fromList')] },
  ]);
}

function readDescription(activity: Activity): z.infer<typeof descriptionSchema> | undefined {
  const voice = readMedia(activity, ['audio'])[0];
  if (voice) return { voice };
  const text = activity.text?.trim() ?? '';
  return text.length >= 2 && readPlace(activity) === undefined ? { text } : undefined;
}

function submissionMedia(media: StoredMedia): SubmissionMedia {
  return {
    blobName: media.blobName,
    sha256: media.sha256,
    contentType: media.mimeType,
    size: media.size,
    kind: media.kind,
    ...(media.voice === undefined ? {} : { voice: media.voice }),
  };
}

function placeText(location: Draft['location']): string {
  if (!location) return '-';
  const coordinates = `${location.latitude.toFixed(5)}, ${location.longitude.toFixed(5)}`;
  return location.name ? `${location.name} (${coordinates})` : coordinates;
}
