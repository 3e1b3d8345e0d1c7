/**
 * The OpenAPI Initiative's own JSON Schema of OpenAPI 3.x, applied by `@seriousme/openapi-schema-validator`
 * (Ajv, draft 2020-12): a document it accepts is OpenAPI 3 by the specification's schema, not only by our
 * reading of it (`openApiShape.ts` adds the rules a schema cannot say).
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import { z } from 'zod';

/** What the official schema finds wrong with `document` (empty when it is valid OpenAPI 3). */
export async function officialOpenApiErrors(document: unknown): Promise<string[]> {
  const parsed = z.record(z.string(), z.unknown()).safeParse(document);
  if (!parsed.success) return ['the document is not a JSON object'];
  const result = await new Validator().validate(parsed.data);
  if (result.valid) return [];
  const errors = result.errors ?? 'invalid, without a reason';
  return typeof errors === 'string'
    ? [errors]
    : errors.map((e) => `${e.instancePath || '/'}: ${e.message ?? e.keyword}`);
}
