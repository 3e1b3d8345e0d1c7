/**
 * The root dialog: language on first contact, the privacy notice and consent (`consent/`), then onboarding
 * for people without a community, the returning-member choice for members (or straight to the menu after
 * "hi" or a long pause), then the service menu, which every journey comes back to.
 */
import { z } from 'zod';
import { CommunityChoiceDialog, COMMUNITY_CHOICE_DIALOG } from '../communities/communityChoiceDialog';
import {
  JoinCommunityDialog,
  JOIN_COMMUNITY_DIALOG,
  type JoinOptions,
} from '../communities/joinCommunityDialog';
import { ConsentDialog, CONSENT_DIALOG, consented, noticeOfKit } from '../consent/consentDialog';
import { EraseMyDataDialog, ERASE_MY_DATA_DIALOG } from '../erasure/eraseMyDataDialog';
import { JourneyDialog, type Step, type Turn } from '../journeyDialog';
import { LanguageDialog, LANGUAGE_DIALOG } from '../language/languageDialog';
import { ServiceMenuDialog, SERVICE_MENU_DIALOG, type MenuOptions } from '../menu/serviceMenuDialog';
import { personOf } from '../services';
import type { DialogKit } from '../journeys/journey';

export const MAIN_DIALOG = 'mainDialog';

const optionsSchema = z.object({
  toMenu: z.boolean().default(false),
  changeLanguage: z.boolean().default(false),
  /** "Delete my data" said anywhere: the confirmation, then the chat ends. */
  eraseMyData: z.boolean().default(false),
});
export type MainOptions = z.input<typeof optionsSchema>;
type Options = z.infer<typeof optionsSchema>;

export class MainDialog extends JourneyDialog<Options> {
  constructor(services: DialogKit) {
    super(MAIN_DIALOG, services, optionsSchema);
    // Each component holds the dialogs it begins: botbuilder re-prompts ("help") through a component's
    // own dialog set, so a child found only through the parent could not be re-prompted.
    this.addDialog(new LanguageDialog(services))
      .addDialog(new ConsentDialog(services))
      .addDialog(new JoinCommunityDialog(services))
      .addDialog(new CommunityChoiceDialog(services))
      .addDialog(new ServiceMenuDialog(services))
      .addDialog(new EraseMyDataDialog(services));
    this.waterfall([
      (s, o) => this.language(s, o),
      (s, o) => this.consent(s, o),
      (s, o) => this.route(s, o),
      (s) => this.menu(s),
    ]);
  }

  private async language(step: Step, { changeLanguage, eraseMyData }: Options): Turn {
    if (eraseMyData) return step.beginDialog(ERASE_MY_DATA_DIALOG);
    const profile = await this.services.profiles.get(step.context);
    if (!profile.locale || changeLanguage) return step.beginDialog(LANGUAGE_DIALOG);
    return step.next();
  }

  /** The privacy notice, before anything beyond the language is stored (not before "delete my data"). */
  private async consent(step: Step, { eraseMyData }: Options): Turn {
    const profile = await this.services.profiles.get(step.context);
    if (eraseMyData || consented(profile, noticeOfKit(this.services))) return step.next();
    return step.beginDialog(CONSENT_DIALOG);
  }

  private async route(step: Step, { toMenu, eraseMyData }: Options): Turn {
    if (eraseMyData) return step.endDialog();
    const communities = await this.services.memberships.of(personOf(step.context));
    const last = communities[0];
    if (!last) return step.beginDialog(JOIN_COMMUNITY_DIALOG, { intro: 'onboarding' } satisfies JoinOptions);
    if (toMenu) return step.next(last.id);
    return step.beginDialog(COMMUNITY_CHOICE_DIALOG);
  }

  private async menu(step: Step): Turn {
    const communityId =
      typeof step.result === 'string'
        ? step.result
        : (await this.services.memberships.of(personOf(step.context)))[0]?.id;
    // Someone who still has no community (they gave up on a location) is asked again, never left silent.
    if (communityId === undefined) return step.replaceDialog(this.stepsId, step.options);
    return step.replaceDialog(SERVICE_MENU_DIALOG, { communityId } satisfies MenuOptions);
  }
}
