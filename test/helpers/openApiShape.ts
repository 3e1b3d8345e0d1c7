/**
 * A check that a document is OpenAPI 3.1 in the parts the operator API uses (info, paths, operations,
 * parameters, request bodies, responses, components), with the rules of the specification a schema of
 * its structure does not catch: every `{parameter}` of a path is declared in the path and required,
 * operation ids are unique, and every `$ref` resolves.
 */
import { z } from 'zod';

const jsonSchema = z.record(z.string(), z.unknown());
const ref = z.strictObject({ $ref: z.string().startsWith('#/') });
const media = z.strictObject({ schema: z.union([ref, jsonSchema]) });
const content = z.record(z.string().regex(/^[\w.+-]+\/[\w.+*-]+$/), media);
const response = z.union([ref, z.strictObject({ description: z.string(), content: content.optional() })]);
const parameter = z.strictObject({
  name: z.string().min(1),
  in: z.enum(['path', 'query', 'header', 'cookie']),
  required: z.boolean().optional(),
  description: z.string().optional(),
  schema: jsonSchema,
});
const operation = z.strictObject({
  operationId: z.string().regex(/^[A-Za-z][\w]*$/),
  summary: z.string().optional(),
  parameters: z.array(parameter).optional(),
  requestBody: z
    .strictObject({ required: z.boolean().optional(), content, description: z.string().optional() })
    .optional(),
  responses: z
    .record(z.string().regex(/^([1-5]\d\d|[1-5]XX|default)$/), response)
    .refine((responses) => Object.keys(responses).length > 0, 'an operation answers something'),
});
const pathItem = z.partialRecord(
  z.enum(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']),
  operation,
);
const document = z.strictObject({
  openapi: z.string().regex(/^3\.1\.\d+$/),
  info: z.strictObject({ title: z.string(), version: z.string(), description: z.string().optional() }),
  security: z.array(z.record(z.string(), z.array(z.string()))).optional(),
  paths: z.record(z.string().startsWith('/'), pathItem),
  components: z
    .strictObject({
      securitySchemes: z.record(
        z.string(),
        z.strictObject({ type: z.literal('http'), scheme: z.string(), description: z.string().optional() }),
      ),
      schemas: z.record(z.string(), jsonSchema).optional(),
      responses: z.record(z.string(), response).optional(),
    })
    .optional(),
});

/** The problems of `value` as an OpenAPI 3.1 document (none when it is one). */
export function openApiProblems(value: unknown): string[] {
  const parsed = document.safeParse(value);
  if (!parsed.success) return parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const [path, item] of Object.entries(parsed.data.paths)) {
    const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    for (const [method, op] of Object.entries(item)) {
      if (ids.has(op.operationId)) problems.push(`${method} ${path}: operationId ${op.operationId} repeats`);
      ids.add(op.operationId);
      const inPath = (op.parameters ?? []).filter((p) => p.in === 'path');
      if (inPath.map((p) => p.name).join() !== templated.join())
        problems.push(`${method} ${path}: path parameters do not match the template`);
      if (inPath.some((p) => p.required !== true))
        problems.push(`${method} ${path}: a path parameter is not required`);
    }
  }
  for (const target of refsIn(value)) {
    if (resolve(value, target) === undefined) problems.push(`${target} does not resolve`);
  }
  return problems;
}

function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    key === '$ref' && typeof inner === 'string' ? [inner] : refsIn(inner),
  );
}

function resolve(root: unknown, pointer: string): unknown {
  return pointer
    .slice(2)
    .split('/')
    .reduce<unknown>(
      (at, part) => (typeof at === 'object' && at !== null ? Reflect.get(at, part) : undefined),
      root,
    );
}
