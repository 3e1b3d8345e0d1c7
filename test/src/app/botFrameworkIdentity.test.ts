/**
 * Who an activity on /api/messages may speak for (`checkIdentity`), and the reserved channel ids: every
 * id our webhook adapters give people, taken from what they map the protocol fixtures to.
 */
import assert from 'node:assert/strict';
import { toActivities as messengerActivities } from '../../../adapters/messenger/toActivities';
import { webhookSchema as messengerSchema } from '../../../adapters/messenger/webhookSchema';
import { toActivities as whatsappActivities } from '../../../adapters/whatsapp/toActivities';
import { webhookSchema as whatsappSchema } from '../../../adapters/whatsapp/webhookSchema';
import { checkIdentity, isLoopbackUrl } from '../../../src/app/botFrameworkIdentity';
import { ActivityRefusedError } from '../../../src/core/errors';
import { isWebhookChannelId, WEBHOOK_CHANNEL_IDS } from '../../../src/app/webhookChannelIds';
import { fixture, fixtureNames } from '../../helpers/protocolFixtures';

const LOCAL = 'http://localhost:52000';

function refusal(channelId: string, serviceUrl: string, authenticated: boolean): string | undefined {
  try {
    checkIdentity({ channelId, serviceUrl }, { authenticated });
    return undefined;
  } catch (error) {
    assert.ok(error instanceof ActivityRefusedError, String(error));
    assert.equal(error.httpStatus, 403);
    return error.reason;
  }
}

describe('checkIdentity', () => {
  const webhookLookalikes = [
    'whatsapp',
    'WhatsApp',
    ' whatsapp',
    'whatsapp\n',
    'WHATSAPP',
    'what-sapp',
    'ｗｈａｔｓａｐｐ',
    'messenger',
    'Messenger',
    'instagram',
    ' Instagram ',
  ];

  it('without authentication takes only channelId "emulator", whatever else is claimed', () => {
    assert.equal(refusal('emulator', LOCAL, false), undefined);
    for (const channelId of [...webhookLookalikes, 'Emulator', ' emulator', 'msteams', 'webchat', 'x']) {
      assert.equal(refusal(channelId, LOCAL, false), 'channel_id_not_allowed', channelId);
    }
  });

  it('with authentication takes a channel its own id, never one that passes for a webhook channel', () => {
    for (const channelId of ['emulator', 'msteams', 'webchat', 'directline', 'twilio-sms', 'slack']) {
      assert.equal(refusal(channelId, 'https://smba.trafficmanager.net/amer/', true), undefined, channelId);
    }
    for (const channelId of [...webhookLookalikes, 'a/b', 'x:y', 'wh\u0430tsapp', '', '-x']) {
      assert.equal(refusal(channelId, 'https://example.test/', true), 'channel_id_not_allowed', channelId);
    }
  });

  it('without authentication sends only to a loopback serviceUrl', () => {
    for (const url of [
      'http://localhost:3979',
      'http://127.0.0.1:9000/',
      'http://[::1]:8080',
      'http://LOCALHOST:1',
    ]) {
      assert.equal(refusal('emulator', url, false), undefined, url);
    }
    for (const url of [
      'https://smba.trafficmanager.net/amer/',
      'http://127.0.0.2:9000',
      'http://10.0.0.5:80',
      'http://localhost.example.test:80',
      'http://localhost:80@example.test/',
      'http://user:pass@localhost:80/',
      'http://169.254.169.254/latest/meta-data',
      'file:///etc/passwd',
      'ftp://localhost/',
      'not a url',
    ]) {
      assert.equal(refusal('emulator', url, false), 'service_url_not_allowed', url);
      assert.equal(isLoopbackUrl(url), false, url);
    }
  });

  it('names the rule, never the serviceUrl, in its message', () => {
    try {
      checkIdentity(
        { channelId: 'emulator', serviceUrl: 'http://secret-host.test/' },
        { authenticated: false },
      );
      assert.fail('refused');
    } catch (error) {
      assert.ok(error instanceof ActivityRefusedError);
      assert.match(error.message, /serviceUrl/);
      assert.match(error.message, /loopback/);
      assert.doesNotMatch(error.message, /secret-host/);
    }
  });
});

describe('WEBHOOK_CHANNEL_IDS', () => {
  it('holds every channel id the webhook adapters give the protocol fixtures', () => {
    const given = new Set<string>();
    for (const name of fixtureNames()) {
      const body = fixture(name);
      const whatsapp = whatsappSchema.safeParse(body);
      if (name.startsWith('whatsapp-') && whatsapp.success) {
        for (const item of whatsappActivities(whatsapp.data, { serviceUrl: () => 'https://graph.test' })
          .items)
          given.add(item.activity.channelId ?? '');
      }
      const messenger = messengerSchema.safeParse(body);
      if (!name.startsWith('whatsapp-') && messenger.success) {
        for (const item of messengerActivities(messenger.data, () => 'https://graph.test').items)
          given.add(item.activity.channelId ?? '');
      }
    }
    assert.deepEqual([...given].sort(), ['instagram', 'messenger', 'whatsapp']);
    for (const id of given) assert.ok(WEBHOOK_CHANNEL_IDS.includes(id), id);
    for (const id of WEBHOOK_CHANNEL_IDS) assert.ok(isWebhookChannelId(id));
  });
});
