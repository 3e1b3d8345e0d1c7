/**
 * The OpenAPI 3.1 document of the operator API, derived from the route table: each route's schemas
 * become its parameters, request body and answer (JSON Schema 2020-12, which OpenAPI 3.1 uses as it is).
 */
import { z } from 'zod';
import type { OperatorRoute } from './route';

/** The body of every refusal (`publicErrorBody`), with the fields a 422 names. */
const errorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

type JsonObject = Record<string, unknown>;

export function openApiDocument(routes: readonly OperatorRoute[], version: string): JsonObject {
  const paths: Record<string, JsonObject> = {};
  for (const route of routes) (paths[route.path] ??= {})[route.method.toLowerCase()] = operationOf(route);
  const refusal = (description: string): JsonObject => ({
    description,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  });
  return {
    openapi: '3.1.0',
    info: {
      title: 'bf-community-channels operator API',
      version,
      description: 'Every request carries `Authorization: Bearer <key>`, a key of OPERATOR_API_KEYS.',
    },
    security: [{ operatorKey: [] }],
    paths,
    components: {
      securitySchemes: { operatorKey: { type: 'http', scheme: 'bearer' } },
      schemas: { Error: jsonSchema(errorBody, 'output') },
      responses: {
        Unauthorized: refusal('No key, or not one of OPERATOR_API_KEYS (the same answer either way)'),
        InvalidRequest: refusal('The path, query or body breaks the schema; `fields` names each problem'),
        TooManyRequests: refusal('More requests a minute than the key may make; see Retry-After'),
      },
    },
  };
}

function operationOf(route: OperatorRoute): JsonObject {
  const { params, query, body, response } = route.schemas;
  // Text is a string; other bytes are any content (OpenAPI 3.1 describes binary bodies by their type alone).
  const raw = route.produces.map((type): [string, JsonObject] => [
    type,
    { schema: type.startsWith('text/') ? { type: 'string' } : {} },
  ]);
  const parameters = [...parametersOf(params, 'path'), ...parametersOf(query, 'query')];
  const ref = (name: string): JsonObject => ({ $ref: `#/components/responses/${name}` });
  return {
    operationId: operationIdOf(route),
    summary: route.summary,
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(body === undefined
      ? {}
      : { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(body) } } } }),
    responses: {
      [String(route.status)]: {
        description: route.summary,
        content: {
          ...(response ? { 'application/json': { schema: jsonSchema(response, 'output') } } : {}),
          ...Object.fromEntries(raw),
        },
      },
      '401': ref('Unauthorized'),
      ...(parameters.length > 0 || body !== undefined ? { '422': ref('InvalidRequest') } : {}),
      '429': ref('TooManyRequests'),
    },
  };
}

/** One parameter object per field of an object schema. */
function parametersOf(schema: z.ZodObject, where: 'path' | 'query'): JsonObject[] {
  const described = jsonSchema(schema);
  const properties = z.record(z.string(), z.unknown()).catch({}).parse(described.properties);
  const required = z.array(z.string()).catch([]).parse(described.required);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || required.includes(name),
    schema: property,
  }));
}

/** `getSubmissionsByReference` from `GET /api/v1/submissions/{reference}`. */
function operationIdOf(route: OperatorRoute): string {
  const words = route.path
    .replace(/^\/api\/v1\//, '')
    .split(/[/.]/)
    .filter((w) => w !== '')
    .map((w) => w.replace(/^\{(\w+)\}$/, 'by-$1'))
    .flatMap((w) => w.split(/[-_]/));
  return [route.method.toLowerCase(), ...words.map((w) => w.charAt(0).toUpperCase() + w.slice(1))].join('');
}

/** A schema as JSON Schema 2020-12, without `$schema` (OpenAPI 3.1 names the dialect itself). */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output' = 'input'): JsonObject {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
  });
  return rest;
}
