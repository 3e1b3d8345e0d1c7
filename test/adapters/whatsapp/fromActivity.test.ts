/**
 * Activity → WhatsApp bodies: every body must pass the fake server's validation (outbound-limits.json),
 * and every offered choice must come back as its value, by tap, by typed number or by typed title.
 */
import assert from 'node:assert/strict';
import { resolveReply, type ChoiceMemory } from '../../../adapters/whatsapp/choices';
import {
  addressed,
  markReadBody,
  renderActivity,
  renderChoicePage,
} from '../../../adapters/whatsapp/fromActivity';
import { locationRequest } from '../../../src/core/conventions/locationRequest';
import { whatsappTemplateAttachment } from '../../../src/core/conventions/whatsappTemplate';
import { checkDamCard, withChoices } from '../../helpers/outgoingActivities';
import { validateOutbound } from '../../helpers/outboundRules';

function assertValid(body: Record<string, unknown>): void {
  const violations = validateOutbound(addressed(body, '919876543210'), ['whatsapp']);
  assert.deepEqual(violations, [], JSON.stringify(body).slice(0, 500));
}

/** Every row or button a person could tap on the page, following "more" rows to the end. */
function allTappable(first: Record<string, unknown>, memory: ChoiceMemory): { id: string; title: string }[] {
  const tappable: { id: string; title: string }[] = [];
  let body: Record<string, unknown> | undefined = first;
  for (let guard = 0; body && guard < 20; guard += 1) {
    assertValid(body);
    const interactive = Object(body.interactive);
    const items: { id: string; title: string }[] =
      interactive.type === 'button'
        ? interactive.action.buttons.map((b: { reply: { id: string; title: string } }) => b.reply)
        : interactive.action.sections.flatMap((s: { rows: { id: string; title: string }[] }) => s.rows);
    body = undefined;
    for (const item of items) {
      const resolved = resolveReply(item.id, memory);
      if (resolved.kind === 'page') body = renderChoicePage(memory, resolved.page);
      else tappable.push(item);
    }
  }
  return tappable;
}

const englishTitles = (n: number) => Array.from({ length: n }, (_, i) => `Community number ${i + 1}`);
const hindiTitles = (n: number) => Array.from({ length: n }, (_, i) => `ग्राम पंचायत समिति क्षेत्र ${i + 1}`);

