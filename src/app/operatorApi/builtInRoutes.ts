/**
 * The routes every deployment serves. Domain routes (submissions, messages, broadcasts, ...) join this
 * table the same way: one `defineRoute` each.
 */
import { z } from 'zod';
import { openApiDocument } from './openApi';
import { defineRoute, type OperatorRoute } from './route';

/** The version of the API's document; the path's `v1` changes only when a route stops being compatible. */
export const API_VERSION = '1.0.0';

/** The built-in routes; `table` is the whole table, for the document that describes it. */
export function builtInRoutes(table: () => readonly OperatorRoute[]): OperatorRoute[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/openapi.json',
      summary: 'This API as an OpenAPI 3.1 document',
      response: z.record(z.string(), z.unknown()),
      handle: () => Promise.resolve(openApiDocument(table(), API_VERSION)),
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/whoami',
      summary: 'The name of the key the request carries (as the audit trail records it)',
      response: z.object({ name: z.string() }),
      handle: ({ operator }) => Promise.resolve({ name: operator.name }),
    }),
  ];
}
