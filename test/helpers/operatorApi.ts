/** Calling the operator API in tests: keys of the right length, requests with or without one, a test-only route. */
import { z } from 'zod';
import { defineRoute } from '../../src/app/operatorApi/route';

/** A key of OPERATOR_API_KEYS's minimum length or more, different for each `seed`. */
export function operatorKey(seed: string): string {
  return `${seed}-${'k'.repeat(40)}`;
}

/** A request to the API, with `Authorization: Bearer <key>` when a key is given. */
export function callApi(
  url: string,
  path: string,
  options: { key?: string; method?: string; body?: string } = {},
): Promise<Response> {
  return fetch(`${url}${path}`, {
    method: options.method ?? 'GET',
    headers: {
      ...(options.key === undefined ? {} : { authorization: `Bearer ${options.key}` }),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: options.body,
  });
}

/** A route that changes something, registered through the same table as the real ones (tests only). */
export const NOTE_ROUTE = defineRoute({
  method: 'PATCH',
  path: '/api/v1/test-notes/{reference}',
  summary: 'Sets the status of a test note (tests only)',
  params: z.object({ reference: z.string().regex(/^TN-\d+$/) }),
  body: z.object({
    status: z.enum(['open', 'closed']),
    note: z.string().max(200).optional(),
  }),
  response: z.object({ reference: z.string(), status: z.string() }),
  audit: { action: 'test-note.status', target: ({ params }) => params.reference },
  handle: ({ params, body }) => Promise.resolve({ reference: params.reference, status: body.status }),
});

/** The app's variables for one named operator key, with a rate cap no test reaches. */
export function operatorEnv(name: string, key: string): Record<string, string> {
  return { OPERATOR_API_KEYS: `${name}:${key}`, OPERATOR_API_REQUESTS_PER_MINUTE: '1000' };
}
