/** Every WhatsApp fixture, and the shapes the fixtures lack, mapped to the expected activities. */
import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { toActivities, type InboundBatch } from '../../../adapters/whatsapp/toActivities';
import { webhookSchema } from '../../../adapters/whatsapp/webhookSchema';
import { fixture, fixtureNames } from '../../helpers/protocolFixtures';

const serviceUrl = (id: string) => `https://graph.test/v24.0/${id}`;

function map(body: unknown): InboundBatch {
  return toActivities(webhookSchema.parse(body), { serviceUrl });
}

function only(body: unknown): Partial<Activity> {
  const batch = map(body);
  assert.equal(batch.items.length, 1, JSON.stringify(batch.notices));
  const activity = batch.items[0]?.activity;
  assert.ok(activity);
  return activity;
}

/** Expected fields per fixture; every listed field must match exactly (deep), others are not checked. */
const expected: Record<string, Partial<Activity> & { media?: unknown[] }> = {
  'whatsapp-text.json': {
    type: 'message',
    id: 'wamid.xyzxyz',
    text: 'Body Text',
    conversation: {
      id: '1122334455667:972987654321',
      isGroup: false,
      conversationType: 'personal',
      name: '',
    },
  },
  'whatsapp-context-reply.json': { type: 'message', text: 'replied text', replyToId: 'wamid.xyzxyz==' },
  'whatsapp-interactive-button-reply.json': {
    type: 'message',
    text: 'change-button',
    value: { id: 'change-button', title: 'Change' },
    replyToId: 'wamid.HBgLMTY0NjcwNDM1OTUVAgARGBJBM0Y4RUU0RUNFQkFDMjYzQUMA',
  },
  'whatsapp-interactive-list-reply.json': {
    type: 'message',
    text: 'priority_express',
    value: { id: 'priority_express', title: 'Priority Mail Express' },
  },
  'whatsapp-template-button.json': {
    type: 'message',
    text: 'Unsubscribe',
    value: { payload: 'Unsubscribe', title: 'Unsubscribe' },
  },
  'whatsapp-location.json': {
    type: 'message',
    entities: [
      {
        type: 'Place',
        geo: { type: 'GeoCoordinates', latitude: 37.44221496582, longitude: -122.16165924072 },
        name: 'Philz Coffee',
        address: '101 Forest Ave, Palo Alto, CA 94301',
        hasMap: 'https://philzcoffee.com/',
      },
    ],
  },
  'whatsapp-reaction.json': {
    type: 'messageReaction',
    reactionsAdded: [{ type: '😮' }],
    replyToId: 'wamid.yzxyzx=',
  },
  'whatsapp-image.json': {
    type: 'message',
    text: 'Taj Mahal',
    media: [{ kind: 'image', mediaId: '1003383421387256', mimeType: 'image/jpeg', caption: 'Taj Mahal' }],
  },
  'whatsapp-audio-voice.json': { type: 'message', text: '', media: [{ kind: 'audio', voice: true }] },
  'whatsapp-audio.json': {
    type: 'message',
    media: [{ kind: 'audio', mediaId: '1234567890987654321', voice: false }],
  },
  'whatsapp-video.json': {
    type: 'message',
    text: 'Timelapse of growth',
    media: [{ kind: 'video', mimeType: 'video/mp4' }],
  },
  'whatsapp-document.json': {
    type: 'message',
    text: 'my receipt',
    media: [{ kind: 'document', filename: 'receipt.pdf', mimeType: 'application/pdf' }],
  },
  'whatsapp-sticker.json': { type: 'message', media: [{ kind: 'sticker', mimeType: 'image/webp' }] },
  'whatsapp-contacts.json': { type: 'message', text: '' },
  'whatsapp-referral.json': { type: 'message', text: 'Can I get more info about this?' },
  'whatsapp-nfm-reply.json': { type: 'message', text: '' },
  'whatsapp-system.json': { type: 'event', name: 'whatsapp.system' },
  'whatsapp-unsupported.json': { type: 'message', text: '' },
  'whatsapp-status-sent.json': { type: 'event', name: 'whatsapp.status' },
  'whatsapp-status-delivered.json': { type: 'event', name: 'whatsapp.status' },
  'whatsapp-status-read.json': {
    type: 'event',
    name: 'whatsapp.status',
    conversation: {
      id: '1122334455667:972987654321',
      isGroup: false,
      conversationType: 'personal',
      name: '',
    },
  },
  'whatsapp-status-failed.json': { type: 'event', name: 'whatsapp.status' },
};

