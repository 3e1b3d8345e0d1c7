/** A route declaration is refused at start when it could not be served as declared. */
import assert from 'node:assert/strict';
import { z } from 'zod';
import { defineRoute } from '../../../../src/app/operatorApi/route';
import type { HttpRequest } from '../../../../src/core/http';
import { RawAnswer } from '../../../../src/core/rawAnswer';

const REQUEST: HttpRequest = { method: 'GET', url: '/', headers: {}, query: {}, rawBody: Buffer.alloc(0) };

const thing = { summary: 'A thing', response: z.object({}), handle: () => Promise.resolve({}) };

describe('defineRoute', () => {
  it('refuses a route that changes something without an audit action', () => {
    assert.throws(
      () => defineRoute({ ...thing, method: 'POST', path: '/api/v1/things' }),
      /POST \/api\/v1\/things changes something: declare its audit action/,
    );
  });

  it('refuses a route that declares neither a response schema nor what it produces', () => {
    const { response: _response, ...withoutResponse } = thing;
    assert.throws(
      () => defineRoute({ ...withoutResponse, method: 'GET', path: '/api/v1/things' }),
      /GET \/api\/v1\/things answers nothing/,
    );
  });

  it('refuses a route that changes something and answers a file: its audit target names a JSON answer', () => {
    const audit = { action: 'thing.export', target: () => 'all' };
    assert.throws(
      () => defineRoute({ ...thing, method: 'POST', path: '/api/v1/exports', produces: ['text/csv'], audit }),
      /POST \/api\/v1\/exports changes something: it answers JSON only/,
    );
  });

  it('gives a raw answer as it is, and refuses JSON from a route that declares only raw answers', async () => {
    const raw = new RawAnswer('text/csv', 'a,b\r\n');
    const input = { params: {}, query: {}, body: undefined, operator: { name: 'test' }, request: REQUEST };
    const csv = defineRoute({
      ...thing,
      method: 'GET',
      path: '/api/v1/things.csv',
      handle: () => Promise.resolve(raw),
    });
    assert.equal((await csv.run(input)).body, raw);
    const { response: _response, ...withoutResponse } = thing;
    const file = defineRoute({
      ...withoutResponse,
      method: 'GET',
      path: '/api/v1/file',
      produces: ['image/*'],
    });
    await assert.rejects(
      file.run(input),
      /GET \/api\/v1\/file answered JSON, but declares no response schema/,
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
