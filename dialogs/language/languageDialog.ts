/** Language: chosen on first contact (English / हिन्दी), kept per user, changeable any time. */
import {
  ComponentDialog,
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { isLocale, t } from '../catalogue';
import { LocalChoicePrompt } from '../prompts/localChoicePrompt';
import { choiceWithMissLimit } from '../prompts/missed';
import type { JourneyServices } from '../services';
import { chosen, choiceOptions, say } from '../ui';

export const LANGUAGE_DIALOG = 'languageDialog';
const STEPS = 'languageDialog.steps';
const PROMPT = 'languageDialog.prompt';

export class LanguageDialog extends ComponentDialog {
  constructor(private readonly services: JourneyServices) {
    super(LANGUAGE_DIALOG);
    this.addDialog(new LocalChoicePrompt(PROMPT, choiceWithMissLimit));
    this.addDialog(new WaterfallDialog(STEPS, [(s) => this.ask(s), (s) => this.store(s)]));
    this.initialDialogId = STEPS;
  }

  private ask(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.prompt(
      PROMPT,
      choiceOptions(t('en', 'language.prompt'), t('en', 'language.retry'), [
        { value: 'en', title: 'English', synonyms: ['english', 'angrezi', 'अंग्रेज़ी', 'अंग्रेजी'] },
        { value: 'hi', title: 'हिन्दी', synonyms: ['hindi', 'हिंदी'] },
      ]),
    );
  }

  private async store(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const profiles = this.services.profiles;
    const before = await profiles.get(step.context);
    const value = chosen(step.result);
    const locale = isLocale(value) ? value : await profiles.locale(step.context);
    await profiles.update(step.context, { locale, welcomed: true });
    if (!before.welcomed) await say(step.context, locale, 'welcome');
    else if (isLocale(value)) await say(step.context, locale, 'language.changed');
    return step.endDialog(locale);
  }
}
