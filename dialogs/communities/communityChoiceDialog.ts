/**
 * Returning members: with one community, continue or join another; with several, continue with the one
 * used last (remembered), choose another, or join a new one. Ends with the community to use.
 */
import { t } from '../catalogue';
import { isMissed } from '../prompts/missed';
import { JourneyDialog, NO_OPTIONS, type Step, type Turn } from '../journeyDialog';
import { personOf } from '../services';
import type { DialogKit } from '../journeys/journey';
import { chosen, choiceOptions, keyedChoices } from '../ui';
import { JOIN_COMMUNITY_DIALOG, JoinCommunityDialog, type JoinOptions } from './joinCommunityDialog';

export const COMMUNITY_CHOICE_DIALOG = 'communityChoiceDialog';
/** Picks one of the person's communities (also used by the menu's "switch community"). */
export const PICK_COMMUNITY_DIALOG = 'pickCommunityDialog';

const CONTINUE = 'continue';
const CHOOSE = 'choose';
const JOIN = 'join';

export class CommunityChoiceDialog extends JourneyDialog<unknown> {
  constructor(services: DialogKit) {
    super(COMMUNITY_CHOICE_DIALOG, services, NO_OPTIONS);
    this.addDialog(new JoinCommunityDialog(services)).addDialog(new PickCommunityDialog(services));
    this.waterfall([(s) => this.ask(s), (s) => this.act(s), (s) => this.finish(s)], this.choicePrompt());
  }

  private async ask(step: Step): Turn {
    const locale = await this.locale(step);
    const communities = await this.services.memberships.of(personOf(step.context));
    const last = communities[0];
    if (!last) return step.beginDialog(JOIN_COMMUNITY_DIALOG, { intro: 'onboarding' } satisfies JoinOptions);
    const single = communities.length === 1;
    await this.say(step, single ? 'returning.single' : 'returning.multiple', {
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
      this.promptId,
      choiceOptions(t(locale, 'returning.prompt'), t(locale, 'returning.retry'), items),
    );
  }

  private async act(step: Step): Turn {
    const last = (await this.services.memberships.of(personOf(step.context)))[0];
    if (typeof step.result === 'string') return step.endDialog(step.result);
    const choice = chosen(step.result);
    if (choice === JOIN)
      return step.beginDialog(JOIN_COMMUNITY_DIALOG, { intro: 'join' } satisfies JoinOptions);
    if (choice === CHOOSE) return step.beginDialog(PICK_COMMUNITY_DIALOG);
    if (isMissed(step.result)) {
      await this.say(step, 'missed.menu');
    }
    return step.endDialog(last?.id);
  }

  private async finish(step: Step): Turn {
    const fallback = (await this.services.memberships.of(personOf(step.context)))[0]?.id;
    return step.endDialog(typeof step.result === 'string' ? step.result : fallback);
  }
}

export class PickCommunityDialog extends JourneyDialog<unknown> {
  constructor(services: DialogKit) {
    super(PICK_COMMUNITY_DIALOG, services, NO_OPTIONS);
    this.waterfall([(s) => this.ask(s), (s) => this.use(s)], this.choicePrompt());
  }

  private async ask(step: Step): Turn {
    const locale = await this.locale(step);
    const communities = await this.services.memberships.of(personOf(step.context));
    return step.prompt(
      this.promptId,
      choiceOptions(
        t(locale, 'returning.choose'),
        t(locale, 'returning.retry'),
        communities.map((c) => ({ value: c.id, title: c.name })),
      ),
    );
  }

  private async use(step: Step): Turn {
    const id = chosen(step.result);
    if (id === undefined || isMissed(step.result)) return step.endDialog();
    await this.services.memberships.use(personOf(step.context), id);
    return step.endDialog(id);
  }
}
