/**
 * The original system's community-engagement backend at CE_API_URL (seed-system §4–5), as a community
 * directory, as memberships, and as the place submissions are forwarded to. Every answer is validated
 * with zod; people are identified by their number (WhatsApp `wa_id`) or `<channel>:<id>` elsewhere.
 */
import { z } from 'zod';
import type { Community, CommunityDirectory, CommunityMatch, Memberships, Person, Region } from './community';
import type { Point } from './geo';

const summarySchema = z
  .object({
    community_id: z.union([z.string(), z.number()]).transform(String),
    name: z.string(),
    description: z.string().nullish(),
    organization: z.string().nullish(),
  })
  .loose();
const listSchema = z.object({ data: z.array(summarySchema) }).loose();
const regionListSchema = z.object({
  data: z.array(z.object({ id: z.union([z.string(), z.number()]).transform(String), name: z.string() })),
});
const membershipSchema = z
  .object({
    data: z
      .object({
        is_in_community: z.boolean(),
        misc: z
          .object({
            last_accessed_community_id: z.union([z.string(), z.number()]).transform(String).nullish(),
          })
          .loose()
          .nullish(),
      })
      .loose(),
  })
  .loose();
const itemCreatedSchema = z
  .object({ item_id: z.union([z.string(), z.number()]).transform(String).optional() })
  .loose();

export class CeBackendError extends Error {
  constructor(
    readonly endpoint: string,
    readonly status: number | undefined,
    message: string,
  ) {
    super(`CE backend ${endpoint}: ${message}`);
  }
}

export interface CeBackendOptions {
  baseUrl: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export function numberOf(person: Person): string {
  return person.channel === 'whatsapp' ? person.id : `${person.channel}:${person.id}`;
}

export class CeBackend implements CommunityDirectory, Memberships {
  private readonly fetch: typeof fetch;

  constructor(private readonly options: CeBackendOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  async near(point: Point): Promise<CommunityMatch[]> {
    const answer = await this.query('get_communities_by_lat_lon/', {
      latitude: String(point.latitude),
      longitude: String(point.longitude),
    });
    return listSchema.parse(answer).data.map((c) => ({ ...toCommunity(c), distanceKm: 0 }));
  }

  /** The backend lists states only for a known non-member; the list path then offers none. */
  states(): Promise<Region[]> {
    return Promise.resolve([]);
  }

  async districts(stateId: string): Promise<Region[]> {
    return regionListSchema.parse(await this.query('get_districts_with_community/', { state_id: stateId }))
      .data;
  }

  async inDistrict(stateId: string, districtId: string): Promise<Community[]> {
    const answer = await this.query('get_communities_by_location/', {
      state_id: stateId,
      district_id: districtId,
    });
    return listSchema.parse(answer).data.map(toCommunity);
  }

  /** The backend has no lookup by id; names come with memberships. */
  get(): Promise<Community | undefined> {
    return Promise.resolve(undefined);
  }

  async of(person: Person): Promise<Community[]> {
    const number = numberOf(person);
    const membership = await this.post(
      'is_user_in_community/',
      JSON.stringify({ number }),
      'application/json',
      [404],
    );
    const parsed = membershipSchema.safeParse(membership);
    if (!parsed.success || !parsed.data.data.is_in_community) return [];
    const list = listSchema
      .parse(await this.query('get_community_by_user/', { number }))
      .data.map(toCommunity);
    const last = parsed.data.data.misc?.last_accessed_community_id;
    return [...list].sort((a, b) => Number(b.id === last) - Number(a.id === last));
  }

  async join(person: Person, community: Community): Promise<void> {
    const form = new URLSearchParams({ community_id: community.id, number: numberOf(person) });
    await this.post('add_user_to_community/', form.toString(), 'application/x-www-form-urlencoded');
  }

  async use(person: Person, communityId: string): Promise<void> {
    const form = new URLSearchParams({ community_id: communityId, number: numberOf(person) });
    await this.post(
      'update_last_accessed_community/',
      form.toString(),
      'application/x-www-form-urlencoded',
      [404],
    );
  }

  /** `upsert_item/` (multipart); returns the backend's item id. */
  async upsertItem(
    fields: Record<string, string>,
    files: { field: string; name: string; type: string; data: Buffer }[],
  ): Promise<string | undefined> {
    const form = new FormData();
    for (const [key, value] of Object.entries(fields)) form.append(key, value);
    for (const file of files) form.append(file.field, new Blob([file.data], { type: file.type }), file.name);
    const answer = await this.send('upsert_item/', { method: 'POST', body: form });
    return itemCreatedSchema.parse(answer).item_id;
  }

  private query(endpoint: string, query: Record<string, string>): Promise<unknown> {
    return this.send(`${endpoint}?${new URLSearchParams(query).toString()}`, { method: 'GET' });
  }

  private post(
    endpoint: string,
    body: string,
    contentType: string,
    absentStatuses: number[] = [],
  ): Promise<unknown> {
    return this.send(
      endpoint,
      { method: 'POST', body, headers: { 'content-type': contentType } },
      absentStatuses,
    );
  }

  private async send(endpoint: string, init: RequestInit, absentStatuses: number[] = []): Promise<unknown> {
    const url = `${this.options.baseUrl.replace(/\/+$/, '')}/${endpoint}`;
    let response: Response;
    try {
      response = await this.fetch(url, {
        ...init,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      });
    } catch (error) {
      throw new CeBackendError(endpoint, undefined, error instanceof Error ? error.message : String(error));
    }
    if (absentStatuses.includes(response.status)) return undefined;
    if (!response.ok) throw new CeBackendError(endpoint, response.status, `answered ${response.status}`);
    const text = await response.text();
    try {
      return text === '' ? {} : JSON.parse(text);
    } catch {
      throw new CeBackendError(endpoint, response.status, 'answered with a body that is not JSON');
    }
  }
}

function toCommunity(summary: z.infer<typeof summarySchema>): Community {
  return {
    id: summary.community_id,
    name: summary.name,
    ...(summary.description ? { description: summary.description } : {}),
    ...(summary.organization ? { organization: summary.organization } : {}),
  };
}
