/** The list path for people who cannot share a location: state → district → community. */
import { z } from 'zod';
import { communitySchema } from '../../src/domain/communities/community';
import { t } from '../catalogue';
import { isMissed } from '../prompts/missed';
import { JourneyDialog, NO_OPTIONS, type Step, type Turn } from '../journeyDialog';
import type { DialogKit } from '../journeys/journey';
import { getValue, setValue } from '../stepValues';
import { chosen, choiceOptions } from '../ui';

export const REGION_DIALOG = 'regionDialog';

export class RegionDialog extends JourneyDialog<unknown> {
  constructor(services: DialogKit) {
    super(REGION_DIALOG, services, NO_OPTIONS);
    this.waterfall(
      [(s) => this.state(s), (s) => this.district(s), (s) => this.community(s), (s) => this.done(s)],
      this.choicePrompt(),
    );
  }

  private async state(step: Step): Turn {
    const states = await this.services.directory.states();
    return this.offer(step, 'region.state', states);
  }

  private async district(step: Step): Turn {
    const stateId = chosen(step.result);
    if (stateId === undefined || isMissed(step.result)) return step.endDialog();
    setValue(step, 'stateId', stateId);
    return this.offer(step, 'region.district', await this.services.directory.districts(stateId));
  }

  private async community(step: Step): Turn {
    const districtId = chosen(step.result);
    const stateId = getValue(step, 'stateId', z.string());
    if (districtId === undefined || isMissed(step.result) || stateId === undefined) return step.endDialog();
    const communities = await this.services.directory.inDistrict(stateId, districtId);
    setValue(step, 'communities', communities);
    return this.offer(step, 'region.community', communities);
  }

  private done(step: Step): Turn {
    const id = chosen(step.result);
    const community = getValue(step, 'communities', z.array(communitySchema))?.find((c) => c.id === id);
    return step.endDialog(community);
  }

  private async offer(
    step: Step,
    promptKey: 'region.state' | 'region.district' | 'region.community',
    items: readonly { id: string; name: string }[],
  ): Turn {
    const locale = await this.locale(step);
    if (items.length === 0) {
      await this.say(step, 'region.empty');
      return step.endDialog();
    }
    return step.prompt(
      this.promptId,
      choiceOptions(
        t(locale, promptKey),
        t(locale, 'region.retry'),
        items.map((i) => ({ value: i.id, title: i.name })),
      ),
    );
  }
}
