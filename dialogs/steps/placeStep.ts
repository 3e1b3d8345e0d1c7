/**
 * The place step: a pin, typed coordinates or a map link, "same as my community" (when its place is
 * known), or the list (state → district → community). Ends with the location, or `MISSED` after three
 * unusable answers. A place that cannot be used (a community without a centre) asks again.
 */
import type { Activity } from 'botbuilder';
import { z } from 'zod';
import { locationRequest } from '../../src/core/conventions/locationRequest';
import { communitySchema } from '../../src/domain/communities/community';
import { locationSchema } from '../../src/domain/submissions/submission';
import { t, type Locale, type MessageKey } from '../catalogue';
import { REGION_DIALOG, RegionDialog } from '../communities/regionDialog';
import { JourneyDialog, type Step, type Turn } from '../journeyDialog';
import { AnswerPrompt, withLead } from '../prompts/answerPrompt';
import { isMissed, MISSED } from '../prompts/missed';
import { readChoice, readPlace } from '../prompts/readers';
import type { DialogKit } from '../journeys/journey';
import { keyedChoices, withButtons, type ChoiceItem } from '../ui';

export const PLACE_STEP = 'placeStep';

const optionsSchema = z.object({
  communityId: z.string(),
  /** The question, a message key ("Where is the work site?"). */
  ask: z.string(),
  /** A message key said before the first question (the journey's intro). */
  intro: z.string().optional(),
  /** Set when the last answer could not be used: ask again, without the intro. */
  retry: z.boolean().default(false),
});
export type PlaceStepOptions = z.input<typeof optionsSchema>;
type Options = z.infer<typeof optionsSchema>;

/** The place question's buttons. */
const SAME = 'same';
const LIST = 'list';

export class PlaceStep extends JourneyDialog<Options> {
  constructor(services: DialogKit) {
    super(PLACE_STEP, services, optionsSchema);
    this.waterfall(
      [(s, o) => this.ask(s, o), (s, o) => this.fromAnswer(s, o), (s, o) => this.use(s, o)],
      new AnswerPrompt(this.promptId, readPlaceAnswer),
      new RegionDialog(services),
    );
  }

  private async ask(step: Step, { communityId, ask, intro, retry }: Options): Turn {
    const locale = await this.locale(step);
    if (intro !== undefined && !retry) await step.context.sendActivity(this.text(locale, intro));
    const items = await this.placeOptions(locale, communityId);
    const options = {
      prompt: withButtons(t(locale, retry ? 'place.retry' : 'place.options'), items),
      retryPrompt: withButtons(t(locale, 'place.retry'), items),
    };
    return step.prompt(this.promptId, withLead(options, locationRequest(this.text(locale, ask))));
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

  private async fromAnswer(step: Step, options: Options): Turn {
    if (isMissed(step.result)) return step.endDialog(MISSED);
    if (step.result === LIST) return step.beginDialog(REGION_DIALOG);
    if (step.result === SAME) {
      const center = (await this.services.directory.get(options.communityId))?.center;
      if (center) return step.next({ ...center, source: 'community' });
      return this.askAgain(step, options);
    }
    return step.next(step.result);
  }

  private use(step: Step, options: Options): Turn {
    const fromList = communitySchema.safeParse(step.result);
    const result: unknown = step.result;
    const place = fromList.success
      ? fromList.data.center && { ...fromList.data.center, name: fromList.data.name, source: 'list' }
      : result;
    const location = locationSchema.safeParse(place);
    return location.success ? step.endDialog(location.data) : this.askAgain(step, options);
  }

  private askAgain(step: Step, options: Options): Turn {
    return step.replaceDialog(this.stepsId, { ...options, retry: true } satisfies PlaceStepOptions);
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
