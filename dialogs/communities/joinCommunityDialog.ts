/**
 * Finding and joining a community: a location (a shared pin, typed "lat, lon" or a map link) → the
 * communities whose area holds it, nearest first → join → confirmation. People who cannot share a
 * location choose state → district → community. Nothing found: say so and offer another location or
 * the list; a new location is accepted at any of these questions. Never a dead end: someone without a
 * community who misses three times is asked for a location again, not sent to a menu they cannot use.
 */
import type { Activity } from 'botbuilder';
import type { Choice, PromptOptions } from 'botbuilder-dialogs';
import { z } from 'zod';
import { communitySchema, type Community } from '../../src/domain/communities/community';
import { locationRequest } from '../../src/core/conventions/locationRequest';
import { t, type Locale } from '../catalogue';
import { AnswerPrompt, withLead } from '../prompts/answerPrompt';
import { isMissed } from '../prompts/missed';
import { readPlaceOrChoice, type PlaceOrChoice } from '../prompts/readers';
import { JourneyDialog, type Step, type Turn } from '../journeyDialog';
import { personOf } from '../services';
import type { DialogKit } from '../journeys/journey';
import { getValue, setValue } from '../stepValues';
import { choiceOptions, keyedChoices, say, withButtons, type ChoiceItem } from '../ui';
import { REGION_DIALOG, RegionDialog } from './regionDialog';

export const JOIN_COMMUNITY_DIALOG = 'joinCommunityDialog';
const PLACE_OR_CHOICE = 'joinCommunityDialog.placeOrChoice';

const LIST = 'list';
const ANOTHER = 'another';

const placeSchema = z.object({
  latitude: z.number(),
  longitude: z.number(),
  name: z.string().optional(),
  address: z.string().optional(),
  source: z.enum(['pin', 'typed']),
});
const optionsSchema = z.object({
  intro: z.enum(['onboarding', 'join', 'none']).default('onboarding'),
  place: placeSchema.optional(),
});
export type JoinOptions = z.input<typeof optionsSchema>;
type Options = z.infer<typeof optionsSchema>;
const answerSchema = z.union([z.object({ place: placeSchema }), z.object({ choice: z.string() })]);

export class JoinCommunityDialog extends JourneyDialog<Options> {
  constructor(services: DialogKit) {
    super(JOIN_COMMUNITY_DIALOG, services, optionsSchema);
    this.addDialog(new RegionDialog(services));
    this.waterfall(
      [(s, o) => this.askLocation(s, o), (s) => this.find(s), (s) => this.decide(s), (s) => this.join(s)],
      new AnswerPrompt<PlaceOrChoice>(PLACE_OR_CHOICE, (activity: Activity, options: PromptOptions) =>
        readPlaceOrChoice(activity, options.choices),
      ),
    );
  }

  private async askLocation(step: Step, options: Options): Turn {
    if (options.place) return step.next({ place: options.place });
    const locale = await this.locale(step);
    if (options.intro === 'onboarding') await say(step.context, locale, 'onboarding.intro');
    if (options.intro === 'join') await say(step.context, locale, 'join.intro');
    const list = await this.listOption(locale);
    if (list.length === 0) {
      const ask: Partial<Activity> = locationRequest(t(locale, 'location.ask'));
      return step.prompt(PLACE_OR_CHOICE, {
        prompt: ask,
        retryPrompt: t(locale, 'location.retryNoList'),
        choices: [],
      });
    }
    return step.prompt(
      PLACE_OR_CHOICE,
      withLead(
        {
          prompt: withButtons(t(locale, 'location.orList'), list),
          retryPrompt: withButtons(t(locale, 'location.retry'), list),
          choices: choicesOf(list),
        },
        locationRequest(t(locale, 'location.ask')),
      ),
    );
  }

  private async find(step: Step): Turn {
    const locale = await this.locale(step);
    if (isMissed(step.result)) return this.giveUp(step);
    const answer = answerSchema.safeParse(step.result);
    if (!answer.success) return this.askAgain(step);
    if ('choice' in answer.data) return step.beginDialog(REGION_DIALOG);
    const matches = await this.services.directory.near(answer.data.place);
    const another = keyedChoices(locale, [[ANOTHER, 'option.anotherLocation']]);
    if (matches.length === 0) {
      const items = [...another, ...(await this.listOption(locale))];
      return step.prompt(PLACE_OR_CHOICE, {
        prompt: withButtons(t(locale, 'communities.none'), items),
        retryPrompt: withButtons(t(locale, 'communities.noneRetry'), items),
        choices: choicesOf(items),
      });
    }
    setValue(step, 'matches', matches);
    const items = [...matches.map((m) => ({ value: m.id, title: m.name })), ...another];
    return step.prompt(PLACE_OR_CHOICE, {
      ...choiceOptions(t(locale, 'communities.choose'), t(locale, 'communities.chooseRetry'), items),
      prompt: withButtons(t(locale, 'communities.choose'), items),
      retryPrompt: withButtons(t(locale, 'communities.chooseRetry'), items),
    });
  }

  private async decide(step: Step): Turn {
    const fromRegion = communitySchema.safeParse(step.result);
    if (fromRegion.success) return step.next(fromRegion.data);
    if (isMissed(step.result)) return this.giveUp(step);
    const answer = answerSchema.safeParse(step.result);
    if (!answer.success) return this.askAgain(step);
    if ('place' in answer.data)
      return step.replaceDialog(this.stepsId, {
        intro: 'none',
        place: answer.data.place,
      } satisfies JoinOptions);
    const value = answer.data.choice;
    if (value === LIST) return step.beginDialog(REGION_DIALOG);
    const match = getValue(step, 'matches', z.array(communitySchema))?.find((m) => m.id === value);
    return match ? step.next(match) : this.askAgain(step);
  }

  private async join(step: Step): Turn {
    const locale = await this.locale(step);
    const picked = communitySchema.safeParse(step.result);
    if (!picked.success) return this.askAgain(step);
    const community: Community = picked.data;
    const person = personOf(step.context);
    const already = (await this.services.memberships.of(person)).some((c) => c.id === community.id);
    await this.services.memberships.join(person, community);
    await say(step.context, locale, already ? 'join.already' : 'join.done', { community: community.name });
    return step.endDialog(community.id);
  }

  private askAgain(step: Step): Turn {
    return step.replaceDialog(this.stepsId, { intro: 'none' } satisfies JoinOptions);
  }

  /** Members go back to their menu; someone without a community is asked for a location again. */
  protected override async giveUp(step: Step): Turn {
    const member = (await this.services.memberships.of(personOf(step.context))).length > 0;
    return member ? super.giveUp(step) : this.askAgain(step);
  }

  /** "Choose from a list", when the directory has a list to choose from. */
  private async listOption(locale: Locale): Promise<ChoiceItem[]> {
    return (await this.services.directory.states()).length > 0
      ? keyedChoices(locale, [[LIST, 'option.fromList']])
      : [];
  }
}

function choicesOf(items: readonly ChoiceItem[]): Choice[] {
  return items.map((item) => ({
    value: item.value,
    action: { type: 'imBack', title: item.title, value: item.title },
    synonyms: item.synonyms ?? [],
  }));
}