describe('WhatsApp rendering of choices', () => {
  const cases: [string, string[], string][] = [
    ['1 choice', ['Yes'], 'button'],
    ['3 choices', ['English', 'हिन्दी', 'Help'], 'button'],
    ['4 choices', englishTitles(4), 'list'],
    ['10 choices', englishTitles(10), 'list'],
    ['11 choices', englishTitles(11), 'list'],
    ['25 choices', englishTitles(25), 'list'],
    ['25 long Hindi choices', hindiTitles(25), 'list'],
    [
      '3 long titles that collide when cut',
      ['Report a problem with the well', 'Report a problem with the pond', 'Report a problem with the road'],
      'button',
    ],
  ];

  for (const [name, titles, kind] of cases) {
    it(`${name}: valid bodies, every option reachable, every reply maps back to its value`, () => {
      const values = titles.map((_, i) => `value-${i + 1}`);
      const rendered = renderActivity(withChoices('Which one?', titles, values));
      assert.equal(rendered.messages.length, 1);
      const memory = rendered.choices;
      assert.ok(memory);
      const first = rendered.messages[0];
      assert.ok(first);
      assert.equal(Object(first.interactive).type, kind);

      const tappable = allTappable(first, memory);
      assert.equal(tappable.length, titles.length, 'every option can be reached');
      assert.equal(new Set(tappable.map((t) => t.title)).size, titles.length, 'titles are unique');
      tappable.forEach((item, i) => {
        assert.deepEqual(resolveReply(item.id, memory), { kind: 'value', value: values[i] }, 'tap');
        assert.deepEqual(
          resolveReply(String(i + 1), memory),
          { kind: 'value', value: values[i] },
          'typed number',
        );
        assert.deepEqual(
          resolveReply(titles[i] ?? '', memory),
          { kind: 'value', value: values[i] },
          'typed title',
        );
        assert.deepEqual(
          resolveReply(item.title, memory),
          { kind: 'value', value: values[i] },
          'typed shown title',
        );
      });
    });
  }

  it('keeps the full label in the row description when a title is cut', () => {
    const rendered = renderActivity(withChoices('Pick', hindiTitles(5)));
    const rows = Object(rendered.messages[0]?.interactive).action.sections[0].rows;
    assert.ok([...rows[0].title].length <= 24);
    assert.equal(rows[0].description, 'ग्राम पंचायत समिति क्षेत्र 1');
  });

  it('accepts Devanagari digits back', () => {
    const memory = renderActivity(withChoices('Pick', ['English', 'हिन्दी'], ['en', 'hi'])).choices;
    assert.deepEqual(resolveReply('२', memory), { kind: 'value', value: 'hi' });
    assert.deepEqual(resolveReply('3', memory), { kind: 'none' });
    assert.deepEqual(resolveReply('banana', memory), { kind: 'none' });
  });

  it('uses ids that fit, and numbered ids for values that do not', () => {
    const long = 'x'.repeat(300);
    const memory = renderActivity(withChoices('Pick', ['A', 'B'], [long, 'b'])).choices;
    assert.equal(memory?.options[0]?.id, 'c:0');
    assert.equal(memory?.options[1]?.id, 'b');
    assert.deepEqual(resolveReply('c:0', memory), { kind: 'value', value: long });
  });

  it('keeps generated ids unique even when a value looks like one', () => {
    const memory = renderActivity(
      withChoices('Pick', ['A', 'B', 'C'], ['c:1', 'x'.repeat(300), 'c:0']),
    ).choices;
    const ids = memory?.options.map((o) => o.id) ?? [];
    assert.equal(new Set(ids).size, 3);
    ['c:1', 'x'.repeat(300), 'c:0'].forEach((value, i) => {
      assert.deepEqual(resolveReply(ids[i] ?? '', memory), { kind: 'value', value });
    });
  });

  it('renders a page past the end as the last page, never an empty list', () => {
    const memory = renderActivity(withChoices('Pick', englishTitles(25))).choices;
    assert.ok(memory);
    const page = renderChoicePage(memory, 7);
    assertValid(page);
    assert.equal(Object(page.interactive).action.sections[0].rows.length, 7);
  });

  it('labels lists in Hindi when the text is Hindi', () => {
    const rendered = renderActivity(withChoices('आप क्या करना चाहेंगे?', hindiTitles(12)));
    const action = Object(rendered.messages[0]?.interactive).action;
    assert.equal(action.button, 'चुनें');
    assert.equal(action.sections[0].rows.at(-1).title, 'और विकल्प');
  });
});

