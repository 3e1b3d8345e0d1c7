/**
 * The webhook pipeline takes a channel whose webhooks are not JSON (Twilio's are form-encoded and want a
 * TwiML answer): the channel's `parse` reads the proven bytes, its `acknowledgement` is the 200, and what
 * it records runs as a turn like any other channel's (Azurite).
 */
import assert from 'node:assert/strict';
import { z } from 'zod';
import { WebhookPipeline } from '../../../adapters/base/webhookPipeline';
import type { HttpRequest } from '../../../src/core/http';
import { CapturedResponse, rig } from '../../helpers/adapterRig';

/** A response that keeps its headers too. */
class ResponseWithHeaders extends CapturedResponse {
  readonly headers = new Map<string, string>();

  override header(name?: unknown, value?: unknown): this {
    if (typeof name === 'string' && typeof value === 'string') this.headers.set(name, value);
    return this;
  }
}

const formSchema = z.object({ MessageSid: z.string(), From: z.string(), To: z.string(), Body: z.string() });

describe('WebhookPipeline: a channel that is not JSON', () => {
  it('parses a form-encoded body the channel’s way, answers its acknowledgement, and runs the turn', async () => {
    const on = rig();
    const ran: unknown[] = [];
    on.turns.register('sms', async (event) => {
      ran.push(event.payload);
    });
    const line = { number: '+15550001' };
    const pipeline = new WebhookPipeline(
      {
        name: 'sms',
        schema: formSchema,
        parse: (raw) => Object.fromEntries(new URLSearchParams(raw.toString('utf8'))),
        acknowledgement: { contentType: 'text/xml', body: '<Response/>' },
        map: (body) => [
          {
            item: { where: 'message', dedupeKey: body.MessageSid, orderMs: 1_700_000_000_000, ...body },
          },
        ],
        lineFor: (item, _body, accepted: readonly (typeof line)[]) =>
          accepted.find((l) => l.number === item.To),
        notServed: 'number this deployment does not serve; ignored',
        recorded: (item) => ({ channel: 'sms', conversationKey: item.From, payload: { text: item.Body } }),
      },
      on,
    );
    const request: HttpRequest = {
      method: 'POST',
      url: '/webhooks/sms',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      query: {},
      rawBody: Buffer.from('MessageSid=SM1&From=%2B15550002&To=%2B15550001&Body=hello+there'),
    };
    const response = new ResponseWithHeaders();
    await pipeline.process(request, response, () => [line]);
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers.get('content-type'), 'text/xml');
    assert.equal(response.body, '<Response/>');
    await on.inFlight.idle(10_000);
    assert.deepEqual(ran, [{ text: 'hello there' }]);
  });
});
