/** The services behind the journeys follow the configuration; CE_API_URL is never silently ignored. */
import assert from 'node:assert/strict';
import { CeBackend } from '../../../src/domain/communities/ceBackend';
import { GeoJsonDirectory } from '../../../src/domain/communities/geojsonDirectory';
import { loadConfig } from '../../../src/app/config';
import { InFlight } from '../../../src/core/inFlight';
import { createJourneyServices } from '../../../src/app/journeyServices';
import { silentLogger } from '../../../src/core/log';
import { openStorage, type OpenedStorage } from '../../../src/app/openStorage';
import { ForwardedSubmissions } from '../../../src/domain/submissions/forwardedSubmissions';
import { SubmissionStore } from '../../../src/domain/submissions/submissionStore';
import { LineRecordingSubmissions } from '../../../src/app/submissionLine';
import { sharedAzurite, uniquePrefix } from '../../helpers/azurite';

describe('journey services', () => {
  let storage: OpenedStorage;
  before(async () => {
    storage = await openStorage(
      loadConfig({
        AZURE_STORAGE_CONNECTION_STRING: sharedAzurite().connectionString,
        STORAGE_CONTAINER_PREFIX: uniquePrefix(),
      }),
    );
  });
  after(() => storage.close());

  const deps = { log: silentLogger, inFlight: new InFlight() };

  it('use the CE backend for communities, memberships and forwarding when CE_API_URL is set', () => {
    const services = createJourneyServices(
      loadConfig({ CE_API_URL: 'http://127.0.0.1:9/api/' }),
      storage,
      deps,
    );
    assert.ok(services.directory instanceof CeBackend);
    assert.ok(services.memberships instanceof CeBackend);
    assert.ok(services.submissions instanceof LineRecordingSubmissions);
    assert.ok(services.submissions.stored instanceof ForwardedSubmissions);
  });

  it('use the communities file otherwise', () => {
    const services = createJourneyServices(loadConfig({}), storage, deps);
    assert.ok(services.directory instanceof GeoJsonDirectory);
    assert.ok(services.submissions instanceof LineRecordingSubmissions);
    assert.ok(services.submissions.stored instanceof SubmissionStore);
  });

  it('refuse to be built without their deps rather than ignore CE_API_URL', () => {
    const config = loadConfig({ CE_API_URL: 'http://127.0.0.1:9/api/' });
    // A JavaScript caller (or one casting types away) that omits the deps.
    const call = (...args: unknown[]): unknown => Reflect.apply(createJourneyServices, undefined, args);
    assert.throws(() => call(config, storage), /needs its deps/);
  });
});