describe('WhatsApp rendering of text, media and conventions', () => {
  it('splits 5,000 characters into valid text messages, in order', () => {
    const text = `${'पानी की समस्या। '.repeat(200)}\n\n${'The pond needs repair. '.repeat(100)}`.slice(
      0,
      5000,
    );
    const rendered = renderActivity({ type: 'message', text });
    assert.equal(rendered.messages.length, 2);
    rendered.messages.forEach(assertValid);
    const joined = rendered.messages.map((m) => Object(m.text).body).join(' ');
    assert.equal(joined.replace(/\s+/g, ''), text.replace(/\s+/g, ''));
  });

  it('sends long text before the buttons, keeping the interactive body within its limit', () => {
    const text = `${'a'.repeat(900)}\n\n${'b'.repeat(900)}\n\nChoose one:`;
    const rendered = renderActivity(withChoices(text, ['Yes', 'No']));
    assert.deepEqual(
      rendered.messages.map((m) => m.type),
      ['text', 'interactive'],
    );
    rendered.messages.forEach(assertValid);
    assert.equal(Object(rendered.messages[0]?.text).body, 'a'.repeat(900));
    assert.equal(Object(rendered.messages[1]?.interactive).body.text, `${'b'.repeat(900)}\n\nChoose one:`);
  });

  it('gives choices without text a default body', () => {
    const rendered = renderActivity(withChoices('', ['Yes', 'No']));
    assert.equal(Object(rendered.messages[0]?.interactive).body.text, 'Please choose an option');
    rendered.messages.forEach(assertValid);
  });

  it('renders a location request natively', () => {
    const rendered = renderActivity(locationRequest('Please share the location of the work site.'));
    assert.deepEqual(rendered.messages, [
      {
        type: 'interactive',
        interactive: {
          type: 'location_request_message',
          body: { text: 'Please share the location of the work site.' },
          action: { name: 'send_location' },
        },
      },
    ]);
    rendered.messages.forEach(assertValid);
  });

  it('sends media attachments by link, with the text as caption when it fits', () => {
    const rendered = renderActivity({
      type: 'message',
      text: 'The pond after repair',
      attachments: [{ contentType: 'image/jpeg', contentUrl: 'https://example.org/pond.jpg' }],
    });
    assert.deepEqual(rendered.messages, [
      { type: 'image', image: { link: 'https://example.org/pond.jpg', caption: 'The pond after repair' } },
    ]);
    const several = renderActivity({
      type: 'message',
      text: 'Files',
      attachments: [
        { contentType: 'application/pdf', contentUrl: 'https://example.org/a.pdf', name: 'a.pdf' },
        { contentType: 'audio/ogg', contentUrl: 'https://example.org/a.ogg' },
      ],
    });
    assert.deepEqual(
      several.messages.map((m) => m.type),
      ['document', 'audio', 'text'],
    );
    [...rendered.messages, ...several.messages].forEach(assertValid);
  });

  it('sends files WhatsApp cannot play inline as documents, and reports what it cannot show', () => {
    const rendered = renderActivity({
      type: 'message',
      attachments: [
        { contentType: 'image/gif', contentUrl: 'https://example.org/a.gif' },
        { contentType: 'image/webp', contentUrl: 'https://example.org/a.webp' },
        { contentType: 'application/vnd.microsoft.card.adaptive', content: {} },
        { contentType: 'image/jpeg', contentUrl: 'media:whatsapp/x/y-0' },
      ],
    });
    assert.deepEqual(
      rendered.messages.map((m) => m.type),
      ['document', 'document'],
    );
    assert.deepEqual(rendered.unrendered, ['application/vnd.microsoft.card.adaptive', 'image/jpeg']);
    rendered.messages.forEach(assertValid);
  });

  it('renders a hero card as image, text and buttons', () => {
    const rendered = renderActivity(checkDamCard('Approved for your village', 'details'));
    assert.deepEqual(
      rendered.messages.map((m) => m.type),
      ['image', 'interactive'],
    );
    assert.equal(
      Object(rendered.messages[1]?.interactive).body.text,
      '*Check dam*\nApproved for your village',
    );
    rendered.messages.forEach(assertValid);
  });

  it('sends templates, and knows a fallback template from an always-template', () => {
    const template = {
      name: 'status_update',
      language: 'hi',
      components: [{ type: 'body', parameters: [{ type: 'text', text: 'WD-7K3F9Q' }] }],
    };
    const always = renderActivity({ type: 'message', attachments: [whatsappTemplateAttachment(template)] });
    assert.equal(always.templateOnly, true);
    assert.deepEqual(always.messages, [
      {
        type: 'template',
        template: { name: 'status_update', language: { code: 'hi' }, components: template.components },
      },
    ]);
    always.messages.forEach(assertValid);

    const withFallback = renderActivity({
      type: 'message',
      text: 'Your request WD-7K3F9Q was accepted.',
      attachments: [whatsappTemplateAttachment({ ...template, use: 'windowClosed' })],
    });
    assert.equal(withFallback.templateOnly, false);
    assert.deepEqual(
      withFallback.messages.map((m) => m.type),
      ['text'],
    );
    assert.equal(withFallback.windowClosedFallback?.type, 'template');
  });

  it('builds valid mark-read and typing bodies, and contextual replies', () => {
    assert.deepEqual(validateOutbound(markReadBody('wamid.X', false), ['whatsapp']), []);
    assert.deepEqual(validateOutbound(markReadBody('wamid.X', true), ['whatsapp']), []);
    const reply = addressed({ type: 'text', text: { body: 'ok' } }, '919', 'wamid.Q');
    assert.deepEqual(reply.context, { message_id: 'wamid.Q' });
    assert.deepEqual(validateOutbound(reply, ['whatsapp']), []);
  });
});