describe('WhatsApp webhook → activities', () => {
  it('has an expectation for every WhatsApp fixture', () => {
    const names = fixtureNames().filter((n) => n.startsWith('whatsapp-'));
    assert.deepEqual(
      names.filter((n) => !(n in expected)),
      [],
    );
  });

  for (const [name, want] of Object.entries(expected)) {
    it(`maps ${name}`, () => {
      const body = fixture(name);
      const batch = map(body);
      assert.equal(batch.items.length, 1, JSON.stringify(batch.notices));
      const item = batch.items[0];
      assert.ok(item);
      const { media, ...fields } = want;
      for (const [key, value] of Object.entries(fields)) {
        assert.deepEqual((item.activity as Record<string, unknown>)[key], value, `${name}: ${key}`);
      }
      if (media) {
        media.forEach((m, i) => {
          for (const [key, value] of Object.entries(m as Record<string, unknown>)) {
            assert.deepEqual(
              (item.media[i] as unknown as Record<string, unknown>)[key],
              value,
              `${name}: media.${key}`,
            );
          }
        });
      } else {
        assert.deepEqual(item.media, []);
      }
      const activity = item.activity;
      assert.equal(activity.channelId, 'whatsapp');
      assert.match(String(activity.serviceUrl), /^https:\/\/graph\.test\/v24\.0\/\d+$/);
      assert.equal(activity.recipient?.role, 'bot');
      assert.ok(activity.timestamp instanceof Date && !Number.isNaN(activity.timestamp.getTime()));
      assert.ok(activity.channelData?.whatsapp, 'the raw item travels in channelData');
    });
  }

  it('keeps everything a message carries: sender name, ids, and the raw item', () => {
    const activity = only(fixture('whatsapp-text.json'));
    assert.deepEqual(activity.from, {
      id: '972987654321',
      name: 'Test Name',
      role: 'user',
      properties: { waId: '972987654321', userId: 'US.13491208655302741918', username: null },
    });
    assert.deepEqual(activity.recipient, { id: '1122334455667', name: '972123456789', role: 'bot' });
    assert.equal(activity.channelData.whatsapp.message.text.body, 'Body Text');
  });

  it('maps statuses with their error codes', () => {
    const failed = only(fixture('whatsapp-status-failed.json'));
    assert.equal(failed.value.status, 'failed');
    assert.equal(failed.value.errors[0].code, 131049);
    assert.equal(failed.id, `${failed.value.messageId}:failed`);
    assert.equal(only(fixture('whatsapp-status-read.json')).value.status, 'read');
  });

  it('keeps referral, flow replies, contacts and system changes readable', () => {
    const referral = only(fixture('whatsapp-referral.json'));
    assert.equal(referral.entities?.[0]?.type, 'referral');
    const flow = only(fixture('whatsapp-nfm-reply.json'));
    assert.equal(flow.value.response.comment_text, 'Comment Text');
    const contacts = only(fixture('whatsapp-contacts.json'));
    assert.equal(contacts.attachments?.[0]?.contentType, 'application/vnd.whatsapp.contacts+json');
    const system = only(fixture('whatsapp-system.json'));
    assert.equal(system.value.wa_id, '12195555358');
    const unsupported = only(fixture('whatsapp-unsupported.json'));
    assert.equal(unsupported.value.unsupported, 'unsupported');
    assert.equal(unsupported.value.errors[0].code, 131051);
  });
});

function envelope(value: Record<string, unknown>, extraEntries: unknown[] = []) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: 'WABA',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550001111', phone_number_id: 'PN1' },
              ...value,
            },
          },
        ],
      },
      ...extraEntries,
    ],
  };
}

