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
import { communitySchema } from '../../src/domain/communities/community';
import { locationRequest } from '../../src/core/conventions/locationRequest';
import { storedMediaSchema, type StoredMedia } from '../../src/core/conventions/storedMedia';
import {
  locationSchema,
  SUBMISSION_TYPES,
  type SubmissionMedia,
} from '../../src/domain/submissions/submission';
import { t, type Locale, type MessageKey } from '../catalogue';
import { en } from '../catalogue/en';
import { REGION_DIALOG } from '../communities/regionDialog';
import { AnswerPrompt, withLead } from '../prompts/answerPrompt';
import { LocalChoicePrompt } from '../prompts/localChoicePrompt';
import { choiceWithMissLimit, isMissed } from '../prompts/missed';
import { readChoice, readMedia, readPlace } from '../prompts/readers';
import { personOf, type JourneyServices } from '../services';
import { chosen, choiceOptions, keyedChoices, say, withButtons, type ChoiceItem } from '../ui';
import { MAX_PHOTOS, PHOTOS_DIALOG, type PhotosOptions } from './photosDialog';

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
  /** Set when the last place answer could not be used: ask again without the intro. */
  placeRetry: z.boolean().default(false),
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
    const { type, draft, communityId, placeRetry } = optionsSchema.parse(step.options);
    this.keep(step, draft);
    if (draft.location) return step.next();
    const locale = await this.locale(step.context);
    if (!draft.description && !draft.photos && !placeRetry) await say(step.context, locale, `${type}.intro`);
    const items = await this.placeOptions(locale, communityId);
    const options = {
      prompt: withButtons(t(locale, placeRetry ? 'place.retry' : 'place.options'), items),
      retryPrompt: withButtons(t(locale, 'place.retry'), items),
    };
    return step.prompt(PLACE, withLead(options, locationRequest(t(locale, `${type}.place`))));
  }

  /** "Same as my community" when its place is known, "Choose from a list" when there is a list. */
  private async placeOptions(locale: Locale, communityId: string): Promise<ChoiceItem[]> {
    const directory = this.services.directory;
    const center = (await directory.get(communityId))?.center;
    const list = (await directory.states()).length > 0;
    return keyedChoices(locale, [
      ...(center ? [[SAME, 'option.sameAsCommunity'] satisfies [string, MessageKey]] : []),
      ...(list ? [[LIST, 'option.fromList'] satisfies [string, MessageKey]] : []),
    ]);
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
      return this.askPlaceAgain(step);
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
      if (!location.success) return this.askPlaceAgain(step);
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
      const answer = describeAnswerSchema.safeParse(step.result);
      if (!answer.success) return this.giveUp(step);
      const photos = [...(draft.photos ?? []), ...(answer.data.photos ?? [])].slice(0, MAX_PHOTOS);
      if (answer.data.photos) {
        // Photos sent early are kept (and acknowledged); a caption is the description.
        const locale = await this.locale(step.context);
        await say(step.context, locale, 'photos.receivedMany', { count: String(photos.length) });
        if (!answer.data.description) {
          const options = optionsSchema.parse(step.options);
          return step.replaceDialog(STEPS, {
            ...options,
            draft: { ...draft, photos },
          } satisfies SubmissionOptions);
        }
      }
      if (!answer.data.description) return this.giveUp(step);
      this.keep(step, {
        ...draft,
        description: answer.data.description,
        ...(answer.data.photos ? { photos } : {}),
      });
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
      choiceOptions(t(locale, 'summary.prompt'), t(locale, 'summary.retry'), [
        {
          ...keyedChoices(locale, [['submit', 'option.submit']])[0]!,
          synonyms: [t(locale === 'en' ? 'hi' : 'en', 'option.submit'), ...YES],
        },
        ...keyedChoices(locale, [
          ['change', 'option.change'],
          ['cancel', 'option.cancel'],
        ]),
      ]),
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
    if (isMissed(step.result)) {
      // Three unclear answers to "submit?" keep the draft: show it again.
      const options = optionsSchema.parse(step.options);
      return step.replaceDialog(STEPS, { ...options, draft: this.draft(step) } satisfies SubmissionOptions);
    }
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

  private askPlaceAgain(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = optionsSchema.parse(step.options);
    return step.replaceDialog(STEPS, {
      ...options,
      draft: this.draft(step),
      placeRetry: true,
    } satisfies SubmissionOptions);
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

/** Yes-words that confirm a summary. */
const YES = ['yes', 'ok', 'okay', 'y', 'sure', 'हाँ', 'हां', 'जी', 'जी हाँ', 'ठीक है'];

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

const describeAnswerSchema = z.object({
  description: descriptionSchema.optional(),
  photos: z.array(storedMediaSchema).optional(),
});
type DescribeAnswer = z.infer<typeof describeAnswerSchema>;

/** Every button title of the catalogues, in both languages: a stray tap is not a description. */
const BUTTON_TITLES = new Set(
  (['en', 'hi'] as const).flatMap((locale) =>
    (Object.keys(en) as MessageKey[])
      .filter((k) => /^(option|menu)\./.test(k))
      .map((k) => t(locale, k).toLowerCase()),
  ),
);

function readDescription(activity: Activity): DescribeAnswer | undefined {
  const voice = readMedia(activity, ['audio'])[0];
  if (voice) return { description: { voice } };
  const photos = readMedia(activity, ['image']);
  const text = activity.text?.trim() ?? '';
  const usable =
    text.length >= 2 && readPlace(activity) === undefined && !BUTTON_TITLES.has(text.toLowerCase());
  if (photos.length > 0) return { photos, ...(usable ? { description: { text } } : {}) };
  return usable ? { description: { text } } : undefined;
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
