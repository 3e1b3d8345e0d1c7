/**
 * A communities file (COMMUNITIES_FILE, DESIGN §6): a GeoJSON FeatureCollection of Polygon or MultiPolygon
 * areas, or Points with `properties.radius_km`; `properties.id`, `name`, optional `description`,
 * `organization`, `state`, `district`. Positions are [longitude, latitude].
 *
 * Refused, naming the feature by index, id and name: a feature that breaks the schema, a ring that is not
 * closed, a position outside ±180 / ±90 (a latitude of 93 is a longitude given first), a repeated id, and
 * a file with no communities. Warned about (the file may be right): a community whose centre lies more
 * than 1000 km from the median centre of the others, as [latitude, longitude] positions would put it.
 */
import { z } from 'zod';
import { jsonPath, readJsonFile, type ReadText } from '../../core/configFile';
import { ConfigError } from '../../core/errors';
import { haversineKm, ringCenter, type Point } from './geo';

const position = z.tuple([z.number(), z.number()]).rest(z.number());
const ring = z.array(position).min(4, 'a ring needs at least 4 positions, the last repeating the first');
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
const collection = z.object({ type: z.literal('FeatureCollection'), features: z.array(z.unknown()) });
/** Just enough of a feature to name it in a message. */
const naming = z.object({
  properties: z.object({ id: z.union([z.string(), z.number()]).optional(), name: z.string().optional() }),
});

export type CommunityFeature = z.infer<typeof feature>;
export type CommunityGeometry = CommunityFeature['geometry'];

export interface CommunitiesFile {
  features: CommunityFeature[];
  /** Things that look wrong but may be right, each naming its feature; for the start banner. */
  warnings: string[];
}

/** A community farther than this from the median centre of the others is warned about. */
export const OUTLIER_KM = 1000;
const MAX_PROBLEMS = 20;

/** Reads and checks a communities file; throws a `ConfigError` listing what is wrong. */
export function readCommunitiesFile(
  path: string,
  variable = 'COMMUNITIES_FILE',
  readText?: ReadText,
): CommunitiesFile {
  return checkCommunities(readJsonFile(variable, path, readText), variable);
}

export function checkCommunities(raw: unknown, variable = 'COMMUNITIES_FILE'): CommunitiesFile {
  const top = collection.safeParse(raw);
  if (!top.success) {
    throw new ConfigError(
      top.error.issues.map((i) => `${variable} ${jsonPath(i.path) || '(top level)'}: ${i.message}`),
    );
  }
  if (top.data.features.length === 0) throw new ConfigError([`${variable} holds no communities`]);
  const problems: string[] = [];
  const features: CommunityFeature[] = [];
  const labels: string[] = [];
  const firstWithId = new Map<string, number>();
  top.data.features.forEach((rawFeature, index) => {
    const label = `${variable} features[${index}]${nameOf(rawFeature)}`;
    const parsed = feature.safeParse(rawFeature);
    if (!parsed.success) {
      problems.push(
        ...parsed.error.issues.map(
          (i) => `${label}${i.path.length > 0 ? ` ${jsonPath(i.path)}` : ''}: ${i.message}`,
        ),
      );
      return;
    }
    problems.push(...geometryProblems(parsed.data.geometry).map((p) => `${label}: ${p}`));
    const earlier = firstWithId.get(parsed.data.properties.id);
    if (earlier !== undefined) problems.push(`${label}: its id is also the id of features[${earlier}]`);
    else firstWithId.set(parsed.data.properties.id, index);
    features.push(parsed.data);
    labels.push(label);
  });
  if (problems.length > 0) {
    const more = problems.length - MAX_PROBLEMS;
    throw new ConfigError([
      ...problems.slice(0, MAX_PROBLEMS),
      ...(more > 0 ? [`${variable}: ${more} more problem(s) not shown`] : []),
    ]);
  }
  return {
    features,
    warnings: outliers(
      features.map((f) => centreOf(f.geometry)),
      labels,
    ),
  };
}

/** The point a community is placed at: a Point's position, or the centre of its first outer ring. */
export function centreOf(shape: CommunityGeometry): Point {
  if (shape.type === 'Point') {
    const [longitude, latitude] = shape.coordinates;
    return { longitude, latitude };
  }
  const polygons = shape.type === 'Polygon' ? [shape.coordinates] : shape.coordinates;
  return ringCenter(polygons[0]?.[0] ?? []);
}

/** Positions out of range (the first one found) and rings that are not closed. */
function geometryProblems(shape: CommunityGeometry): string[] {
  const problems: string[] = [];
  const rings =
    shape.type === 'Point'
      ? []
      : shape.type === 'Polygon'
        ? shape.coordinates.map((r, i) => ({ ring: r, where: `geometry.coordinates[${i}]` }))
        : shape.coordinates.flatMap((polygon, p) =>
            polygon.map((r, i) => ({ ring: r, where: `geometry.coordinates[${p}][${i}]` })),
          );
  const positions =
    shape.type === 'Point'
      ? [{ at: shape.coordinates, where: 'geometry.coordinates' }]
      : rings.flatMap(({ ring: r, where }) => r.map((at, i) => ({ at, where: `${where}[${i}]` })));
  for (const { at, where } of positions) {
    const [longitude, latitude] = at;
    if (Math.abs(latitude) > 90) {
      const swapped = Math.abs(longitude) <= 90 && Math.abs(latitude) <= 180;
      problems.push(
        `${where}: latitude ${round(latitude)} is outside ±90; GeoJSON positions are [longitude, latitude]` +
          (swapped ? ', and this one reads as [latitude, longitude]' : ''),
      );
      break;
    }
    if (Math.abs(longitude) > 180) {
      problems.push(`${where}: longitude ${round(longitude)} is outside ±180`);
      break;
    }
  }
  for (const { ring: r, where } of rings) {
    const first = r[0];
    const last = r[r.length - 1];
    if (first && last && (first.length !== last.length || first.some((v, i) => v !== last[i]))) {
      problems.push(`ring ${where} is not closed: its last position must repeat its first`);
    }
  }
  return problems;
}

/** Warnings for communities far from the median centre of all the others (three or more). */
function outliers(centres: Point[], labels: string[]): string[] {
  if (centres.length < 3) return [];
  return centres.flatMap((centre, i) => {
    const others = centres.filter((_, j) => j !== i);
    const middle = {
      latitude: median(others.map((c) => c.latitude)),
      longitude: median(others.map((c) => c.longitude)),
    };
    const km = haversineKm(centre, middle);
    if (km <= OUTLIER_KM) return [];
    return [
      `${labels[i] ?? `features[${i}]`}: its centre [${round(centre.longitude)}, ${round(centre.latitude)}] is ` +
        `${Math.round(km)} km from the median centre of the others [${round(middle.longitude)}, ` +
        `${round(middle.latitude)}]; if its positions are [latitude, longitude], swap them`,
    ];
  });
}

function nameOf(rawFeature: unknown): string {
  const parsed = naming.safeParse(rawFeature);
  if (!parsed.success) return '';
  const { id, name } = parsed.data.properties;
  const parts = [
    ...(id === undefined ? [] : [`id ${String(id).slice(0, 60)}`]),
    ...(name === undefined ? [] : [JSON.stringify(name.slice(0, 60))]),
  ];
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function round(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}
