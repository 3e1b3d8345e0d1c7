/**
 * "Request a water tanker", a journey a bot adds (README, "Add a journey"): place → how many litres (the
 * number step: "5000", "५०००", "forty", "पाँच हज़ार") → for drinking? (yes/no) → a description (voice or
 * text) → a stored `water_tanker` submission with its litres and drinking answer, reference `WT-…`.
 */
import { z } from 'zod';
import { locationSchema } from '../../../src/domain/submissions/submission';
import { JourneyDialog, type Step, type Turn } from '../../../dialogs/journeyDialog';
import type { DialogKit } from '../../../dialogs/journeys/journey';
import { DESCRIPTION_STEP, DescriptionStep, describedSchema } from '../../../dialogs/steps/descriptionStep';
import { NumberStep, numberQuestion } from '../../../dialogs/steps/numberStep';
import { PLACE_STEP, PlaceStep } from '../../../dialogs/steps/placeStep';
import { submitDraft } from '../../../dialogs/steps/submit';
import { YesNoStep, yesNoQuestion } from '../../../dialogs/steps/yesNoStep';
import { getValue, setValue } from '../../../dialogs/stepValues';

export const WATER_TANKER_DIALOG = 'waterTankerDialog';
const LITRES = 'waterTankerDialog.litres';
const DRINKING = 'waterTankerDialog.drinking';

const optionsSchema = z.object({ communityId: z.string() }); // the menu begins it with the community
type Options = z.infer<typeof optionsSchema>;

export class WaterTankerDialog extends JourneyDialog<Options> {
  constructor(services: DialogKit) {
    super(WATER_TANKER_DIALOG, services, optionsSchema);
    this.waterfall(
      [
        (s, o) => this.askPlace(s, o),
        (s) => this.askLitres(s),
        (s) => this.askDrinking(s),
        (s) => this.askDescription(s),
        (s, o) => this.submit(s, o),
      ],
      new PlaceStep(services),
      new NumberStep(LITRES),
      new YesNoStep(DRINKING),
      new DescriptionStep(services),
    );
  }

  private askPlace(step: Step, { communityId }: Options): Turn {
    return step.beginDialog(PLACE_STEP, {
      communityId,
      intro: 'water_tanker.intro',
      ask: 'water_tanker.place',
    });
  }

  private async askLitres(step: Step): Turn {
    const location = locationSchema.safeParse(step.result);
    if (!location.success) return this.giveUp(step); // three misses: back to the menu
    setValue(step, 'location', location.data);
    const locale = await this.locale(step);
    const text = (key: string) => this.text(locale, key);
    return step.prompt(
      LITRES,
      numberQuestion(text('water_tanker.litres'), text('water_tanker.litresRetry'), {
        min: 100,
        max: 50_000,
      }),
    );
  }

  private async askDrinking(step: Step): Turn {
    const litres = z.number().safeParse(step.result);
    if (!litres.success) return this.giveUp(step);
    setValue(step, 'litres', litres.data);
    const locale = await this.locale(step);
    return step.prompt(DRINKING, yesNoQuestion(locale, this.text(locale, 'water_tanker.drinking')));
  }

  private askDescription(step: Step): Turn {
    const drinking = z.boolean().safeParse(step.result);
    if (!drinking.success) return this.giveUp(step);
    setValue(step, 'drinking', drinking.data);
    return step.beginDialog(DESCRIPTION_STEP, { ask: 'water_tanker.describe' });
  }

  private async submit(step: Step, { communityId }: Options): Turn {
    const described = describedSchema.safeParse(step.result);
    if (!described.success) return this.giveUp(step);
    const submission = await submitDraft(this.services, step.context, await this.locale(step), {
      type: 'water_tanker',
      communityId,
      location: getValue(step, 'location', locationSchema),
      ...described.data,
      fields: {
        litres: getValue(step, 'litres', z.number()),
        drinking: getValue(step, 'drinking', z.boolean()),
      },
    });
    return step.endDialog(submission.reference);
  }
}
