/**
 * The services behind the journeys, chosen by the configuration: communities from COMMUNITIES_FILE (or
 * the bundled sample) with memberships in our storage; submissions in the submissions container.
 */
import { resolve } from 'node:path';
import type { JourneyServices } from '../dialogs/services';
import { GeoJsonDirectory } from './communities/geojsonDirectory';
import { StoredMemberships } from './communities/storedMemberships';
import type { Config } from './config';
import { DocumentStore } from './storage/documentStore';
import type { OpenedStorage } from './storage/openStorage';
import { SubmissionStore } from './submissions/submissionStore';

/** The realistic sample the embedded default serves (illustrative boundaries in four states). */
export const SAMPLE_COMMUNITIES_FILE = resolve(__dirname, '..', '..', 'data', 'communities.sample.geojson');

export function createJourneyServices(
  config: Pick<Config, 'COMMUNITIES_FILE'>,
  storage: OpenedStorage,
): Omit<JourneyServices, 'profiles'> {
  return {
    directory: GeoJsonDirectory.fromFile(config.COMMUNITIES_FILE ?? SAMPLE_COMMUNITIES_FILE),
    memberships: new StoredMemberships(storage.stateDocuments),
    submissions: new SubmissionStore(new DocumentStore(storage.account, 'submissions')),
  };
}
