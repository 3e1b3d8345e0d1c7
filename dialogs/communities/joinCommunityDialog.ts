/**
 * Finding and joining a community: a location (a shared pin, typed "lat, lon" or a map link) → the
 * communities whose area holds it, nearest first → join → confirmation. People who cannot share a
 * location choose state → district → community. Nothing found: say so and offer another location or
 * the list; never fall silent.
 */
import type { TurnContext } from 'botbuilder';
import {
  ComponentDialog,
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { z } from 'zod';
import { communitySchema, type Community } from '../../src/communities/community';
import { locationRequest } from '../../src/conventions/locationRequest';
import { t, type Locale } from '../catalogue';
import { AnswerPrompt } from '../prompts/answerPrompt';
import { LocalChoicePrompt } from '../prompts/localChoicePrompt';
import { choiceWithMissLimit, isMissed } from '../prompts/missed';
import { readChoice, readPlace, type TypedPlace } from '../prompts/readers';
import { personOf, type JourneyServices } from '../services';
import { getValue, setValue } from '../stepValues';
import { chosen, choiceOptions, keyedChoices, say, withButtons } from '../ui';
import { REGION_DIALOG } from './regionDialog';

export const JOIN_COMMUNITY_DIALOG = 'joinCommunityDialog';
const STEPS = 'joinCommunityDialog.steps';
const LOCATION = 'joinCommunityDialog.location';
const CHOICE = 'joinCommunityDialog.choice';

export interface JoinOptions {
  intro: 'onboarding' | 'join' | 'none';
}

const LIST = 'list';
const ANOTHER = 'another';
const joinOptions = z.object({ intro: z.enum(['onboarding', 'join', 'none']) });

export class JoinCommunityDialog extends ComponentDialog {
  constructor(private readonly services: JourneyServices) {
    super(JOIN_COMMUNITY_DIALOG);
    this.addDialog(new AnswerPrompt<TypedPlace | typeof LIST>(LOCATION, readLocationAnswer));
    this.addDialog(new LocalChoicePrompt(CHOICE, choiceWithMissLimit));
    this.addDialog(
      new WaterfallDialog(STEPS, [
        (s) => this.askLocation(s),
        (s) => this.find(s),
        (s) => this.decide(s),
        (s) => this.join(s),
      ]),
    );
    this.initialDialogId = STEPS;
  }

  private async askLocation(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const locale = await this.locale(step.context);
    const intro = joinOptions.safeParse(step.options).data?.intro ?? 'onboarding';
    if (intro === 'onboarding') await say(step.context, locale, 'onboarding.intro');
    if (intro === 'join') await say(step.context, locale, 'join.intro');
    await step.context.sendActivity(locationRequest(t(locale, 'location.ask')));
    const list = keyedChoices(locale, [[LIST, 'option.fromList']]);
    return step.prompt(LOCATION, {
      prompt: withButtons(t(locale, 'location.orList'), list),
      retryPrompt: withButtons(t(locale, 'location.retry'), list),
    });
  }

  private async find(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const locale = await this.locale(step.context);
    if (isMissed(step.result)) return this.giveUp(step, locale);
    if (step.result === LIST) return step.beginDialog(REGION_DIALOG);
    const place = placeSchema.safeParse(step.result);
    if (!place.success) return this.giveUp(step, locale);
    const matches = await this.services.directory.near(place.data);
    if (matches.length === 0) {
      return step.prompt(
        CHOICE,
        choiceOptions(
          t(locale, 'communities.none'),
          t(locale, 'communities.noneRetry'),
          keyedChoices(locale, [
            [ANOTHER, 'option.anotherLocation'],
            [LIST, 'option.fromList'],
          ]),
        ),
      );
    }
    setValue(step, 'matches', matches);
    return step.prompt(
      CHOICE,
      choiceOptions(t(locale, 'communities.choose'), t(locale, 'communities.chooseRetry'), [
        ...matches.map((m) => ({ value: m.id, title: m.name })),
        ...keyedChoices(locale, [[ANOTHER, 'option.anotherLocation']]),
      ]),
    );
  }

  private async decide(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const locale = await this.locale(step.context);
    const fromRegion = communitySchema.safeParse(step.result);
    if (fromRegion.success) return step.next(fromRegion.data);
    if (isMissed(step.result)) return this.giveUp(step, locale);
    const value = chosen(step.result);
    if (value === ANOTHER || value === undefined)
      return step.replaceDialog(STEPS, { intro: 'none' } satisfies JoinOptions);
    if (value === LIST) return step.beginDialog(REGION_DIALOG);
    const match = getValue(step, 'matches', z.array(communitySchema))?.find((m) => m.id === value);
    return match ? step.next(match) : step.replaceDialog(STEPS, { intro: 'none' } satisfies JoinOptions);
  }

  private async join(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const locale = await this.locale(step.context);
    const picked = communitySchema.safeParse(step.result);
    if (!picked.success) return step.replaceDialog(STEPS, { intro: 'none' } satisfies JoinOptions);
    const community: Community = picked.data;
    const person = personOf(step.context);
    const already = (await this.services.memberships.of(person)).some((c) => c.id === community.id);
    await this.services.memberships.join(person, community);
    await say(step.context, locale, already ? 'join.already' : 'join.done', { community: community.name });
    return step.endDialog(community.id);
  }

  private async giveUp(step: WaterfallStepContext, locale: Locale): Promise<DialogTurnResult> {
    await say(step.context, locale, 'missed.menu');
    return step.endDialog();
  }

  private locale(context: TurnContext): Promise<Locale> {
    return this.services.profiles.locale(context);
  }
}

const placeSchema = z.object({ latitude: z.number(), longitude: z.number() });

function readLocationAnswer(activity: Parameters<typeof readPlace>[0]): TypedPlace | typeof LIST | undefined {
  return (
    readPlace(activity) ??
    readChoice<typeof LIST>(activity, [
      { key: LIST, title: t('en', 'option.fromList'), synonyms: [t('hi', 'option.fromList')] },
    ])
  );
}
