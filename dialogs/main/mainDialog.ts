/**
 * The root dialog: language on first contact, then onboarding for people without a community, the
 * returning-member choice for members (or straight to the menu after "hi" or a long pause), then the
 * service menu, which every journey comes back to.
 */
import {
  ComponentDialog,
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { z } from 'zod';
import {
  CommunityChoiceDialog,
  COMMUNITY_CHOICE_DIALOG,
  PickCommunityDialog,
} from '../communities/communityChoiceDialog';
import {
  JoinCommunityDialog,
  JOIN_COMMUNITY_DIALOG,
  type JoinOptions,
} from '../communities/joinCommunityDialog';
import { RegionDialog } from '../communities/regionDialog';
import { LanguageDialog, LANGUAGE_DIALOG } from '../language/languageDialog';
import { ServiceMenuDialog, SERVICE_MENU_DIALOG, type MenuOptions } from '../menu/serviceMenuDialog';
import { personOf, type JourneyServices } from '../services';
import { StatusDialog } from '../status/statusDialog';
import { PhotosDialog } from '../submissions/photosDialog';
import { SubmissionDialog } from '../submissions/submissionDialog';

export const MAIN_DIALOG = 'mainDialog';
const STEPS = 'mainDialog.steps';

const optionsSchema = z.object({
  toMenu: z.boolean().default(false),
  changeLanguage: z.boolean().default(false),
});
export type MainOptions = z.input<typeof optionsSchema>;

export class MainDialog extends ComponentDialog {
  constructor(private readonly services: JourneyServices) {
    super(MAIN_DIALOG);
    // Each component holds the dialogs it begins: botbuilder re-prompts ("help") through a component's
    // own dialog set, so a child found only through the parent could not be re-prompted.
    const language = new LanguageDialog(services);
    const region = new RegionDialog(services);
    const photos = new PhotosDialog(services);
    const pick = new PickCommunityDialog(services);
    const status = new StatusDialog(services);
    const join = new JoinCommunityDialog(services).addDialog(region);
    const choice = new CommunityChoiceDialog(services).addDialog(join).addDialog(pick);
    const submission = new SubmissionDialog(services).addDialog(region).addDialog(photos);
    const menu = new ServiceMenuDialog(services)
      .addDialog(submission)
      .addDialog(status)
      .addDialog(pick)
      .addDialog(join)
      .addDialog(language);
    for (const dialog of [language, join, choice, menu]) this.addDialog(dialog);
    this.addDialog(
      new WaterfallDialog(STEPS, [(s) => this.language(s), (s) => this.route(s), (s) => this.menu(s)]),
    );
    this.initialDialogId = STEPS;
  }

  private async language(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = optionsSchema.parse(step.options ?? {});
    const profile = await this.services.profiles.get(step.context);
    if (!profile.locale || options.changeLanguage) return step.beginDialog(LANGUAGE_DIALOG);
    return step.next();
  }

  private async route(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = optionsSchema.parse(step.options ?? {});
    const communities = await this.services.memberships.of(personOf(step.context));
    const last = communities[0];
    if (!last) return step.beginDialog(JOIN_COMMUNITY_DIALOG, { intro: 'onboarding' } satisfies JoinOptions);
    if (options.toMenu) return step.next(last.id);
    return step.beginDialog(COMMUNITY_CHOICE_DIALOG);
  }

  private async menu(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const communityId =
      typeof step.result === 'string'
        ? step.result
        : (await this.services.memberships.of(personOf(step.context)))[0]?.id;
    // Someone who still has no community (they gave up on a location) is asked again, never left silent.
    if (communityId === undefined) return step.replaceDialog(STEPS, step.options);
    return step.replaceDialog(SERVICE_MENU_DIALOG, { communityId } satisfies MenuOptions);
  }
}
