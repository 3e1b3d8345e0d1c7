/** The official OpenAPI schema check can fail: it refuses what is not OpenAPI 3 and accepts what is. */
import assert from 'node:assert/strict';
import { officialOpenApiErrors } from './officialOpenApi';

const minimal = {
  openapi: '3.1.0',
  info: { title: 'x', version: '1' },
  paths: { '/a': { get: { responses: { '200': { description: 'ok' } } } } },
};

describe('the official OpenAPI schema check', () => {
  it('accepts a minimal OpenAPI 3.1 document', async () => {
    assert.deepEqual(await officialOpenApiErrors(minimal), []);
  });

  it('refuses a document without info, an operation without responses, and a path parameter in the query place', async () => {
    const { info: _info, ...withoutInfo } = minimal;
    assert.notDeepEqual(await officialOpenApiErrors(withoutInfo), []);
    assert.notDeepEqual(
      await officialOpenApiErrors({ ...minimal, paths: { '/a': { get: { responses: 3 } } } }),
      [],
    );
    const badParameter = { name: 'x', in: 'body', schema: { type: 'string' } };
    assert.notDeepEqual(
      await officialOpenApiErrors({
        ...minimal,
        paths: { '/a': { get: { parameters: [badParameter], responses: { '200': { description: 'ok' } } } } },
      }),
      [],
    );
    assert.deepEqual(await officialOpenApiErrors('not json'), ['the document is not a JSON object']);
  });
});
