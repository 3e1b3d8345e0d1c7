/** Every Messenger and Instagram fixture mapped to the expected activities (or to nothing). */
import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { toActivities } from '../../../adapters/messenger/toActivities';
import { webhookSchema } from '../../../adapters/messenger/webhookSchema';
import { fixture, fixtureNames } from '../../helpers/protocolFixtures';

const map = (body: unknown) =>
  toActivities(webhookSchema.parse(body), (id) => `https://graph.test/v24.0/${id}`);

/** A `messaging` item from person `U` to page `P` at `timestamp`, with these fields. */
const fromU = (timestamp: number, fields: Record<string, unknown>) => ({
  sender: { id: 'U' },
  recipient: { id: 'P' },
  timestamp,
  ...fields,
});

const expected: Record<string, (Partial<Activity> & { media?: unknown[] })[]> = {
  'messenger-text.json': [
    {
      type: 'message',
      id: 'mid.1480279487147:4388d3b344',
      text: 'Hi',
      channelId: 'messenger',
      conversation: {
        id: '111899832631525:1433960459967306',
        isGroup: false,
        conversationType: 'personal',
        name: '',
      },
    },
  ],
  'messenger-batch.json': [
    { type: 'message', id: 'external_id', text: 'Hello World' },
    { type: 'message', id: 'external_id', text: 'Hello World' },
  ],
  'messenger-quick-reply.json': [
    {
      type: 'message',
      text: 'DEVELOPER_DEFINED_PAYLOAD_FOR_PICKING_GREEN',
      value: { payload: 'DEVELOPER_DEFINED_PAYLOAD_FOR_PICKING_GREEN', title: 'Green' },
    },
  ],
  'messenger-postback.json': [
    {
      type: 'message',
      id: 'm_1457764197618:41d102a3e1ae206a38',
      text: 'USER_DEFINED_PAYLOAD',
      value: { payload: 'USER_DEFINED_PAYLOAD', title: 'title' },
    },
  ],
  'messenger-image-attachment.json': [
    { type: 'message', text: '', media: [{ kind: 'image', url: 'https://image-url/foo.png' }] },
  ],
  'messenger-location-attachment.json': [
    {
      type: 'message',
      entities: [{ type: 'Place', geo: { type: 'GeoCoordinates', latitude: 1.2, longitude: -1.3 } }],
    },
  ],
  'messenger-delivery.json': [
    {
      type: 'event',
      name: 'messenger.status',
      value: {
        status: 'delivered',
        watermark: 1458668856253,
        messageIds: ['mid.1458668856218:ed81099e15d3f4f233'],
      },
    },
  ],
  'messenger-read.json': [
    {
      type: 'event',
      name: 'messenger.status',
      value: { status: 'read', watermark: 1458668856253, messageIds: [] },
    },
  ],
  'messenger-referral.json': [{ type: 'event', name: 'messenger.referral' }],
  'messenger-echo.json': [],
  'instagram-text.json': [{ type: 'message', text: 'Hello World', channelId: 'instagram' }],
  'instagram-echo.json': [],
};

describe('Messenger / Instagram webhook → activities', () => {
  it('has an expectation for every Messenger and Instagram fixture', () => {
    const names = fixtureNames().filter((n) => n.startsWith('messenger-') || n.startsWith('instagram-'));
    assert.deepEqual(
      names.filter((n) => !(n in expected)),
      [],
    );
  });

  for (const [name, wants] of Object.entries(expected)) {
    it(`maps ${name}`, () => {
      const batch = map(fixture(name));
      assert.equal(batch.items.length, wants.length, JSON.stringify(batch.notices));
      wants.forEach((want, i) => {
        const item = batch.items[i];
        assert.ok(item);
        const { media, ...fields } = want;
        for (const [key, value] of Object.entries(fields)) {
          assert.deepEqual((item.activity as Record<string, unknown>)[key], value, `${name}: ${key}`);
        }
        if (media) assert.deepEqual(item.media, media);
        assert.ok(item.activity.timestamp instanceof Date);
        assert.ok(item.activity.channelData, 'the raw item travels in channelData');
      });
      if (wants.length === 0) assert.ok(batch.notices.some((n) => /echo/.test(n.kind)));
    });
  }

  it('acknowledges standby items and maps reactions, opt-ins and unknown events', () => {
    const batch = map({
      object: 'page',
      entry: [
        {
          id: 'P',
          time: 1,
          standby: [
            { sender: { id: 'U' }, recipient: { id: 'P' }, message: { mid: 'm1', text: 'to the inbox' } },
          ],
        },
        {
          id: 'P',
          time: 2,
          messaging: [
            fromU(5, { reaction: { mid: 'm0', action: 'react', emoji: '❤️', reaction: 'love' } }),
            fromU(6, { reaction: { mid: 'm0', action: 'unreact', emoji: '❤️' } }),
            fromU(7, { optin: { ref: 'r', user_ref: 'x' } }),
            { recipient: { id: 'P' }, timestamp: 8, optin: { ref: 'r', user_ref: 'x' } },
            fromU(9, { pass_thread_control: { new_owner_app_id: 1 } }),
            { nonsense: true },
          ],
        },
      ],
    });
    assert.deepEqual(
      batch.items.map((i) => [
        i.activity.type,
        i.activity.name,
        i.activity.reactionsAdded ?? i.activity.reactionsRemoved,
      ]),
      [
        ['messageReaction', undefined, [{ type: '❤️' }]],
        ['messageReaction', undefined, [{ type: '❤️' }]],
        ['event', 'messenger.optin', undefined],
      ],
    );
    assert.equal(batch.items[1]?.activity.reactionsRemoved?.[0]?.type, '❤️');
    assert.equal(batch.notices.length, 4);
  });
});

describe('Messenger webhook → activities: timestamps', () => {
  it('turns an impossible timestamp into the time of receipt, never an Invalid Date', () => {
    const before = Date.now();
    const body = {
      object: 'page',
      entry: [
        {
          id: 'P',
          time: 1,
          messaging: [fromU(1e20, { message: { mid: 'm.t', text: 'hi' } })],
        },
      ],
    };
    const items = map(body).items;
    const stamp = items[0]?.activity.timestamp;
    assert.ok(stamp instanceof Date && stamp.getTime() >= before && stamp.getTime() <= Date.now());
  });
});

describe('Messenger webhook → activities: an item the mapping cannot handle', () => {
  it('is quarantined as a notice, and the rest of the batch is mapped', () => {
    const item = (psid: string) => ({
      sender: { id: psid },
      recipient: { id: 'PAGE' },
      timestamp: 1_700_000_000_000,
      message: { mid: `m_${psid}`, text: 'hi' },
    });
    const webhook = {
      object: 'page' as const,
      entry: [
        { id: 'PAGE', messaging: [item('A')] },
        { id: 'BROKEN', messaging: [item('B')] },
        { id: 'PAGE', messaging: [item('C')] },
      ],
    };
    const batch = toActivities(webhook, (accountId) => {
      if (accountId === 'BROKEN') throw new Error('no service for this account');
      return 'https://graph.example/PAGE';
    });
    assert.deepEqual(
      batch.items.map((i) => [i.where, i.userKey]),
      [
        ['entry[0].messaging[0]', 'A'],
        ['entry[2].messaging[0]', 'C'],
      ],
    );
    assert.deepEqual(batch.notices, [
      {
        kind: 'quarantined: could not be mapped',
        where: 'entry[1].messaging[0]',
        detail: 'Error: no service for this account',
        level: 'warn',
      },
    ]);
  });
});
