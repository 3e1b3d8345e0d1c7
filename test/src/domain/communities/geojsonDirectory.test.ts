import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { GeoJsonDirectory } from '../../../../src/domain/communities/geojsonDirectory';
import { haversineKm, pointInPolygon } from '../../../../src/domain/communities/geo';
import { ConfigError } from '../../../../src/core/errors';
import { REPO_ROOT } from '../../../helpers/botProcess';

const SAMPLE = resolve(REPO_ROOT, 'data', 'communities.sample.geojson');

describe('geometry', () => {
  const square = [
    [
      [0, 0],
      [10, 0],
      [10, 10],
      [0, 10],
      [0, 0],
    ],
    [
      [4, 4],
      [6, 4],
      [6, 6],
      [4, 6],
      [4, 4],
    ],
  ] as const;
  it('places points inside, outside, on an edge and in a hole', () => {
    assert.equal(pointInPolygon({ longitude: 2, latitude: 2 }, square), true);
    assert.equal(pointInPolygon({ longitude: 12, latitude: 2 }, square), false);
    assert.equal(pointInPolygon({ longitude: 10, latitude: 5 }, square), true);
    assert.equal(pointInPolygon({ longitude: 5, latitude: 5 }, square), false);
  });
  it('measures great-circle distances', () => {
    const delhi = { latitude: 28.6139, longitude: 77.209 };
    const mumbai = { latitude: 19.076, longitude: 72.8777 };
    assert.ok(Math.abs(haversineKm(delhi, mumbai) - 1153) < 10);
  });
});

describe('GeoJsonDirectory (bundled sample)', () => {
  const directory = GeoJsonDirectory.fromFile(SAMPLE);

  it('finds the communities whose area holds a point, nearest first', async () => {
    const matches = await directory.near({ latitude: 24.38, longitude: 73.52 });
    assert.deepEqual(
      matches.map((m) => m.id),
      ['raj-udr-jhadol', 'raj-udr-collective'],
    );
    assert.ok((matches[0]?.distanceKm ?? 9) <= (matches[1]?.distanceKm ?? 0));
  });

  it('finds Point communities within their radius only', async () => {
    assert.deepEqual(
      (await directory.near({ latitude: 23.95, longitude: 73.68 })).map((m) => m.id),
      ['raj-dgp-bichhiwara'],
    );
    assert.deepEqual(await directory.near({ latitude: 24.0, longitude: 73.95 }), []);
  });

  it('leaves out a polygon hole, and finds nothing at sea', async () => {
    assert.deepEqual(await directory.near({ latitude: 23.36, longitude: 84.22 }), []);
    assert.deepEqual(
      (await directory.near({ latitude: 23.31, longitude: 84.25 })).map((m) => m.id),
      ['jh-gml-bishunpur'],
    );
    assert.deepEqual(await directory.near({ latitude: 15, longitude: 70 }), []);
  });

  it('offers the list path: states, districts, communities', async () => {
    assert.deepEqual(
      (await directory.states()).map((s) => s.name),
      ['Jharkhand', 'Madhya Pradesh', 'Odisha', 'Rajasthan'],
    );
    assert.deepEqual(
      (await directory.districts('Rajasthan')).map((d) => d.name),
      ['Dungarpur', 'Udaipur'],
    );
    assert.deepEqual(
      (await directory.inDistrict('rajasthan', 'UDAIPUR')).map((c) => c.name),
      ['Jhadol Van Samiti', 'Kotra Jal Samooh', 'Udaipur Tribal Collective'],
    );
    assert.equal((await directory.get('od-kpt-lamtaput'))?.district, 'Koraput');
  });
});

describe('GeoJsonDirectory validation', () => {
  it('names the problem and the feature', async () => {
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const file = resolve(mkdtempSync(resolve(tmpdir(), 'geo-')), 'bad.geojson');
    writeFileSync(
      file,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { id: 1, name: 'P' },
            geometry: { type: 'Point', coordinates: [80, 20] },
          },
        ],
      }),
    );
    assert.throws(
      () => GeoJsonDirectory.fromFile(file),
      (error: unknown) =>
        error instanceof ConfigError &&
        /features\[0\]/.test(error.message) &&
        /radius_km/.test(error.message),
    );
  });
});
