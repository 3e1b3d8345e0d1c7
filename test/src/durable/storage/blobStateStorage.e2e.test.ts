/** Bot state storage and documents against a real Azurite: ETags, create-only writes, awkward keys, Hindi text. */
import assert from 'node:assert/strict';
import { BlobStateStorage } from '../../../../src/durable/storage/blobStateStorage';
import { DocumentStore } from '../../../../src/durable/storage/documentStore';
import { testAccount } from '../../../helpers/azurite';
import { describeEtagDocuments, describeStateStorage } from '../../../helpers/storeContract';

describeStateStorage('BlobStateStorage (Azurite)', () => new BlobStateStorage(testAccount()));

describeEtagDocuments('DocumentStore (Azurite)', () => new DocumentStore(testAccount(), 'submissions'));

describe('DocumentStore (Azurite): bytes', () => {
  let documents: DocumentStore;
  beforeEach(() => {
    documents = new DocumentStore(testAccount(), 'submissions');
  });

  it('stores bytes with content type and metadata, and lists by folder', async () => {
    const bytes = Buffer.from([0, 1, 2, 255, 254]);
    await documents.putBytes('media/उपयोगकर्ता 1/photo.jpg', bytes, {
      contentType: 'image/jpeg',
      metadata: { sha256: 'abc', original_name: 'कुआँ की फ़ोटो (1).jpg' },
    });
    await documents.putJson('media/other/x.json', {});
    const stored = await documents.getBytes('media/उपयोगकर्ता 1/photo.jpg');
    assert.deepEqual(stored?.data, bytes);
    assert.equal(stored?.contentType, 'image/jpeg');
    assert.equal(stored?.metadata.sha256, 'abc');
    assert.equal(stored?.metadata.original_name, 'कुआँ की फ़ोटो (1).jpg');
    const names: string[] = [];
    for await (const name of documents.list('media/उपयोगकर्ता 1/')) names.push(name);
    assert.deepEqual(names, ['media/उपयोगकर्ता 1/photo.jpg']);
  });
});
