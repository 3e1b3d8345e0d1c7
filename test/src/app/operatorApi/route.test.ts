/** A route declaration is refused at start when it could not be served as declared. */
import assert from 'node:assert/strict';
import { z } from 'zod';
import { defineRoute } from '../../../../src/app/operatorApi/route';

const thing = { summary: 'A thing', response: z.object({}), handle: () => Promise.resolve({}) };

describe('defineRoute', () => {
  it('refuses a route that changes something without an audit action', () => {
    assert.throws(
      () => defineRoute({ ...thing, method: 'POST', path: '/api/v1/things' }),
      /POST \/api\/v1\/things changes something: declare its audit action/,
    );
  });

  it('refuses a path whose {parameters} its params schema does not name', () => {
    const params = z.object({ reference: z.string() });
    assert.throws(
      () => defineRoute({ ...thing, method: 'GET', path: '/api/v1/things/{id}', params }),
      /must name the same fields/,
    );
  });
});
