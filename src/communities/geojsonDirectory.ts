/**
 * Communities from a GeoJSON FeatureCollection (COMMUNITIES_FILE, DESIGN §6): Polygon or MultiPolygon
 * areas, or Points with `properties.radius_km`; `properties.id`, `name`, optional `description`,
 * `organization`, `state`, `district`. Validated with zod when loaded; every problem names its feature.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from '../errors';
import type { Community, CommunityDirectory, CommunityMatch, Region } from './community';
import { distanceToPolygonKm, haversineKm, ringCenter, type Point, type PolygonCoordinates } from './geo';

const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]).rest(z.number());
const ring = z.array(position).min(4);
const geometry = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1) }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring).min(1)).min(1) }),
  z.object({ type: z.literal('Point'), coordinates: position }),
]);
const properties = z.object({
  id: z.union([z.string().min(1), z.number()]).transform(String),
  name: z.string().trim().min(1),
  description: z.string().optional(),
  organization: z.string().optional(),
  state: z.string().trim().min(1).optional(),
  district: z.string().trim().min(1).optional(),
  radius_km: z.number().positive().optional(),
});
const feature = z
  .object({ type: z.literal('Feature'), geometry, properties })
  .refine((f) => f.geometry.type !== 'Point' || f.properties.radius_km !== undefined, {
    message: 'a Point community needs properties.radius_km',
  });
export const communitiesFileSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(feature),
});

interface Area {
  community: Community;
  polygons: PolygonCoordinates[];
  center: Point;
  radiusKm: number | undefined;
}

export class GeoJsonDirectory implements CommunityDirectory {
  private readonly areas: Area[];

  constructor(collection: z.infer<typeof communitiesFileSchema>) {
    this.areas = collection.features.map(({ geometry: g, properties: p }) => {
      const community: Community = {
        id: p.id,
        name: p.name,
        ...(p.description === undefined ? {} : { description: p.description }),
        ...(p.organization === undefined ? {} : { organization: p.organization }),
        ...(p.state === undefined ? {} : { state: p.state }),
        ...(p.district === undefined ? {} : { district: p.district }),
      };
      if (g.type === 'Point') {
        const [longitude, latitude] = g.coordinates;
        const center = { longitude, latitude };
        return { community: { ...community, center }, polygons: [], center, radiusKm: p.radius_km };
      }
      const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
      const center = ringCenter(polygons[0]?.[0] ?? []);
      return { community: { ...community, center }, polygons, center, radiusKm: undefined };
    });
    const ids = this.areas.map((a) => a.community.id);
    const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
    if (repeated !== undefined)
      throw new ConfigError([`COMMUNITIES_FILE lists community id ${repeated} more than once`]);
  }

  static fromFile(path: string): GeoJsonDirectory {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new ConfigError([
        `COMMUNITIES_FILE is not readable JSON (${error instanceof Error ? error.name : 'error'})`,
      ]);
    }
    const parsed = communitiesFileSchema.safeParse(raw);
    if (!parsed.success) {
      throw new ConfigError(
        parsed.error.issues.slice(0, 20).map((i) => `COMMUNITIES_FILE ${i.path.join('.')}: ${i.message}`),
      );
    }
    return new GeoJsonDirectory(parsed.data);
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
