/** Media in memory are checked and named as `MediaStore` does, and kept within their byte budget. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { MemoryMedia } from '../../../../src/durable/memory/memoryMedia';
import { MediaIntegrityError, MediaTypeMismatchError } from '../../../../src/durable/storage/mediaStore';

const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(24)]);
const input = (index: number, data = PNG) => ({
  channel: 'whatsapp',
  conversationKey: 'PN/919',
  messageId: 'wamid.1',
  index,
  data,
  mimeType: 'image/png',
  kind: 'image' as const,
});

describe('MemoryMedia', () => {
  it('keeps checked bytes under the name MediaStore gives them', async () => {
    const media = new MemoryMedia();
    const sha256 = createHash('sha256').update(PNG).digest('hex');
    const stored = await media.save({ ...input(0), expectedSha256: sha256 });
    assert.equal(stored.blobName, 'whatsapp/PN/919/wamid.1-0');
    assert.equal(stored.sha256, sha256);
    assert.deepEqual(media.read(stored.blobName)?.data, PNG);
    assert.equal(media.read(stored.blobName)?.contentType, 'image/png');
  });

  it('refuses bytes that are not what the platform announced', async () => {
    const media = new MemoryMedia();
    await assert.rejects(media.save({ ...input(0), expectedSha256: 'a'.repeat(64) }), MediaIntegrityError);
    await assert.rejects(media.save(input(1, Buffer.from('<html>not a png</html>'))), MediaTypeMismatchError);
    assert.equal(media.read('whatsapp/PN/919/wamid.1-1'), undefined);
  });

  it('forgets the oldest files beyond its byte budget', async () => {
    const media = new MemoryMedia({ maxBytes: PNG.length * 2 });
    for (let index = 0; index < 3; index += 1) await media.save(input(index));
    assert.equal(media.read('whatsapp/PN/919/wamid.1-0'), undefined);
    assert.ok(media.read('whatsapp/PN/919/wamid.1-1'));
    assert.ok(media.read('whatsapp/PN/919/wamid.1-2'));
  });
});
