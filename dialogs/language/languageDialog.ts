/** Language: chosen on first contact (English / हिन्दी), kept per user, changeable any time. */
import { isLocale, t } from '../catalogue';
import { JourneyDialog, NO_OPTIONS, type Step, type Turn } from '../journeyDialog';
import type { DialogKit } from '../journeys/journey';
import { chosen, choiceOptions, say } from '../ui';

export const LANGUAGE_DIALOG = 'languageDialog';

export class LanguageDialog extends JourneyDialog<unknown> {
  constructor(services: DialogKit) {
    super(LANGUAGE_DIALOG, services, NO_OPTIONS);
    this.waterfall([(s) => this.ask(s), (s) => this.store(s)], this.choicePrompt());
  }

  private ask(step: Step): Turn {
    return step.prompt(
      this.promptId,
      choiceOptions(t('en', 'language.prompt'), t('en', 'language.retry'), [
        { value: 'en', title: 'English', synonyms: ['english', 'angrezi', 'अंग्रेज़ी', 'अंग्रेजी'] },
        { value: 'hi', title: 'हिन्दी', synonyms: ['hindi', 'हिंदी'] },
      ]),
    );
  }

  private async store(step: Step): Turn {
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
