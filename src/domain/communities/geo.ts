/**
 * Plane geometry on longitude/latitude, enough to place a person in a community's area: point in
 * polygon (with holes), great-circle distance, and distance from a point to a polygon's edge.
 */

export type Position = readonly [longitude: number, latitude: number, ...rest: number[]];
export type Ring = readonly Position[];
export type PolygonCoordinates = readonly Ring[];

export interface Point {
  latitude: number;
  longitude: number;
}

const EARTH_RADIUS_KM = 6371.0088;

export function haversineKm(a: Point, b: Point): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Ray casting; points on an edge count as inside. */
export function pointInRing(point: Point, ring: Ring): boolean {
  let inside = false;
  const x = point.longitude;
  const y = point.latitude;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
    const [xi, yi] = ring[i] ?? [0, 0];
    const [xj, yj] = ring[j] ?? [0, 0];
    if (onSegment(x, y, xi, yi, xj, yj)) return true;
    const crosses = yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi;
    if (crosses) inside = !inside;
  }
  return inside;
}

/** Inside the outer ring and outside every hole. */
export function pointInPolygon(point: Point, polygon: PolygonCoordinates): boolean {
  const [outer, ...holes] = polygon;
  if (!outer || !pointInRing(point, outer)) return false;
  return !holes.some((hole) => pointInRing(point, hole) && !onRingEdge(point, hole));
}

/** 0 inside; otherwise the distance in km to the nearest point of the outer ring (approximate, fine at village scale). */
export function distanceToPolygonKm(point: Point, polygon: PolygonCoordinates): number {
  if (pointInPolygon(point, polygon)) return 0;
  const outer = polygon[0] ?? [];
  let best = Infinity;
  for (let i = 0; i + 1 < outer.length; i += 1) {
    const a = outer[i];
    const b = outer[i + 1];
    if (a && b) best = Math.min(best, haversineKm(point, nearestOnSegment(point, a, b)));
  }
  return best;
}

/** The average of a ring's vertices (the closing vertex counted once). */
export function ringCenter(ring: Ring): Point {
  const vertices = ring.length > 1 ? ring.slice(0, -1) : ring;
  const sum = vertices.reduce(
    (acc, [lon, lat]) => ({ longitude: acc.longitude + lon, latitude: acc.latitude + lat }),
    {
      longitude: 0,
      latitude: 0,
    },
  );
  return {
    longitude: sum.longitude / Math.max(1, vertices.length),
    latitude: sum.latitude / Math.max(1, vertices.length),
  };
}

function nearestOnSegment(p: Point, a: Position, b: Position): Point {
  const [ax, ay] = a;
  const [bx, by] = b;
  const dx = bx - ax;
  const dy = by - ay;
  const length2 = dx * dx + dy * dy;
  const t =
    length2 === 0
      ? 0
      : Math.max(0, Math.min(1, ((p.longitude - ax) * dx + (p.latitude - ay) * dy) / length2));
  return { longitude: ax + t * dx, latitude: ay + t * dy };
}

function onSegment(x: number, y: number, xi: number, yi: number, xj: number, yj: number): boolean {
  const cross = (x - xi) * (yj - yi) - (y - yi) * (xj - xi);
  if (Math.abs(cross) > 1e-12) return false;
  return (
    Math.min(xi, xj) - 1e-12 <= x &&
    x <= Math.max(xi, xj) + 1e-12 &&
    Math.min(yi, yj) - 1e-12 <= y &&
    y <= Math.max(yi, yj) + 1e-12
  );
}

function onRingEdge(point: Point, ring: Ring): boolean {
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
    const [xi, yi] = ring[i] ?? [0, 0];
    const [xj, yj] = ring[j] ?? [0, 0];
    if (onSegment(point.longitude, point.latitude, xi, yi, xj, yj)) return true;
  }
  return false;
}
