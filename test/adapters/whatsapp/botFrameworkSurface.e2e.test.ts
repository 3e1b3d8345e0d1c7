/** The adapter's Bot Framework surface: what WhatsApp cannot do is a typed error, typing shows as typing. */
import assert from 'node:assert/strict';
import { TurnContext } from 'botbuilder';
import { ConversationMemory } from '../../../adapters/whatsapp/conversationMemory';
import { WhatsAppAdapter } from '../../../adapters/whatsapp/whatsAppAdapter';
import type { CloudNumber } from '../../../src/app/channels';
import { httpStatusOf, NotSupportedError, StorageUnavailableError } from '../../../src/core/errors';
import { InFlight } from '../../../src/core/inFlight';
import { silentLogger } from '../../../src/core/log';
import { DocumentStore } from '../../../src/durable/storage/documentStore';
import { MediaStore } from '../../../src/durable/storage/mediaStore';
import { testAccount } from '../../helpers/azurite';
import { FakeGraph } from '../../helpers/fakeGraph';
import { interceptedInbox } from '../../helpers/interceptedInbox';
import { signedRequest } from '../../helpers/metaSignature';
import { turnsOver } from '../../helpers/turnsOver';
import { text, webhook } from '../../helpers/whatsappWebhooks';

/** The one Cloud API number of these tests, its Graph API the fake. */
const cloudNumber = (graph: FakeGraph): CloudNumber => ({
  transport: 'cloud',
  phoneNumberId: 'PN',
  accessToken: 't',
  appSecret: 's',
  verifyToken: 'v',
  graphUrl: graph.graphUrl,
});

describe('WhatsAppAdapter (Bot Framework surface)', () => {
  let graph: FakeGraph;
  let adapter: WhatsAppAdapter;
  before(async () => {
    graph = await FakeGraph.start({ tokens: ['t'] });
    const account = testAccount();
    adapter = new WhatsAppAdapter({
      log: silentLogger,
      inFlight: new InFlight(),
      numbers: [cloudNumber(graph)],
      turns: turnsOver(account).turns,
      logic: () => Promise.resolve(),
      media: new MediaStore(account),
      memory: new ConversationMemory(new DocumentStore(account, 'state')),
    });
  });
  after(() => graph.stop());

  const inbound = () =>
    new TurnContext(adapter, {
      type: 'message',
      id: 'wamid.IN',
      text: 'hi',
      channelId: 'whatsapp',
      serviceUrl: `${graph.graphUrl}/PN`,
      from: { id: '919', name: 'A' },
      recipient: { id: 'PN', name: 'bot' },
      conversation: { id: 'PN:919', isGroup: false, conversationType: 'personal', name: '' },
    });

  it('refuses to update or delete sent messages with a typed error', async () => {
    await assert.rejects(inbound().updateActivity({ id: 'x', text: 'y' }), NotSupportedError);
    await assert.rejects(inbound().deleteActivity('x'), NotSupportedError);
  });

  it('refuses replies to group conversations and activities with nothing WhatsApp can show', async () => {
    const group = inbound();
    group.activity.conversation = { id: 'PN:group:G', isGroup: true, conversationType: 'group', name: '' };
    await assert.rejects(group.sendActivity('hello all'), NotSupportedError);
    await assert.rejects(
      inbound().sendActivity({
        attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: {} }],
      }),
      NotSupportedError,
    );
  });

  it('shows typing as the typing indicator on the message being answered', async () => {
    await inbound().sendActivity({ type: 'typing' });
    const typing = graph.sent('whatsapp').at(-1);
    assert.deepEqual(typing?.body, {
      messaging_product: 'whatsapp',
      status: 'read',
      message_id: 'wamid.IN',
      typing_indicator: { type: 'text' },
    });
  });

  it('answers 503 when storage cannot record an event, processing only the events it recorded', async () => {
    const account = testAccount();
    /** Storage that fails for one event, as it does while unreachable. */
    const failing = interceptedInbox(account, (event) =>
      event.id === 'wamid.B' ? Promise.reject(new StorageUnavailableError('down')) : Promise.resolve(),
    );
    const { turns, inFlight } = turnsOver(account, { inbox: failing });
    const seen: string[] = [];
    const logic = async (context: TurnContext) => {
      seen.push(context.activity.text ?? '');
    };
    const local = new WhatsAppAdapter({
      log: silentLogger,
      inFlight,
      numbers: [cloudNumber(graph)],
      turns,
      logic,
      media: new MediaStore(account),
      memory: new ConversationMemory(new DocumentStore(account, 'state')),
    });
    const user = { waId: '919000000555' };
    const body = webhook('PN', user, [text(user, 'one', 'wamid.A'), text(user, 'two', 'wamid.B')]);
    const response = {
      socket: null,
      headersSent: false,
      status: () => undefined,
      header: () => undefined,
      send: () => undefined,
      end: () => undefined,
    };
    await assert.rejects(
      local.process(signedRequest('/webhooks/whatsapp', body, 's'), response, logic),
      (error: unknown) => httpStatusOf(error) === 503,
    );
    await inFlight.idle(10_000);
    assert.deepEqual(seen, ['one']);
  });
});
