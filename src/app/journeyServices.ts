/**
 * The services behind the journeys, chosen by the configuration: with CE_API_URL, the original
 * backend's communities and memberships, and submissions forwarded to it; otherwise communities from
 * COMMUNITIES_FILE (or the bundled sample) with memberships in our storage. Submissions are always
 * kept in the submissions container.
 */
import { resolve } from 'node:path';
import { journeyRegistry } from '../../dialogs/journeys/builtIn';
import type { JourneyServices } from '../../dialogs/services';
import { CeBackend } from '../domain/communities/ceBackend';
import { readCommunitiesFile } from '../domain/communities/communitiesFile';
import type { CommunityDirectory } from '../domain/communities/community';
import { GeoJsonDirectory } from '../domain/communities/geojsonDirectory';
import { StoredMemberships } from '../domain/communities/storedMemberships';
import { OptOuts } from '../domain/people/optOuts';
import type { Config } from './config';
import type { InFlight } from '../core/inFlight';
import type { Logger } from '../core/log';
import { DocumentStore, type EtagDocuments } from '../durable/storage/documentStore';
import type { OpenedStorage } from './openStorage';
import { ForwardedSubmissions } from '../domain/submissions/forwardedSubmissions';
import { SubmissionStore } from '../domain/submissions/submissionStore';
import { LineRecordingSubmissions } from './submissionLine';
import type { SubmissionTypes } from '../domain/submissions/submissionTypes';

/** The realistic sample the embedded default serves (illustrative boundaries in four states). */
export const SAMPLE_COMMUNITIES_FILE = resolve(
  __dirname,
  '..',
  '..',
  '..',
  'data',
  'communities.sample.geojson',
);

export interface ServiceDeps {
  log: Logger;
  inFlight: InFlight;
  fetch?: typeof fetch;
  /** The communities `main` loaded and checked before listening; read from the configuration when not given. */
  directory?: CommunityDirectory;
  /** The submission types of the journeys offered; the built-in journeys' when not given. */
  submissionTypes?: SubmissionTypes;
}

export interface LoadedCommunities {
  directory: GeoJsonDirectory;
  /** For the start banner: how many, from which file. */
  description: string;
  /** What looks wrong in the file but may be right, each naming its feature. */
  warnings: string[];
}

/**
 * The communities of COMMUNITIES_FILE (or the bundled sample), read and checked; `undefined` when
 * CE_API_URL serves them. A problem throws a `ConfigError` naming the feature.
 */
export function loadCommunities(
  config: Pick<Config, 'COMMUNITIES_FILE' | 'CE_API_URL'>,
): LoadedCommunities | undefined {
  if (config.CE_API_URL !== undefined) return undefined;
  const path = config.COMMUNITIES_FILE ?? SAMPLE_COMMUNITIES_FILE;
  const { features, warnings } = readCommunitiesFile(path);
  const count = `${features.length} communit${features.length === 1 ? 'y' : 'ies'}`;
  return {
    directory: new GeoJsonDirectory(features),
    description:
      config.COMMUNITIES_FILE === undefined
        ? `${count} from the bundled sample (${path})`
        : `${count} from COMMUNITIES_FILE (${path})`,
    warnings,
  };
}

export function createJourneyServices(
  config: Pick<Config, 'COMMUNITIES_FILE' | 'CE_API_URL'>,
  storage: OpenedStorage,
  deps: ServiceDeps,
): Omit<JourneyServices, 'profiles'> {
  // Required: without them CE_API_URL would have nothing to forward with, and must not be ignored.
  if (typeof deps !== 'object' || deps === null)
    throw new TypeError('createJourneyServices needs its deps (log, inFlight)');
  const submissions = new DocumentStore(storage.account, 'submissions');
  const types = deps.submissionTypes ?? journeyRegistry().submissionTypes;
  if (config.CE_API_URL !== undefined) {
    const backend = new CeBackend({ baseUrl: config.CE_API_URL, fetch: deps.fetch });
    return {
      directory: backend,
      memberships: backend,
      optOuts: new OptOuts(storage.stateDocuments),
      submissions: new LineRecordingSubmissions(
        new ForwardedSubmissions(
          new SubmissionStore(submissions, types),
          backend,
          storage.media.documents,
          deps,
        ),
      ),
    };
  }
  return storedJourneyServices(
    deps?.directory ?? GeoJsonDirectory.fromFile(config.COMMUNITIES_FILE ?? SAMPLE_COMMUNITIES_FILE),
    { state: storage.stateDocuments, submissions },
    types,
  );
}

/**
 * The journeys without CE_API_URL: communities from `directory`, memberships and opt-outs among the state documents,
 * submissions in their own documents (blobs, or `MemoryDocuments` in tests).
 */
export function storedJourneyServices(
  directory: CommunityDirectory,
  documents: { state: EtagDocuments; submissions: EtagDocuments },
  types: SubmissionTypes = journeyRegistry().submissionTypes,
): Omit<JourneyServices, 'profiles'> {
  return {
    directory,
    memberships: new StoredMemberships(documents.state),
    optOuts: new OptOuts(documents.state),
    submissions: new LineRecordingSubmissions(new SubmissionStore(documents.submissions, types)),
  };
}
