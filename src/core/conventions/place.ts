/**
 * A shared location as Bot Framework models it: a `Place` entity with `GeoCoordinates`.
 */
import type { Activity, Entity } from 'botbuilder';
import { z } from 'zod';

export interface SharedPlace {
  latitude: number;
  longitude: number;
  name?: string;
  address?: string;
  url?: string;
}

export function placeEntity(place: SharedPlace): Entity {
  return {
    type: 'Place',
    geo: { type: 'GeoCoordinates', latitude: place.latitude, longitude: place.longitude },
    ...(place.name === undefined ? {} : { name: place.name }),
    ...(place.address === undefined ? {} : { address: place.address }),
    ...(place.url === undefined ? {} : { hasMap: place.url }),
  };
}

const placeSchema = z.object({
  type: z.literal('Place'),
  geo: z.object({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) }),
  name: z.string().optional(),
  address: z.string().optional(),
  hasMap: z.string().optional(),
});

/** The first place an activity carries, if any. */
export function placeOf(activity: Partial<Activity>): SharedPlace | undefined {
  for (const entity of activity.entities ?? []) {
    const parsed = placeSchema.safeParse(entity);
    if (parsed.success) {
      const { geo, name, address, hasMap } = parsed.data;
      return { latitude: geo.latitude, longitude: geo.longitude, name, address, url: hasMap };
    }
  }
  return undefined;
}
