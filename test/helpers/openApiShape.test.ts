/** The OpenAPI check can fail: documents that break OpenAPI 3.1 are refused, naming what is wrong. */
import assert from 'node:assert/strict';
import { openApiProblems } from './openApiShape';

const whoami = {
  operationId: 'getWhoami',
  responses: { '200': { description: 'the name' } },
};
const valid = { openapi: '3.1.0', info: { title: 't', version: '1' }, paths: { '/whoami': { get: whoami } } };

describe('openApiProblems', () => {
  it('accepts a minimal document', () => {
    assert.deepEqual(openApiProblems(valid), []);
  });

  it('refuses a wrong version, an operation without responses, an undeclared path parameter, a dangling $ref', () => {
    assert.match(openApiProblems({ ...valid, openapi: '3.0.3' }).join(), /openapi/);
    assert.match(
      openApiProblems({ ...valid, paths: { '/whoami': { get: { ...whoami, responses: {} } } } }).join(),
      /answers something/,
    );
    assert.match(
      openApiProblems({ ...valid, paths: { '/things/{id}': { get: whoami } } }).join(),
      /path parameters do not match/,
    );
    const dangling = { ...whoami, responses: { '401': { $ref: '#/components/responses/Nope' } } };
    assert.match(
      openApiProblems({ ...valid, paths: { '/x': { get: dangling } } }).join(),
      /does not resolve/,
    );
  });
});
