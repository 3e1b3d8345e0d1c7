/**
 * The service menu for the community in use, derived from the journey registry: the services (work
 * demand, my requests, grievance, story, and any journey a bot adds), then the account entries (switch
 * community when the person has several, join a community, change language, end chat). Every journey
 * comes back here.
 */
import { z } from 'zod';
import { t } from '../catalogue';
import { JourneyDialog, type Step, type Turn } from '../journeyDialog';
import { isMissed } from '../prompts/missed';
import { personOf } from '../services';
import type { DialogKit } from '../journeys/journey';
import { getValue, setValue } from '../stepValues';
import { chosen, choiceOptions } from '../ui';

export const SERVICE_MENU_DIALOG = 'serviceMenuDialog';

const optionsSchema = z.object({ communityId: z.string() });
export type MenuOptions = z.infer<typeof optionsSchema>;

export class ServiceMenuDialog extends JourneyDialog<MenuOptions> {
  constructor(services: DialogKit) {
    super(SERVICE_MENU_DIALOG, services, optionsSchema);
    for (const dialog of services.journeys.dialogs(services)) this.addDialog(dialog);
    this.waterfall(
      [(s, o) => this.show(s, o), (s, o) => this.act(s, o), (s, o) => this.again(s, o)],
      this.choicePrompt(),
    );
  }

  private async show(step: Step, { communityId }: MenuOptions): Turn {
    const locale = await this.locale(step);
    const mine = await this.services.memberships.of(personOf(step.context));
    const community = mine.find((c) => c.id === communityId)?.name ?? communityId;
    const other = locale === 'en' ? 'hi' : 'en';
    return step.prompt(
      this.promptId,
      choiceOptions(
        t(locale, 'menu.prompt', { community }),
        t(locale, 'menu.retry'),
        this.services.journeys.menu(mine.length > 1).map((journey) => ({
          value: journey.id,
          title: this.text(locale, journey.title),
          synonyms: [this.text(other, journey.title)],
        })),
      ),
    );
  }

  private async act(step: Step, { communityId }: MenuOptions): Turn {
    const journey = this.services.journeys.byId(chosen(step.result));
    if (!journey) {
      if (isMissed(step.result)) await this.say(step, 'missed.menu');
      return step.next();
    }
    setValue(step, 'journey', journey.id);
    const locale = await this.locale(step);
    if (journey.say !== undefined) await step.context.sendActivity(this.text(locale, journey.say));
    if (!journey.dialog) return journey.then === 'end' ? step.endDialog() : step.next();
    return step.beginDialog(journey.dialog.id, { ...journey.dialog.options, communityId });
  }

  private again(step: Step, { communityId }: MenuOptions): Turn {
    const journey = this.services.journeys.byId(getValue(step, 'journey', z.string()));
    if (journey?.then === 'end') return step.endDialog();
    const switched = journey?.then === 'useCommunity' && typeof step.result === 'string';
    const next: MenuOptions = { communityId: switched ? z.string().parse(step.result) : communityId };
    return step.replaceDialog(this.stepsId, next);
  }
}
