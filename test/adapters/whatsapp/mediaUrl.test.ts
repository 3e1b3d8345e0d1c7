/** Where WhatsApp media may be fetched with our credentials. */
import assert from 'node:assert/strict';
import { UntrustedUrlError } from '../../../adapters/meta/graphClient';
import { isMediaDownloadUrl, mediaLookupPath } from '../../../adapters/whatsapp/mediaUrl';

describe('WhatsApp media URLs', () => {
  it('accepts the attachments path (as the webhooks and lookups give it), at the root or under the base', () => {
    const meta = new URL('https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=133&ext=1&hash=x');
    assert.equal(isMediaDownloadUrl(meta), true);
    const d360 = new URL('https://d360.test/v1/whatsapp_business/attachments/?mid=133');
    assert.equal(isMediaDownloadUrl(d360, '/v1/'), true);
  });

  it('refuses every other path, however close', () => {
    for (const url of [
      'https://graph.facebook.com/v24.0/me/accounts',
      'https://graph.facebook.com/v24.0/106540352242922/phone_numbers',
      'https://waba-v2.360dialog.io/v1/configs/webhook',
      'https://lookaside.fbsbx.com/whatsapp_business/attachments',
      'https://lookaside.fbsbx.com/whatsapp_business/attachments/../../x',
      'https://lookaside.fbsbx.com/x/whatsapp_business/attachments/',
    ])
      assert.equal(isMediaDownloadUrl(new URL(url)), false, url);
  });

  it('looks a media id up as one plain segment, never `.` or `..`', () => {
    assert.equal(mediaLookupPath('whatsapp', '1003383421387256'), '1003383421387256');
    for (const id of ['..', '.', '', 'a/b', '1?x=1', 'x'.repeat(129)])
      assert.throws(() => mediaLookupPath('whatsapp', id), UntrustedUrlError, id);
  });
});
