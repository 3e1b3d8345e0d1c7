/**
 * Communities and the two services dialogs need: a directory (find communities near a point or by
 * state and district) and memberships (who belongs where, and which community they used last).
 * Two implementations: the GeoJSON file of COMMUNITIES_FILE with memberships in our storage, and the
 * original system's backend at CE_API_URL.
 */
import { z } from 'zod';
import type { Point } from './geo';

/** A community as kept in dialog state and memberships. */
export const communitySchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().optional(),
  organization: z.string().optional(),
  state: z.string().optional(),
  district: z.string().optional(),
  center: z.object({ latitude: z.number(), longitude: z.number() }).optional(),
});

export interface Community {
  id: string;
  name: string;
  description?: string;
  organization?: string;
  state?: string;
  district?: string;
  /** A representative point of the community's area (for "same as my community"). */
  center?: Point;
}

export interface CommunityMatch extends Community {
  /** 0 when the point is inside the community's area. */
  distanceKm: number;
}

/** A state or district of the list path, for people who cannot share a location. */
export interface Region {
  id: string;
  name: string;
}

export interface CommunityDirectory {
  /** Communities whose area holds the point (or within their radius), nearest first. */
  near(point: Point): Promise<CommunityMatch[]>;
  /** States that have communities. */
  states(): Promise<Region[]>;
  /** Districts of a state that have communities. */
  districts(stateId: string): Promise<Region[]>;
  inDistrict(stateId: string, districtId: string): Promise<Community[]>;
  get(id: string): Promise<Community | undefined>;
}

/** A person, as the services know them: their channel and id on it. */
export interface Person {
  channel: string;
  id: string;
}

export interface Memberships {
  /** The person's communities, the last used first. */
  of(person: Person): Promise<Community[]>;
  join(person: Person, community: Community): Promise<void>;
  /** Remembers the community the person chose to continue with. */
  use(person: Person, communityId: string): Promise<void>;
}
