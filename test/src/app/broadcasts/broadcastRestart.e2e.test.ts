/**
 * A broadcast to 200 members survives a SIGKILL half-way: the app runs as a process (`dist/src/main.js`)
 * on the shared Azurite and a fake Graph server at 20 messages a second; it is killed while the Graph
 * server holds the answer to the 100th template (the call arrived, so that member received it), and a
 * new process takes the broadcast over once the dead one's lease has passed. Every member receives the
 * template exactly once, the member whose send was cut is counted `unknown` (never sent again), and a
 * person who writes meanwhile gets their reply before the broadcast's remaining sends.
 */
import assert from 'node:assert/strict';
import { z } from 'zod';
import { loadConfig } from '../../../../src/app/config';
import { openStorage } from '../../../../src/app/openStorage';
import { StoredMemberships } from '../../../../src/domain/communities/storedMemberships';
import { sharedAzurite, uniquePrefix } from '../../../helpers/azurite';
import { startBotProcess, waitUntil, type BotProcess } from '../../../helpers/botProcess';
import { FakeGraph, messageSends, type RecordedRequest } from '../../../helpers/fakeGraph';
import { signedHeaders } from '../../../helpers/metaSignature';
import { callApi, operatorKey } from '../../../helpers/operatorApi';
import { cloudNumberEnv } from '../../../helpers/testApp';
import { text, webhook } from '../../../helpers/whatsappWebhooks';

const KEY = operatorKey('restart');
const NUMBER = { phoneNumberId: '1098765432199', token: 'restart-token', appSecret: 'restart-secret' };
const COMMUNITY = 'raj-udr-jhadol';
const MEMBERS = 200;
const KILLED_AT = 100;
const WRITER = '919300000001';

const progressSchema = z.object({
  state: z.string(),
  counts: z.object({ queued: z.number(), sent: z.number(), unknown: z.number(), skipped: z.number() }),
});

const isTemplate = (body: unknown): boolean => Object(body).type === 'template';
const recipientOf = (request: RecordedRequest): string => String(Object(request.body).to);

describe('a broadcast killed half-way', function () {
  this.timeout(60_000);
  let graph: FakeGraph;
  const processes: BotProcess[] = [];
  afterEach(async () => {
    for (const bot of processes.splice(0)) if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
    await graph.stop();
  });

  it('sends each of 200 members the template exactly once across a SIGKILL, and replies still go first', async () => {
    graph = await FakeGraph.start({ tokens: [NUMBER.token] });
    const env = {
      AZURE_STORAGE_CONNECTION_STRING: sharedAzurite().connectionString,
      STORAGE_CONTAINER_PREFIX: uniquePrefix(),
      ...cloudNumberEnv(graph, NUMBER),
      OUTBOUND_MESSAGES_PER_SECOND: '20',
      OPERATOR_API_KEYS: `ops:${KEY}`,
      BROADCAST_LEASE_SECONDS: '2',
    };
    const storage = await openStorage(loadConfig(env));
    const memberships = new StoredMemberships(storage.stateDocuments);
    const members = Array.from({ length: MEMBERS }, (_, i) => `9194${String(i).padStart(8, '0')}`);
    for (let i = 0; i < MEMBERS; i += 50)
      await Promise.all(
        members
          .slice(i, i + 50)
          .map((id) => memberships.join({ channel: 'whatsapp', id }, { id: COMMUNITY, name: COMMUNITY })),
      );
    await storage.close();

    const templates = (): RecordedRequest[] => graph.requests.filter((r) => isTemplate(r.body));
    let seen = 0;
    // The 100th template is taken (the member receives it) but never answered: the process dies waiting.
    graph.answerSlowly({ delayMs: 600_000, when: (body) => isTemplate(body) && ++seen === KILLED_AT });

    const first = await startBotProcess(process.execPath, ['dist/src/main.js'], env);
    processes.push(first);
    const created = await callApi(first.url, '/api/v1/broadcasts', {
      key: KEY,
      method: 'POST',
      body: JSON.stringify({ community: COMMUNITY, template: { name: 'village_meeting', language: 'hi' } }),
    });
    assert.equal(created.status, 202, await created.clone().text());
    const { id } = z.object({ id: z.string() }).parse(await created.json());
    assert.ok(await waitUntil(() => templates().length >= KILLED_AT, 30_000), 'the first process sent 100');
    first.child.kill('SIGKILL');
    await first.exited;
    assert.equal(templates().length, KILLED_AT, 'nothing after the held call');

    const second = await startBotProcess(process.execPath, ['dist/src/main.js'], env);
    processes.push(second);
    assert.ok(await waitUntil(() => templates().length >= KILLED_AT + 20, 30_000), 'the second took over');
    const raw = Buffer.from(
      JSON.stringify(webhook(NUMBER.phoneNumberId, { waId: WRITER }, [text({ waId: WRITER }, 'hi')])),
    );
    const answered = await fetch(`${second.url}/webhooks/whatsapp`, {
      method: 'POST',
      headers: signedHeaders(raw, NUMBER.appSecret),
      body: raw,
    });
    assert.equal(answered.status, 200);
    const templatesBefore = templates().length;
    const isReply = (r: RecordedRequest): boolean => messageSends(r.body) && recipientOf(r) === WRITER;
    assert.ok(await waitUntil(() => graph.requests.some(isReply), 20_000), 'the writer got a reply');

    let progress: z.infer<typeof progressSchema> | undefined;
    const done = await waitUntil(async () => {
      const response = await callApi(second.url, `/api/v1/broadcasts/${id}`, { key: KEY });
      progress = progressSchema.parse(await response.json());
      return progress.state === 'done';
    }, 30_000);
    assert.ok(done, `the broadcast ended: ${JSON.stringify(progress)}`);

    const perMember = new Map<string, number>();
    for (const request of templates())
      perMember.set(recipientOf(request), (perMember.get(recipientOf(request)) ?? 0) + 1);
    assert.deepEqual(
      members.filter((m) => perMember.get(m) !== 1),
      [],
      'every member received the template exactly once',
    );
    assert.equal(perMember.size, MEMBERS);
    assert.deepEqual(progress?.counts, { queued: 0, sent: MEMBERS - 1, unknown: 1, skipped: 0 });

    const order = graph.requests.filter((r) => isTemplate(r.body) || isReply(r));
    const replyAt = order.findIndex(isReply);
    const templatesBetween = replyAt - templatesBefore;
    const templatesAfter = order.slice(replyAt).filter((r) => isTemplate(r.body)).length;
    // About 80 sends remained when the webhook was answered: the reply waited for the person's turn (a
    // few sends' time at 20 a second, more on a loaded machine), not behind the rest of the broadcast.
    assert.ok(
      templatesBetween <= 30 && templatesAfter >= 40,
      `the reply went before the broadcast's remaining sends (${templatesBetween} templates between the webhook's answer and the reply, ${templatesAfter} after it)`,
    );
    second.child.kill('SIGTERM');
    await second.exited;
  });
});
