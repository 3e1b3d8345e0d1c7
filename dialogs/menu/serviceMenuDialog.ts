/**
 * The service menu for the community in use: work demand, my requests, grievance, story, (switch
 * community when the person has several), join a community, change language, end chat. Every journey
 * comes back here.
 */
import {
  ComponentDialog,
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { z } from 'zod';
import { t, type MessageKey } from '../catalogue';
import { PICK_COMMUNITY_DIALOG } from '../communities/communityChoiceDialog';
import { JOIN_COMMUNITY_DIALOG, type JoinOptions } from '../communities/joinCommunityDialog';
import { LANGUAGE_DIALOG } from '../language/languageDialog';
import { LocalChoicePrompt } from '../prompts/localChoicePrompt';
import { choiceWithMissLimit, isMissed } from '../prompts/missed';
import { personOf, type JourneyServices } from '../services';
import { STATUS_DIALOG } from '../status/statusDialog';
import { SUBMISSION_DIALOG, type SubmissionOptions } from '../submissions/submissionDialog';
import { getValue, setValue } from '../stepValues';
import { chosen, choiceOptions, keyedChoices, say } from '../ui';

export const SERVICE_MENU_DIALOG = 'serviceMenuDialog';
const STEPS = 'serviceMenuDialog.steps';
const PROMPT = 'serviceMenuDialog.prompt';

export const MENU_OPTIONS = [
  'workDemand',
  'status',
  'grievance',
  'story',
  'switchCommunity',
  'joinCommunity',
  'changeLanguage',
  'endChat',
] as const;
type MenuOption = (typeof MENU_OPTIONS)[number];

const optionsSchema = z.object({ communityId: z.string() });
export type MenuOptions = z.infer<typeof optionsSchema>;

export class ServiceMenuDialog extends ComponentDialog {
  constructor(private readonly services: JourneyServices) {
    super(SERVICE_MENU_DIALOG);
    this.addDialog(new LocalChoicePrompt(PROMPT, choiceWithMissLimit));
    this.addDialog(
      new WaterfallDialog(STEPS, [(s) => this.show(s), (s) => this.act(s), (s) => this.again(s)]),
    );
    this.initialDialogId = STEPS;
  }

  private async show(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { communityId } = optionsSchema.parse(step.options);
    const locale = await this.services.profiles.locale(step.context);
    const mine = await this.services.memberships.of(personOf(step.context));
    const community = mine.find((c) => c.id === communityId)?.name ?? communityId;
    const offered = MENU_OPTIONS.filter((o) => o !== 'switchCommunity' || mine.length > 1);
    return step.prompt(
      PROMPT,
      choiceOptions(
        t(locale, 'menu.prompt', { community }),
        t(locale, 'menu.retry'),
        keyedChoices(
          locale,
          offered.map((o): [MenuOption, MessageKey] => [o, `menu.${o}`]),
        ),
      ),
    );
  }

  private async act(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { communityId } = optionsSchema.parse(step.options);
    const locale = await this.services.profiles.locale(step.context);
    const option = chosen(step.result);
    switch (option) {
      case 'workDemand':
      case 'grievance':
      case 'story': {
        const type = option === 'workDemand' ? 'work_demand' : option;
        return step.beginDialog(SUBMISSION_DIALOG, { type, communityId } satisfies SubmissionOptions);
      }
      case 'status':
        return step.beginDialog(STATUS_DIALOG);
      case 'switchCommunity':
        setValue(step, 'returnsCommunity', true);
        return step.beginDialog(PICK_COMMUNITY_DIALOG);
      case 'joinCommunity':
        setValue(step, 'returnsCommunity', true);
        return step.beginDialog(JOIN_COMMUNITY_DIALOG, { intro: 'join' } satisfies JoinOptions);
      case 'changeLanguage':
        return step.beginDialog(LANGUAGE_DIALOG);
      case 'endChat':
        await say(step.context, locale, 'goodbye');
        return step.endDialog();
      default:
        if (isMissed(step.result)) await say(step.context, locale, 'missed.menu');
        return step.next();
    }
  }

  private again(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { communityId } = optionsSchema.parse(step.options);
    const switched = getValue(step, 'returnsCommunity', z.literal(true)) && typeof step.result === 'string';
    const next: MenuOptions = { communityId: switched ? z.string().parse(step.result) : communityId };
    return step.replaceDialog(STEPS, next);
  }
}