const text = (id: string, from: string, body: string, extra: Record<string, unknown> = {}) => ({
  from,
  id,
  timestamp: '1700000000',
  type: 'text',
  text: { body },
  ...extra,
});

describe('WhatsApp webhook → activities: shapes beyond the fixtures', () => {
  it('turns an impossible timestamp into the time of receipt, never an Invalid Date', () => {
    for (const timestamp of ['9999999999999', '1e20']) {
      const before = Date.now();
      const body = envelope({
        contacts: [{ wa_id: '911' }],
        messages: [{ ...text('wamid.t', '911', 'hi'), timestamp }],
      });
      const stamp = map(body).items[0]?.activity.timestamp;
      assert.ok(
        stamp instanceof Date && stamp.getTime() >= before && stamp.getTime() <= Date.now(),
        timestamp,
      );
    }
  });

  it('reads every entry, change, message and status of a batch, in order, repeated ids included', () => {
    const secondEntry = {
      id: 'WABA',
      changes: [
        {
          field: 'messages',
          value: {
            metadata: { phone_number_id: 'PN2' },
            contacts: [{ wa_id: '911', profile: { name: 'B' } }],
            messages: [text('wamid.3', '911', 'third')],
            statuses: [
              { id: 'wamid.out', status: 'delivered', timestamp: '1700000001', recipient_id: '911' },
            ],
          },
        },
      ],
    };
    const batch = map(
      envelope(
        {
          contacts: [{ wa_id: '919', profile: { name: 'A' } }],
          messages: [
            text('wamid.1', '919', 'first'),
            text('wamid.1', '919', 'first'),
            text('wamid.2', '919', 'second'),
          ],
        },
        [secondEntry],
      ),
    );
    assert.deepEqual(
      batch.items.map((i) => [i.phoneNumberId, i.dedupeKey, i.activity.text ?? i.activity.name]),
      [
        ['PN1', 'wamid.1', 'first'],
        ['PN1', 'wamid.1', 'first'],
        ['PN1', 'wamid.2', 'second'],
        ['PN2', 'wamid.3', 'third'],
        ['PN2', 'wamid.out:delivered', 'whatsapp.status'],
      ],
    );
  });

  it('gives a user whose phone is hidden their business-scoped id, stably', () => {
    const hidden = {
      contacts: [{ profile: { name: 'Asha', username: 'asha.k' }, wa_id: '', user_id: 'US.123' }],
      messages: [text('wamid.h1', '', 'hello', { from_user_id: 'US.123' })],
    };
    const noPhoneAtAll = {
      contacts: [{ profile: { name: 'Asha' }, user_id: 'US.123' }],
      messages: [
        {
          id: 'wamid.h2',
          from_user_id: 'US.123',
          timestamp: '1700000000',
          type: 'text',
          text: { body: 'again' },
        },
      ],
    };
    const first = only(envelope(hidden));
    const second = only(envelope(noPhoneAtAll));
    assert.equal(first.from?.id, 'US.123');
    assert.equal(second.from?.id, 'US.123');
    assert.equal(first.conversation?.id, second.conversation?.id);
    assert.equal(first.from?.properties.waId, null);
  });

  it('reads a reaction removal in both shapes', () => {
    for (const reaction of [{ message_id: 'wamid.x', emoji: '' }, { message_id: 'wamid.x' }]) {
      const activity = only(
        envelope({
          contacts: [{ wa_id: '919' }],
          messages: [{ from: '919', id: 'wamid.r', timestamp: '1700000000', type: 'reaction', reaction }],
        }),
      );
      assert.equal(activity.type, 'messageReaction');
      assert.deepEqual(activity.reactionsRemoved, [{ type: '' }]);
      assert.equal(activity.reactionsAdded, undefined);
      assert.equal(activity.replyToId, 'wamid.x');
    }
  });

  it('turns request_welcome into a conversationUpdate adding the user', () => {
    const activity = only(
      envelope({
        contacts: [{ wa_id: '919' }],
        messages: [{ from: '919', id: 'wamid.w', timestamp: '1700000000', type: 'request_welcome' }],
      }),
    );
    assert.equal(activity.type, 'conversationUpdate');
    assert.deepEqual(
      activity.membersAdded?.map((m) => m.id),
      ['919'],
    );
  });

  it('gives unknown types and broken payloads no text and keeps the raw item', () => {
    const batch = map(
      envelope({
        contacts: [{ wa_id: '919' }],
        messages: [
          { from: '919', id: 'wamid.p', timestamp: '1700000000', type: 'poll', poll: { question: 'q' } },
          { from: '919', id: 'wamid.b', timestamp: '1700000000', type: 'image', image: { caption: 'no id' } },
          { id: 'no-timestamp' },
          text('wamid.ok', '919', 'still read'),
        ],
      }),
    );
    assert.deepEqual(
      batch.items.map((i) => i.activity.text),
      ['', '', 'still read'],
    );
    assert.equal(batch.items[0]?.activity.value.unsupported, 'poll');
    assert.equal(batch.items[0]?.activity.channelData.whatsapp.message.poll.question, 'q');
    assert.equal(batch.notices.length, 1);
  });

  it('maps edits and revokes (coexistence numbers), orders, and notes other fields and platform errors', () => {
    const batch = map({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: 'WABA',
          changes: [
            { field: 'account_update', value: { event: 'VERIFIED_ACCOUNT' } },
            {
              field: 'messages',
              value: {
                metadata: { phone_number_id: 'PN1' },
                contacts: [{ wa_id: '919' }],
                messages: [
                  {
                    from: '919',
                    id: 'wamid.e',
                    timestamp: '1700000000',
                    type: 'edit',
                    edit: {
                      original_message_id: 'wamid.o',
                      message: { type: 'text', text: { body: 'fixed' } },
                    },
                  },
                  {
                    from: '919',
                    id: 'wamid.v',
                    timestamp: '1700000000',
                    type: 'revoke',
                    revoke: { original_message_id: 'wamid.o' },
                  },
                  {
                    from: '919',
                    id: 'wamid.or',
                    timestamp: '1700000000',
                    type: 'order',
                    order: { catalog_id: 'c', text: 'two please', product_items: [] },
                  },
                ],
                errors: [{ code: 130429, title: 'Rate limit hit' }],
              },
            },
          ],
        },
      ],
    });
    assert.deepEqual(
      batch.items.map((i) => [i.activity.type, i.activity.text, i.activity.replyToId]),
      [
        ['messageUpdate', 'fixed', 'wamid.o'],
        ['messageDelete', undefined, 'wamid.o'],
        ['message', 'two please', undefined],
      ],
    );
    assert.equal(batch.notices.length, 2);
  });

  it('keys group messages by group', () => {
    const activity = only(
      envelope({
        contacts: [{ wa_id: '919' }],
        messages: [text('wamid.g', '919', 'hi all', { group_id: 'G1' })],
      }),
    );
    assert.equal(activity.conversation?.id, 'PN1:group:G1');
    assert.equal(activity.conversation?.isGroup, true);
  });

  it('refuses media ids that are not Graph ids (no credential is ever sent to a URL from a webhook)', () => {
    const batch = map(
      envelope({
        contacts: [{ wa_id: '919' }],
        messages: [
          {
            from: '919',
            id: 'wamid.m',
            timestamp: '1700000000',
            type: 'image',
            image: { id: 'https://evil.example/steal', mime_type: 'image/jpeg' },
          },
        ],
      }),
    );
    assert.deepEqual(batch.items[0]?.media, []);
    assert.equal(batch.items[0]?.activity.value.unsupported, 'image');
  });

  it('keeps messages beside a malformed contact, and survives a malformed timestamp', () => {
    const batch = map(
      envelope({
        contacts: [{ wa_id: '919', profile: { name: 42 } }],
        messages: [text('wamid.t', '919', 'still here', { timestamp: 'yesterday' })],
      }),
    );
    assert.equal(batch.items.length, 1);
    const when = batch.items[0]?.activity.timestamp;
    assert.ok(when instanceof Date && Math.abs(when.getTime() - Date.now()) < 60_000);
  });
});
