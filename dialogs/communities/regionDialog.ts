/** The list path for people who cannot share a location: state → district → community. */
import {
  ComponentDialog,
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { z } from 'zod';
import { communitySchema } from '../../src/domain/communities/community';
import { t } from '../catalogue';
import { LocalChoicePrompt } from '../prompts/localChoicePrompt';
import { choiceWithMissLimit, isMissed } from '../prompts/missed';
import type { JourneyServices } from '../services';
import { getValue, setValue } from '../stepValues';
import { chosen, choiceOptions, say } from '../ui';

export const REGION_DIALOG = 'regionDialog';
const STEPS = 'regionDialog.steps';
const PROMPT = 'regionDialog.prompt';

export class RegionDialog extends ComponentDialog {
  constructor(private readonly services: JourneyServices) {
    super(REGION_DIALOG);
    this.addDialog(new LocalChoicePrompt(PROMPT, choiceWithMissLimit));
    this.addDialog(
      new WaterfallDialog(STEPS, [
        (s) => this.state(s),
        (s) => this.district(s),
        (s) => this.community(s),
        (s) => this.done(s),
      ]),
    );
    this.initialDialogId = STEPS;
  }

  private async state(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const states = await this.services.directory.states();
    return this.offer(step, 'region.state', states);
  }

  private async district(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const stateId = chosen(step.result);
    if (stateId === undefined || isMissed(step.result)) return step.endDialog();
    setValue(step, 'stateId', stateId);
    return this.offer(step, 'region.district', await this.services.directory.districts(stateId));
  }

  private async community(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const districtId = chosen(step.result);
    const stateId = getValue(step, 'stateId', z.string());
    if (districtId === undefined || isMissed(step.result) || stateId === undefined) return step.endDialog();
    const communities = await this.services.directory.inDistrict(stateId, districtId);
    setValue(step, 'communities', communities);
    return this.offer(step, 'region.community', communities);
  }

  private done(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const id = chosen(step.result);
    const community = getValue(step, 'communities', z.array(communitySchema))?.find((c) => c.id === id);
    return step.endDialog(community);
  }

  private async offer(
    step: WaterfallStepContext,
    promptKey: 'region.state' | 'region.district' | 'region.community',
    items: readonly { id: string; name: string }[],
  ): Promise<DialogTurnResult> {
    const locale = await this.services.profiles.locale(step.context);
    if (items.length === 0) {
      await say(step.context, locale, 'region.empty');
      return step.endDialog();
    }
    return step.prompt(
      PROMPT,
      choiceOptions(
        t(locale, promptKey),
        t(locale, 'region.retry'),
        items.map((i) => ({ value: i.id, title: i.name })),
      ),
    );
  }
}
