/**
 * Two instances of one app serving one WhatsApp number share its send rate: each announces itself in
 * storage and takes half, so together they stay within the configured rate (measured at the fake Graph
 * server); once one stops, the other takes the whole rate.
 */
import assert from 'node:assert/strict';
import type { TurnContext } from 'botbuilder';
import { whatsappTemplateAttachment } from '../../../src/core/conventions/whatsappTemplate';
import { uniquePrefix } from '../../helpers/azurite';
import { waitUntil } from '../../helpers/botProcess';
import { FakeGraph, type RecordedRequest } from '../../helpers/fakeGraph';
import { cloudNumberEnv, startTestApp, type TestApp } from '../../helpers/testApp';

const NUMBER = { phoneNumberId: '106540352242933', token: 'EAAscale-token', appSecret: 'scale-secret' };
const RATE = 10;

/** Sends a template to each of `count` people from `app`, all at once. */
async function sendTemplates(app: TestApp, from: number, count: number): Promise<void> {
  const adapter = app.app.whatsapp;
  assert.ok(adapter);
  await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const reference = adapter.referenceTo({ channel: 'whatsapp', userId: `91980000${from + i}` });
      assert.ok(reference);
      await adapter.continueConversationAsync('', reference, async (context: TurnContext) => {
        await context.sendActivity({
          attachments: [
            whatsappTemplateAttachment({ name: 'community_news', language: 'en', use: 'always' }),
          ],
        });
      });
    }),
  );
}

/** The most messages any window of the sends holds beyond what the rate allows for its length. */
function worstExcess(sends: readonly RecordedRequest[]): number {
  const times = sends.map((r) => r.at).sort((a, b) => a - b);
  let worst = 0;
  for (let i = 0; i < times.length; i += 1)
    for (let j = i; j < times.length; j += 1)
      worst = Math.max(worst, j - i + 1 - (RATE * ((times[j] ?? 0) - (times[i] ?? 0))) / 1000);
  return worst;
}

describe('scale-out: instances of one app share a number’s send rate', function () {
  this.timeout(60_000);
  let graph: FakeGraph;
  const apps: TestApp[] = [];
  before(async () => {
    graph = await FakeGraph.start({ tokens: [NUMBER.token] });
    const env = {
      ...cloudNumberEnv(graph, NUMBER),
      OUTBOUND_MESSAGES_PER_SECOND: String(RATE),
      STORAGE_CONTAINER_PREFIX: uniquePrefix(),
    };
    for (let i = 0; i < 2; i += 1) apps.push(await startTestApp(env, { instances: { everyMs: 200 } }));
  });
  after(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await graph.stop();
  });

  const shared = (app: TestApp, count: number) =>
    app.logs.some((l) => l.line.includes(`instances: ${count} of this app share`));

  it('together stay within the rate, each taking half', async () => {
    assert.ok(await waitUntil(() => apps.every((app) => shared(app, 2)), 5_000), 'both count two');
    const [first, second] = apps;
    assert.ok(first && second);
    const before = graph.sent('whatsapp').length;
    await Promise.all([sendTemplates(first, 0, 30), sendTemplates(second, 100, 30)]);
    const sends = graph.sent('whatsapp').slice(before);
    assert.equal(sends.length, 60);
    // A token bucket of the whole rate allows one second's burst beyond the rate in any window.
    const excess = worstExcess(sends);
    console.log(
      `      60 sends from two instances: at most ${excess.toFixed(1)} beyond ${RATE}/s in any window`,
    );
    // Arrival times at the fake carry a little jitter of the loopback and the event loop: 3 messages of slack.
    // Without sharing, the two would send at twice the rate: some 40 beyond it over these 60 sends.
    assert.ok(excess <= RATE + 3, `${excess.toFixed(1)} messages beyond the rate`);
  });

  it('alone, takes the whole rate', async () => {
    const [first, second] = apps;
    assert.ok(first && second);
    await second.stop();
    apps.pop();
    assert.ok(await waitUntil(() => first.logs.some((l) => l.line.includes('instances: 1 of')), 5_000));
    const before = graph.sent('whatsapp').length;
    const started = Date.now();
    await sendTemplates(first, 200, 30);
    const seconds = (Date.now() - started) / 1000;
    assert.equal(graph.sent('whatsapp').length - before, 30);
    console.log(`      30 sends from the one instance left: ${seconds.toFixed(1)} s`);
    // At half the rate (5/s, a burst of 5) 30 sends take at least 5 s; at the whole rate about 2 s.
    assert.ok(seconds < 4.5, `${seconds.toFixed(1)} s: the whole rate was not taken`);
  });
});
