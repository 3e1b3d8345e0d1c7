/**
 * Returning members: with one community, continue or join another; with several, continue with the one
 * used last (remembered), choose another, or join a new one. Ends with the community to use.
 */
import {
  ComponentDialog,
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { t } from '../catalogue';
import { LocalChoicePrompt } from '../prompts/localChoicePrompt';
import { choiceWithMissLimit, isMissed } from '../prompts/missed';
import { personOf, type JourneyServices } from '../services';
import { chosen, choiceOptions, keyedChoices, say } from '../ui';
import { JOIN_COMMUNITY_DIALOG, type JoinOptions } from './joinCommunityDialog';

export const COMMUNITY_CHOICE_DIALOG = 'communityChoiceDialog';
/** Picks one of the person's communities (also used by the menu's "switch community"). */
export const PICK_COMMUNITY_DIALOG = 'pickCommunityDialog';
const STEPS = 'communityChoiceDialog.steps';
const PICK_STEPS = 'pickCommunityDialog.steps';
const PROMPT = 'communityChoiceDialog.prompt';

const CONTINUE = 'continue';
const CHOOSE = 'choose';
const JOIN = 'join';

export class CommunityChoiceDialog extends ComponentDialog {
  constructor(private readonly services: JourneyServices) {
    super(COMMUNITY_CHOICE_DIALOG);
    this.addDialog(new LocalChoicePrompt(PROMPT, choiceWithMissLimit));
    this.addDialog(
      new WaterfallDialog(STEPS, [(s) => this.ask(s), (s) => this.act(s), (s) => this.finish(s)]),
    );
    this.initialDialogId = STEPS;
  }

  private async ask(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const locale = await this.services.profiles.locale(step.context);
    const communities = await this.services.memberships.of(personOf(step.context));
    const last = communities[0];
    if (!last) return step.beginDialog(JOIN_COMMUNITY_DIALOG, { intro: 'onboarding' } satisfies JoinOptions);
    const single = communities.length === 1;
    await say(step.context, locale, single ? 'returning.single' : 'returning.multiple', {
      community: last.name,
    });
    const items = single
      ? keyedChoices(locale, [
          [CONTINUE, 'option.continue'],
          [JOIN, 'option.joinAnother'],
        ])
      : keyedChoices(locale, [
          [CONTINUE, 'option.continueLast'],
          [CHOOSE, 'option.chooseOther'],
          [JOIN, 'option.joinAnother'],
        ]);
    return step.prompt(
      PROMPT,
      choiceOptions(t(locale, 'returning.prompt'), t(locale, 'returning.retry'), items),
    );
  }

  private async act(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const last = (await this.services.memberships.of(personOf(step.context)))[0];
    if (typeof step.result === 'string') return step.endDialog(step.result);
    const choice = chosen(step.result);
    if (choice === JOIN)
      return step.beginDialog(JOIN_COMMUNITY_DIALOG, { intro: 'join' } satisfies JoinOptions);
    if (choice === CHOOSE) return step.beginDialog(PICK_COMMUNITY_DIALOG);
    if (isMissed(step.result)) {
      await say(step.context, await this.services.profiles.locale(step.context), 'missed.menu');
    }
    return step.endDialog(last?.id);
  }

  private async finish(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const fallback = (await this.services.memberships.of(personOf(step.context)))[0]?.id;
    return step.endDialog(typeof step.result === 'string' ? step.result : fallback);
  }
}

export class PickCommunityDialog extends ComponentDialog {
  constructor(private readonly services: JourneyServices) {
    super(PICK_COMMUNITY_DIALOG);
    this.addDialog(new LocalChoicePrompt(PROMPT, choiceWithMissLimit));
    this.addDialog(new WaterfallDialog(PICK_STEPS, [(s) => this.ask(s), (s) => this.use(s)]));
    this.initialDialogId = PICK_STEPS;
  }

  private async ask(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const locale = await this.services.profiles.locale(step.context);
    const communities = await this.services.memberships.of(personOf(step.context));
    return step.prompt(
      PROMPT,
      choiceOptions(
        t(locale, 'returning.choose'),
        t(locale, 'returning.retry'),
        communities.map((c) => ({ value: c.id, title: c.name })),
      ),
    );
  }

  private async use(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const id = chosen(step.result);
    if (id === undefined || isMissed(step.result)) return step.endDialog();
    await this.services.memberships.use(personOf(step.context), id);
    return step.endDialog(id);
  }
}
