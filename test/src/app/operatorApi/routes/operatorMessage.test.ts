/**
 * An operator's message (pure): each media kind goes out as that kind on WhatsApp and on Messenger,
 * a template as the WhatsApp template, and text limits are one message of the channel (Instagram's in
 * bytes); what breaks them is named by field.
 */
import assert from 'node:assert/strict';
import { renderActivity as renderMessenger } from '../../../../../adapters/messenger/fromActivity';
import { renderActivity as renderWhatsApp } from '../../../../../adapters/whatsapp/fromActivity';
import {
  activityOf,
  MEDIA_KINDS,
  operatorMessageSchema,
} from '../../../../../src/app/operatorApi/routes/operatorMessage';

const fieldsOf = (body: unknown): string[] => {
  const parsed = operatorMessageSchema.safeParse(body);
  return parsed.success ? [] : parsed.error.issues.map((issue) => issue.path.join('.'));
};

describe('an operator message', () => {
  it('sends each media kind as that kind on WhatsApp and Messenger', () => {
    const messenger = { image: 'image', audio: 'audio', video: 'video', document: 'file' };
    for (const kind of MEDIA_KINDS) {
      const url = `https://example.org/files/${kind}-1`;
      const activity = activityOf(
        operatorMessageSchema.parse({ channel: 'whatsapp', to: '91980', media: { kind, url } }),
      );
      const [whatsApp] = renderWhatsApp(activity).messages;
      assert.equal(whatsApp?.type, kind);
      assert.equal(Object(whatsApp?.[kind]).link, url);
      const [page] = renderMessenger(activity, 'messenger').messages;
      assert.deepEqual(Object(page).attachment, {
        type: messenger[kind],
        payload: { url, is_reusable: true },
      });
    }
  });

  it('sends a template as the WhatsApp template, with its components', () => {
    const template = {
      name: 'status_update',
      language: 'en_US',
      components: [{ type: 'body', parameters: [] }],
    };
    const rendered = renderWhatsApp(
      activityOf(operatorMessageSchema.parse({ channel: 'whatsapp', to: '91980', template })),
    );
    assert.equal(rendered.templateOnly, true, 'a template alone may go outside the window');
    assert.deepEqual(rendered.messages, [
      {
        type: 'template',
        template: { name: 'status_update', language: { code: 'en_US' }, components: template.components },
      },
    ]);
  });

  it('takes text up to one message of the channel: Instagram counts bytes', () => {
    const hindi = 'अ'.repeat(334); // 1002 bytes in UTF-8
    assert.deepEqual(fieldsOf({ channel: 'instagram', to: '17841', text: hindi }), ['text']);
    assert.deepEqual(fieldsOf({ channel: 'instagram', to: '17841', text: 'अ'.repeat(333) }), []);
    assert.deepEqual(fieldsOf({ channel: 'messenger', to: '7100', text: 'x'.repeat(1999) }), []);
    assert.deepEqual(fieldsOf({ channel: 'whatsapp', to: '91980', text: 'x'.repeat(4096) }), []);
    assert.deepEqual(
      fieldsOf({ channel: 'whatsapp', to: '91980', text: '😀'.repeat(4096) }),
      [],
      'characters, not UTF-16 units',
    );
  });

  it('names what breaks it: a template off WhatsApp, a URL with credentials, no content', () => {
    assert.deepEqual(
      fieldsOf({ channel: 'instagram', to: '17841', template: { name: 'a', language: 'en' } }),
      ['template'],
    );
    assert.deepEqual(
      fieldsOf({
        channel: 'whatsapp',
        to: '91980',
        media: { kind: 'image', url: 'https://user:pw@example.org/a.jpg' },
      }),
      ['media.url'],
    );
    assert.deepEqual(fieldsOf({ channel: 'messenger', to: '7100', from: '', text: 'hi' }), ['from']);
    assert.deepEqual(fieldsOf({ channel: 'messenger', to: '7100' }), ['text']);
  });
});
