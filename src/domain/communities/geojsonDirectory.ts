/**
 * Communities from a GeoJSON FeatureCollection (COMMUNITIES_FILE, DESIGN §6), read and checked by
 * `communitiesFile.ts`: which communities hold a point, and the list path (states, districts).
 */
import type { Community, CommunityDirectory, CommunityMatch, Region } from './community';
import { centreOf, readCommunitiesFile, type CommunityFeature } from './communitiesFile';
import { distanceToPolygonKm, haversineKm, type Point, type PolygonCoordinates } from './geo';

interface Area {
  community: Community;
  polygons: PolygonCoordinates[];
  center: Point;
  radiusKm: number | undefined;
}

export class GeoJsonDirectory implements CommunityDirectory {
  private readonly areas: Area[];

  constructor(features: readonly CommunityFeature[]) {
    this.areas = features.map(({ geometry: g, properties: p }) => {
      const community: Community = {
        id: p.id,
        name: p.name,
        ...(p.description === undefined ? {} : { description: p.description }),
        ...(p.organization === undefined ? {} : { organization: p.organization }),
        ...(p.state === undefined ? {} : { state: p.state }),
        ...(p.district === undefined ? {} : { district: p.district }),
      };
      const center = centreOf(g);
      const polygons = g.type === 'Point' ? [] : g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
      const radiusKm = g.type === 'Point' ? p.radius_km : undefined;
      return { community: { ...community, center }, polygons, center, radiusKm };
    });
  }

  /** Reads and checks a communities file; a problem throws a `ConfigError` naming the feature. */
  static fromFile(path: string): GeoJsonDirectory {
    return new GeoJsonDirectory(readCommunitiesFile(path).features);
  }

  /** How many communities it holds. */
  get size(): number {
    return this.areas.length;
  }

  near(point: Point): Promise<CommunityMatch[]> {
    const matches: CommunityMatch[] = [];
    for (const area of this.areas) {
      if (area.radiusKm !== undefined) {
        const distance = haversineKm(point, area.center);
        if (distance <= area.radiusKm) matches.push({ ...area.community, distanceKm: distance });
        continue;
      }
      const inside = area.polygons.some((polygon) => distanceToPolygonKm(point, polygon) === 0);
      if (inside) matches.push({ ...area.community, distanceKm: haversineKm(point, area.center) });
    }
    return Promise.resolve(
      matches.sort((a, b) => a.distanceKm - b.distanceKm || a.name.localeCompare(b.name)),
    );
  }

  states(): Promise<Region[]> {
    return Promise.resolve(regions(this.areas.map((a) => a.community.state)));
  }

  districts(state: string): Promise<Region[]> {
    return Promise.resolve(
      regions(this.areas.filter((a) => same(a.community.state, state)).map((a) => a.community.district)),
    );
  }

  inDistrict(state: string, district: string): Promise<Community[]> {
    return Promise.resolve(
      this.areas
        .filter((a) => same(a.community.state, state) && same(a.community.district, district))
        .map((a) => a.community)
        .sort((a, b) => a.name.localeCompare(b.name)),
    );
  }

  get(id: string): Promise<Community | undefined> {
    return Promise.resolve(this.areas.find((a) => a.community.id === id)?.community);
  }
}

/** Names as regions; in a GeoJSON file a state's or district's name is its id. */
function regions(values: (string | undefined)[]): Region[] {
  return [...new Set(values.filter((v): v is string => v !== undefined))]
    .sort((a, b) => a.localeCompare(b))
    .map((name) => ({ id: name, name }));
}

function same(a: string | undefined, b: string): boolean {
  return a !== undefined && a.localeCompare(b, undefined, { sensitivity: 'base' }) === 0;
}
