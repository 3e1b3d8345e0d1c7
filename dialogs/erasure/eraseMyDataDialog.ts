/**
 * "Delete my data" (the menu entry, or the phrase anywhere): says what is deleted and what is kept, asks
 * yes or no, and on yes asks the erasure service (which erases after this turn) and gives the person
 * their deletion reference. On no, nothing is deleted.
 */
import { z } from 'zod';
import { JourneyDialog, type Step, type Turn } from '../journeyDialog';
import type { DialogKit } from '../journeys/journey';
import { personOf } from '../services';
import { YesNoStep, yesNoQuestion } from '../steps/yesNoStep';
import { t } from '../catalogue';

export const ERASE_MY_DATA_DIALOG = 'eraseMyDataDialog';

export class EraseMyDataDialog extends JourneyDialog<Record<string, unknown>> {
  private readonly yesNoId = `${ERASE_MY_DATA_DIALOG}.yesNo`;

  constructor(services: DialogKit) {
    super(ERASE_MY_DATA_DIALOG, services, z.record(z.string(), z.unknown()));
    this.waterfall([(s) => this.ask(s), (s) => this.answer(s)], new YesNoStep(this.yesNoId));
  }

  private async ask(step: Step): Turn {
    const locale = await this.locale(step);
    return step.prompt(this.yesNoId, yesNoQuestion(locale, t(locale, 'erase.confirm')));
  }

  private async answer(step: Step): Turn {
    const { erasure } = this.services;
    if (step.result !== true) await this.say(step, 'erase.kept');
    else if (!erasure) await this.say(step, 'erase.unavailable');
    else {
      const { reference } = await erasure.request(personOf(step.context));
      await this.say(step, 'erase.done', { reference });
    }
    return step.endDialog();
  }
}
