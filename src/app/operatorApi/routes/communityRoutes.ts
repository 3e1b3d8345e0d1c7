/**
 * `GET /api/v1/communities`: every community the bot offers (id, name, state, district), sorted by name,
 * with how many members each has when memberships are kept here: what a console needs to filter
 * submissions by community and to address a broadcast.
 */
import { z } from 'zod';
import type { OperatorServices } from '../operatorServices';
import { defineRoute, type OperatorRoute } from '../route';

const communitySchema = z.object({
  id: z.string(),
  name: z.string(),
  state: z.string().optional(),
  district: z.string().optional(),
});

export function communityRoutes({ journeys }: Pick<OperatorServices, 'journeys'>): OperatorRoute[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/communities',
      summary: 'Every community the bot offers, sorted by name',
      response: z.object({ items: z.array(communitySchema) }),
      handle: async () => {
        const { directory } = journeys;
        const items: z.input<typeof communitySchema>[] = [];
        for (const state of await directory.states())
          for (const district of await directory.districts(state.id))
            for (const community of await directory.inDistrict(state.id, district.id))
              items.push({
                id: community.id,
                name: community.name,
                state: state.name,
                district: district.name,
              });
        const unique = [...new Map(items.map((item) => [item.id, item])).values()];
        return { items: unique.sort((a, b) => a.name.localeCompare(b.name)) };
      },
    }),
  ];
}
