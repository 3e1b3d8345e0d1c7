/**
 * COMMUNITIES_FILE checks: what cannot work is refused naming the feature (unclosed rings, latitudes
 * outside ±90, unusable features, no communities at all); what looks wrong but may be right (a community
 * far from all the others) is a warning in the start banner.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readCommunitiesFile } from '../../../../src/domain/communities/communitiesFile';
import { GeoJsonDirectory } from '../../../../src/domain/communities/geojsonDirectory';
import { loadConfig } from '../../../../src/app/config';
import { ConfigError } from '../../../../src/core/errors';
import { loadCommunities } from '../../../../src/app/journeyServices';
import { sharedAzurite } from '../../../helpers/azurite';
import { REPO_ROOT, runBotToExit, startBotProcess } from '../../../helpers/botProcess';

const SAMPLE = resolve(REPO_ROOT, 'data', 'communities.sample.geojson');

type Position = [number, number];

/** A small square community around [longitude, latitude]. */
function square(id: string, name: string, [lon, lat]: Position, closed = true): Record<string, unknown> {
  const ring: Position[] = [
    [lon - 0.05, lat - 0.05],
    [lon + 0.05, lat - 0.05],
    [lon + 0.05, lat + 0.05],
    [lon - 0.05, lat + 0.05],
  ];
  return {
    type: 'Feature',
    properties: { id, name },
    geometry: { type: 'Polygon', coordinates: [closed ? [...ring, ring[0]] : ring] },
  };
}

const TEMP = mkdtempSync(join(tmpdir(), 'communities-'));
let files = 0;
after(() => rmSync(TEMP, { recursive: true, force: true }));

function geojsonFile(features: unknown[]): string {
  files += 1;
  const file = join(TEMP, `${files}.geojson`);
  writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features }, null, 1));
  return file;
}

function refusal(file: string): string {
  try {
    GeoJsonDirectory.fromFile(file);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  assert.fail('expected a ConfigError');
}

const UDAIPUR: Position = [73.52, 24.38];
const DUNGARPUR: Position = [73.68, 23.95];
const BANSWARA: Position = [74.44, 23.55];

describe('COMMUNITIES_FILE checks', () => {
  it('refuses a ring that is not closed, naming the feature', () => {
    const message = refusal(
      geojsonFile([
        square('udr', 'Udaipur', UDAIPUR),
        square('dgp', 'Dungarpur Van Samiti', DUNGARPUR, false),
      ]),
    );
    assert.match(message, /COMMUNITIES_FILE features\[1\] \(id dgp, "Dungarpur Van Samiti"\)/);
    assert.match(message, /not closed/);
  });

  it('refuses a latitude outside ±90 and says positions are [longitude, latitude]', () => {
    // Ziro, Arunachal Pradesh, written [latitude, longitude]: 93.8 is no latitude.
    const message = refusal(
      geojsonFile([square('udr', 'Udaipur', UDAIPUR), square('ziro', 'Ziro', [27.54, 93.83])]),
    );
    assert.match(message, /features\[1\] \(id ziro, "Ziro"\)/);
    assert.match(message, /latitude 93\.\d+ is outside ±90/);
    assert.match(message, /\[longitude, latitude\]/);
  });

  it('refuses a feature it cannot use, naming it by id and name', () => {
    const message = refusal(
      geojsonFile([
        square('udr', 'Udaipur', UDAIPUR),
        {
          type: 'Feature',
          properties: { id: 'road', name: 'A road' },
          geometry: { type: 'LineString', coordinates: [UDAIPUR, DUNGARPUR] },
        },
      ]),
    );
    assert.match(message, /features\[1\] \(id road, "A road"\)/);
  });

  it('refuses a file with no communities', () => {
    assert.match(refusal(geojsonFile([])), /COMMUNITIES_FILE .*no communit/);
  });

  it('warns about a community far from all the others (swapped coordinates?)', () => {
    const file = geojsonFile([
      square('udr', 'Udaipur', UDAIPUR),
      square('dgp', 'Dungarpur', DUNGARPUR),
      square('bsw', 'Banswara', BANSWARA),
      // Banswara again, written [latitude, longitude]: valid numbers, in the Arctic.
      square('bsw-2', 'Banswara 2', [23.55, 74.44]),
    ]);
    const { features, warnings } = readCommunitiesFile(file);
    assert.equal(features.length, 4);
    assert.equal(warnings.length, 1, JSON.stringify(warnings));
    assert.match(warnings[0] ?? '', /features\[3\] \(id bsw-2, "Banswara 2"\)/);
    assert.match(warnings[0] ?? '', /\d+ km from the median centre of the others/);
  });

  it('finds nothing to warn about in the bundled sample', () => {
    assert.deepEqual(readCommunitiesFile(SAMPLE).warnings, []);
  });

  it('the banner source: the file named, or the bundled sample', () => {
    const file = geojsonFile([square('udr', 'Udaipur', UDAIPUR)]);
    const named = loadCommunities(loadConfig({ COMMUNITIES_FILE: file }));
    assert.equal(named?.description, `1 community from COMMUNITIES_FILE (${file})`);
    const sample = loadCommunities(loadConfig({}));
    assert.match(sample?.description ?? '', /^9 communities from the bundled sample/);
    assert.equal(loadCommunities(loadConfig({ CE_API_URL: 'http://127.0.0.1:9/' })), undefined);
  });
});

describe('COMMUNITIES_FILE at start (bot process)', function () {
  this.timeout(60_000);

  it('a JSON syntax error exits 2 with its line and column', async () => {
    const file = join(TEMP, 'broken.geojson');
    writeFileSync(
      file,
      '{\n  "type": "FeatureCollection",\n  "features": [\n    { "type": "Feature" }\n    {}\n  ]\n}',
    );
    const run = await runBotToExit({
      AZURE_STORAGE_CONNECTION_STRING: sharedAzurite().connectionString,
      COMMUNITIES_FILE: file,
    });
    assert.equal(run.code, 2, run.output);
    assert.match(run.stderr, /COMMUNITIES_FILE: not valid JSON at line 5, column 5/);
  });

  it('an unclosed ring exits 2 naming the feature', async () => {
    const run = await runBotToExit({
      AZURE_STORAGE_CONNECTION_STRING: sharedAzurite().connectionString,
      COMMUNITIES_FILE: geojsonFile([square('udr', 'Udaipur', UDAIPUR, false)]),
    });
    assert.equal(run.code, 2, run.output);
    assert.match(run.stderr, /features\[0\] \(id udr, "Udaipur"\).*not closed/);
  });

  it('the start banner names the file and the count, and warns about an outlier', async () => {
    const file = geojsonFile([
      square('udr', 'Udaipur', UDAIPUR),
      square('dgp', 'Dungarpur', DUNGARPUR),
      square('bsw', 'Banswara', BANSWARA),
      square('bsw-2', 'Banswara 2', [23.55, 74.44]),
    ]);
    const bot = await startBotProcess(process.execPath, ['dist/src/main.js'], {
      AZURE_STORAGE_CONNECTION_STRING: sharedAzurite().connectionString,
      COMMUNITIES_FILE: file,
    });
    try {
      assert.match(
        bot.output(),
        new RegExp(`communities: 4 communities from COMMUNITIES_FILE \\(${file}\\)`),
      );
      assert.match(bot.output(), /WARN .*features\[3\] \(id bsw-2, "Banswara 2"\)/);
    } finally {
      bot.child.kill('SIGTERM');
      await bot.exited;
    }
  });
});
