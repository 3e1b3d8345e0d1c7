/** Activity → Send API messages, every body checked against outbound-limits.json (Messenger and Instagram). */
import assert from 'node:assert/strict';
import { renderActivity } from '../../../adapters/messenger/fromActivity';
import { checkDamCard, withChoices } from '../../helpers/outgoingActivities';
import { validateOutbound } from '../../helpers/outboundRules';

function assertValid(message: Record<string, unknown>, channel: 'messenger' | 'instagram'): void {
  const body = { recipient: { id: 'PSID' }, messaging_type: 'RESPONSE', message };
  const rules = channel === 'instagram' ? (['messenger', 'instagram'] as const) : (['messenger'] as const);
  assert.deepEqual(validateOutbound(body, rules), [], JSON.stringify(message).slice(0, 300));
}

describe('Messenger rendering', () => {
  for (const channel of ['messenger', 'instagram'] as const) {
    it(`${channel}: up to 13 choices as quick replies, titles cut and unique, the full title as payload`, () => {
      const titles = [...Array.from({ length: 12 }, (_, i) => `Option ${i + 1}`), 'शिकायत दर्ज करें और फ़ोटो भेजें'];
      const { messages } = renderActivity(withChoices('Choose', titles), channel);
      assert.equal(messages.length, 1);
      const quick = Object(messages[0]).quick_replies as { title: string; payload: string }[];
      assert.equal(quick.length, 13);
      assert.equal(quick[12]?.payload, 'शिकायत दर्ज करें और फ़ोटो भेजें');
      assert.ok([...(quick[12]?.title ?? '')].length <= 20);
      messages.forEach((m) => assertValid(m, channel));
    });

    it(`${channel}: more than 13 choices as a numbered list`, () => {
      const titles = Array.from({ length: 20 }, (_, i) => `Community ${i + 1}`);
      const { messages } = renderActivity(withChoices('Which one?', titles), channel);
      assert.match(
        String(messages[0]?.text),
        /^Which one\?\n\n1\. Community 1\n2\. Community 2\n[\s\S]*20\. Community 20$/,
      );
      assert.equal(messages[0]?.quick_replies, undefined);
      messages.forEach((m) => assertValid(m, channel));
    });
  }

  it('splits long text under 2000 characters (Messenger) and 1000 bytes (Instagram)', () => {
    const text = 'तालाब की मरम्मत चाहिए। '.repeat(300);
    const messenger = renderActivity({ type: 'message', text }, 'messenger').messages;
    const instagram = renderActivity({ type: 'message', text }, 'instagram').messages;
    assert.ok(messenger.length >= 4);
    assert.ok(instagram.length > messenger.length);
    messenger.forEach((m) => assertValid(m, 'messenger'));
    instagram.forEach((m) => assertValid(m, 'instagram'));
    assert.equal(
      instagram
        .map((m) => String(m.text))
        .join(' ')
        .replace(/\s+/g, ''),
      text.replace(/\s+/g, ''),
    );
  });

  it('renders hero cards as generic templates on Messenger and as text with quick replies on Instagram', () => {
    const card = checkDamCard('Approved');
    const messenger = renderActivity(card, 'messenger').messages;
    assert.equal(Object(Object(messenger[0]).attachment).payload.template_type, 'generic');
    messenger.forEach((m) => assertValid(m, 'messenger'));
    const instagram = renderActivity(card, 'instagram').messages;
    assert.deepEqual(
      instagram.map((m) => (m.attachment ? 'image' : 'text')),
      ['image', 'text'],
    );
    assert.equal(Object(instagram[1]).quick_replies[0].title, 'Details');
    instagram.forEach((m) => assertValid(m, 'instagram'));
  });

  it('sends media by URL and reports what it cannot show', () => {
    const rendered = renderActivity(
      {
        type: 'message',
        text: 'Photo',
        attachments: [
          { contentType: 'image/jpeg', contentUrl: 'https://example.org/p.jpg' },
          { contentType: 'application/vnd.microsoft.card.adaptive', content: {} },
        ],
      },
      'messenger',
    );
    assert.deepEqual(rendered.unrendered, ['application/vnd.microsoft.card.adaptive']);
    assert.equal(Object(rendered.messages[0]).attachment.type, 'image');
    rendered.messages.forEach((m) => assertValid(m, 'messenger'));
  });
});
