/**
 * Broadcasts (README, "Operator API", Broadcasts): a WhatsApp template to every member of a community,
 * sent by the instances' broadcast workers (`src/app/broadcasts/broadcastWorker.ts`) through the same
 * path as replies; create (202), progress, cancel. Memberships kept by CE_API_URL cannot be listed here:
 * the routes answer 409 naming why.
 */
import { z } from 'zod';
import { ChannelLayerError } from '../../../core/errors';
import { NotFoundError } from '../../../core/errors';
import {
  BROADCAST_STATES,
  broadcastIdSchema,
  broadcastTemplateSchema,
  newBroadcastId,
} from '../../../domain/broadcasts/broadcastJob';
import { PROACTIVE_CHANNELS } from '../../outbound/proactiveSender';
import { InvalidRequestError } from '../apiErrors';
import type { OperatorServices } from '../operatorServices';
import { defineRoute, type OperatorRoute } from '../route';

/** Broadcasts list a community's members from our storage; CE_API_URL keeps them elsewhere. */
export class BroadcastsUnavailableError extends ChannelLayerError {
  readonly httpStatus = 409; // a 5xx answer would not say why
  readonly reason = 'broadcasts_need_stored_memberships';

  constructor() {
    super('Broadcasts need memberships kept in this service; CE_API_URL keeps them elsewhere');
  }
}

const count = z.number().int().min(0);
const broadcastSchema = z.object({
  id: z.string(),
  community: z.string(),
  template: broadcastTemplateSchema,
  channel: z.string().optional(),
  by: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  state: z.enum(BROADCAST_STATES),
  counts: z.object({
    queued: count,
    sent: count,
    delivered: count,
    read: count,
    failed: count,
    skipped: count,
    unknown: count,
    skippedBecause: z.record(z.string(), count),
    failedBecause: z.record(z.string(), count),
  }),
});

const byId = z.object({ id: broadcastIdSchema });

export function broadcastRoutes(services: OperatorServices): OperatorRoute[] {
  const { store, worker } = services.broadcasts;
  const needMembers = (): void => {
    if (!services.members) throw new BroadcastsUnavailableError();
  };
  const view = async (id: string) => {
    const found = await store.view(id);
    if (!found) throw new NotFoundError('broadcast', id);
    return found;
  };
  return [
    defineRoute({
      method: 'POST',
      path: '/api/v1/broadcasts',
      summary:
        "Sends a WhatsApp template to every member of a community (202: progress at the broadcast's id)",
      body: z.object({
        community: z.string().min(1).max(200),
        template: broadcastTemplateSchema,
        channel: z.enum(PROACTIVE_CHANNELS).optional(),
      }),
      response: broadcastSchema,
      status: 202,
      audit: { action: 'broadcast.create', target: (_input, answer) => answer.id },
      handle: async ({ body, operator }) => {
        needMembers();
        if (!(await services.journeys.directory.get(body.community)))
          throw new InvalidRequestError([{ path: 'community', message: 'no community has this id' }]);
        const id = newBroadcastId();
        await store.create({ id, ...body, by: operator.name, createdAt: new Date().toISOString() });
        worker.poll();
        return view(id);
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/broadcasts/{id}',
      summary: 'The progress of a broadcast: its state and counts',
      params: byId,
      response: broadcastSchema,
      handle: ({ params }) => view(params.id),
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/broadcasts/{id}/cancel',
      summary: 'Cancels a broadcast; its worker stops after the send in flight (again: the same answer)',
      params: byId,
      response: broadcastSchema,
      audit: { action: 'broadcast.cancel', target: ({ params }) => params.id },
      handle: async ({ params }) => {
        const before = await view(params.id);
        if (before.state === 'done' || before.state === 'cancelled') return before;
        await store.cancel(params.id, new Date());
        await worker.cancelled(params.id);
        return view(params.id);
      },
    }),
  ];
}
