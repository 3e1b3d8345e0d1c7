/**
 * The journeys this bot offers out of the box, in menu order. A bot adds its own with
 * `journeyRegistry([...])` (the application's `journeys` option): see README, "Add a journey".
 */
import { PICK_COMMUNITY_DIALOG, PickCommunityDialog } from '../communities/communityChoiceDialog';
import {
  JOIN_COMMUNITY_DIALOG,
  JoinCommunityDialog,
  type JoinOptions,
} from '../communities/joinCommunityDialog';
import { ERASE_MY_DATA_DIALOG, EraseMyDataDialog } from '../erasure/eraseMyDataDialog';
import { LANGUAGE_DIALOG, LanguageDialog } from '../language/languageDialog';
import { STATUS_DIALOG, StatusDialog } from '../status/statusDialog';
import { SUBMISSION_DIALOG, SubmissionDialog } from '../submissions/submissionDialog';
import type { Journey } from './journey';
import { JourneyRegistry } from './registry';

const submissionDialog: NonNullable<Journey['dialog']>['build'] = (services) =>
  new SubmissionDialog(services);

export const BUILT_IN_JOURNEYS: readonly Journey[] = [
  {
    id: 'workDemand',
    title: 'menu.workDemand',
    dialog: {
      id: SUBMISSION_DIALOG,
      build: submissionDialog,
      options: { type: 'work_demand', photosRequired: true },
    },
    submission: {
      type: 'work_demand',
      prefix: 'WD',
      itemType: 'ASSET_DEMAND',
      name: 'type.work_demand',
      submitted: 'work_demand.submitted',
    },
  },
  {
    id: 'status',
    title: 'menu.status',
    dialog: { id: STATUS_DIALOG, build: (services) => new StatusDialog(services) },
  },
  {
    id: 'grievance',
    title: 'menu.grievance',
    dialog: { id: SUBMISSION_DIALOG, build: submissionDialog, options: { type: 'grievance' } },
    submission: {
      type: 'grievance',
      prefix: 'GR',
      itemType: 'GRIEVANCE',
      name: 'type.grievance',
      submitted: 'grievance.submitted',
    },
  },
  {
    id: 'story',
    title: 'menu.story',
    dialog: { id: SUBMISSION_DIALOG, build: submissionDialog, options: { type: 'story' } },
    submission: {
      type: 'story',
      prefix: 'ST',
      itemType: 'STORY',
      name: 'type.story',
      submitted: 'story.submitted',
    },
  },
  {
    id: 'switchCommunity',
    title: 'menu.switchCommunity',
    section: 'account',
    offered: 'severalCommunities',
    dialog: { id: PICK_COMMUNITY_DIALOG, build: (services) => new PickCommunityDialog(services) },
    then: 'useCommunity',
  },
  {
    id: 'joinCommunity',
    title: 'menu.joinCommunity',
    section: 'account',
    dialog: {
      id: JOIN_COMMUNITY_DIALOG,
      build: (services) => new JoinCommunityDialog(services),
      options: { intro: 'join' } satisfies JoinOptions,
    },
    then: 'useCommunity',
  },
  {
    id: 'changeLanguage',
    title: 'menu.changeLanguage',
    section: 'account',
    dialog: { id: LANGUAGE_DIALOG, build: (services) => new LanguageDialog(services) },
  },
  {
    id: 'eraseMyData',
    title: 'menu.eraseMyData',
    section: 'account',
    dialog: { id: ERASE_MY_DATA_DIALOG, build: (services) => new EraseMyDataDialog(services) },
    then: 'end',
  },
  { id: 'endChat', title: 'menu.endChat', section: 'account', say: 'goodbye', then: 'end' },
];

/** The built-in journeys and, after the built-in services, a bot's own. */
export function journeyRegistry(extra: readonly Journey[] = []): JourneyRegistry {
  return new JourneyRegistry([...BUILT_IN_JOURNEYS, ...extra]);
}
