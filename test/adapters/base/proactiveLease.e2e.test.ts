/**
 * A proactive turn (`continueConversationAsync`) takes its conversation's lease, the one recorded turns run
 * under, so it never overlaps another turn of that conversation in any instance: while another holder has
 * the lease it waits, and runs once the lease is free, or gives up after its wait with a typed error.
 */
import assert from 'node:assert/strict';
import type { ConversationReference } from 'botbuilder';
import { ConversationBusyError } from '../../../src/core/errors';
import { ConversationLease } from '../../../src/durable/storage/conversationLease';
import { CLOUD, cloudNumber, rig, whatsAppOn } from '../../helpers/adapterRig';
import { waitUntil } from '../../helpers/botProcess';
import { FakeGraph } from '../../helpers/fakeGraph';

/** A real lease that counts the times it was found held by someone else. */
class CountedLease extends ConversationLease {
  refused = 0;

  override async withLease(key: string, work: (held: AbortSignal) => Promise<void>): Promise<boolean> {
    const taken = await super.withLease(key, work);
    if (!taken) this.refused += 1;
    return taken;
  }
}

const WA_ID = '919000000444';
const CONVERSATION = `${CLOUD.phoneNumberId}:${WA_ID}`;

/** Holds the conversation's lease, as another instance's turn would, until `release` is called. */
async function holdLease(lease: ConversationLease): Promise<{ release: () => void; done: Promise<boolean> }> {
  let release: () => void = () => undefined;
  let taken: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (taken = resolve));
  const done = lease.withLease(`whatsapp/${CONVERSATION}`, async () => {
    taken();
    await new Promise<void>((resolve) => (release = resolve));
  });
  await held;
  return { release, done };
}

describe('channel adapters: proactive turns take the conversation lease', () => {
  let graph: FakeGraph;
  before(async () => {
    graph = await FakeGraph.start({ tokens: [CLOUD.token] });
  });
  after(() => graph.stop());

  const reference = (): Partial<ConversationReference> => ({
    channelId: 'whatsapp',
    serviceUrl: `${graph.graphUrl}/${CLOUD.phoneNumberId}`,
    bot: { id: CLOUD.phoneNumberId, name: 'bot' },
    user: { id: WA_ID, name: 'A' },
    conversation: { id: CONVERSATION, isGroup: false, conversationType: 'personal', name: '' },
  });

  it('waits while another holder has the lease, and runs once it is free', async () => {
    let counted: CountedLease | undefined;
    const on = rig({ lease: (account) => (counted = new CountedLease(account)) });
    const adapter = whatsAppOn(on, [cloudNumber(graph.graphUrl)], { logic: () => Promise.resolve() });
    const other = await holdLease(new ConversationLease(on.account));
    const ran: string[] = [];
    const proactive = adapter.continueConversationAsync('', reference(), async () => {
      ran.push('proactive');
    });
    assert.ok(
      await waitUntil(() => (counted?.refused ?? 0) >= 2, 5_000),
      'the proactive turn asked for the lease',
    );
    assert.deepEqual(ran, [], 'and did not run while another held it');
    other.release();
    assert.equal(await other.done, true);
    await proactive;
    assert.deepEqual(ran, ['proactive']);
  });

  it('gives up after its wait with ConversationBusyError, having run nothing', async () => {
    const on = rig({ turns: { proactiveWaitMs: 300 } });
    const adapter = whatsAppOn(on, [cloudNumber(graph.graphUrl)], { logic: () => Promise.resolve() });
    const other = await holdLease(new ConversationLease(on.account));
    const ran: string[] = [];
    await assert.rejects(
      adapter.continueConversationAsync('', reference(), async () => {
        ran.push('proactive');
      }),
      (error: unknown) => error instanceof ConversationBusyError && error.channel === 'whatsapp',
    );
    assert.deepEqual(ran, []);
    other.release();
    assert.equal(await other.done, true);
  });
});
