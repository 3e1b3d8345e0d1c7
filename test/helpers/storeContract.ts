/**
 * The storage contract the bot relies on, as tests any store must pass: the blob-backed stores on Azurite
 * and the in-memory ones run the same assertions.
 */
import assert from 'node:assert/strict';
import { z } from 'zod';
import { AlreadyExistsError, StateConflictError, StoredDataError } from '../../src/core/errors';
import type { DocumentStateStorage } from '../../src/durable/storage/blobStateStorage';
import type { EtagDocuments } from '../../src/durable/storage/documentStore';

/** Bot state: ETags on read, writes with them, create-only without one, `*` overwrites. */
export function describeStateStorage(title: string, open: () => DocumentStateStorage): void {
  describe(title, () => {
    let storage: DocumentStateStorage;
    beforeEach(() => {
      storage = open();
    });

    it('returns the item’s ETag on read and writes with it', async () => {
      await storage.write({ k: { count: 1 } });
      const first = await storage.read(['k']);
      assert.equal(first.k.count, 1);
      assert.match(String(first.k.eTag), /\S/);
      await storage.write({ k: { count: 2, eTag: first.k.eTag } });
      const second = await storage.read(['k']);
      assert.equal(second.k.count, 2);
      assert.notEqual(second.k.eTag, first.k.eTag);
    });

    it('raises StateConflictError when the item changed since it was read', async () => {
      await storage.write({ k: { who: 'first' } });
      const { k: readByA } = await storage.read(['k']);
      const { k: readByB } = await storage.read(['k']);
      await storage.write({ k: { who: 'A', eTag: readByA.eTag } });
      await assert.rejects(storage.write({ k: { who: 'B', eTag: readByB.eTag } }), (error: unknown) => {
        assert.ok(error instanceof StateConflictError);
        assert.equal(error.key, 'k');
        return true;
      });
      assert.equal((await storage.read(['k'])).k.who, 'A');
    });

    it('treats a write without an ETag as create-only, and only an explicit * overwrites', async () => {
      await storage.write({ k: { v: 1 } });
      await assert.rejects(storage.write({ k: { v: 2 } }), StateConflictError);
      assert.equal((await storage.read(['k'])).k.v, 1);
      await storage.write({ k: { v: 3, eTag: '*' } });
      assert.equal((await storage.read(['k'])).k.v, 3);
    });

    it('round-trips Hindi text byte-exact and keeps awkward keys apart', async () => {
      const hindi = 'नमस्ते 🙏 — कुआँ, तालाब और चेक डैम। ज़रूरत है\u200d\u0301';
      const keys = [
        'whatsapp/conversations/919876543210',
        'a|b',
        'a:b',
        'a/b',
        'a%2Fb',
        'a%252Fb',
        'उपयोगकर्ता/स्थिति',
        'trailing.',
        '..',
        '',
        ' spaced key ',
        'x'.repeat(1500),
      ];
      await storage.write(Object.fromEntries(keys.map((key, index) => [key, { index, hindi }])));
      const items = await storage.read(keys);
      assert.deepEqual(Object.keys(items).sort(), [...keys].sort());
      keys.forEach((key, index) => {
        assert.equal(items[key].index, index, `key ${JSON.stringify(key.slice(0, 30))}`);
        assert.equal(Buffer.compare(Buffer.from(items[key].hindi, 'utf8'), Buffer.from(hindi, 'utf8')), 0);
      });
    });

    it('reads missing keys as absent and deletes', async () => {
      await storage.write({ gone: { v: 1 } });
      await storage.delete(['gone', 'never-there']);
      assert.deepEqual(await storage.read(['gone', 'never-there']), {});
    });
  });
}

/** JSON documents: create-only writes, schema checks on read, ETag conditions, listing by prefix. */
export function describeEtagDocuments(title: string, open: () => EtagDocuments): void {
  describe(title, () => {
    let documents: EtagDocuments;
    beforeEach(() => {
      documents = open();
    });

    it('raises AlreadyExistsError on a create-only write of an existing name', async () => {
      await documents.createJson('submissions/WD-7K3F9Q.json', { ref: 'WD-7K3F9Q' });
      await assert.rejects(
        documents.createJson('submissions/WD-7K3F9Q.json', { ref: 'other' }),
        (error: unknown) => {
          assert.ok(error instanceof AlreadyExistsError);
          assert.equal(error.key, 'submissions/WD-7K3F9Q.json');
          return true;
        },
      );
    });

    it('checks stored JSON against the schema on read', async () => {
      await documents.putJson('doc.json', { ref: 42 });
      await assert.rejects(documents.getJson('doc.json', z.object({ ref: z.string() })), StoredDataError);
      const ok = await documents.getJson('doc.json', z.object({ ref: z.number() }));
      assert.equal(ok?.value.ref, 42);
    });

    it('refuses a conditional write with a stale ETag', async () => {
      const first = await documents.putJson('doc.json', { v: 1 });
      await documents.putJson('doc.json', { v: 2 }, { ifMatch: first });
      await assert.rejects(documents.putJson('doc.json', { v: 3 }, { ifMatch: first }), StateConflictError);
    });

    it('refuses a conditional write or delete of a name that is absent or changed, and leaves it', async () => {
      await assert.rejects(
        documents.putJson('absent.json', { v: 1 }, { ifMatch: '"0x1"' }),
        StateConflictError,
      );
      assert.equal(await documents.getJson('absent.json', z.unknown()), undefined);
      const first = await documents.putJson('doc.json', { v: 1 });
      await documents.putJson('doc.json', { v: 2 });
      await assert.rejects(documents.delete('doc.json', { ifMatch: first }), StateConflictError);
      assert.deepEqual((await documents.getJson('doc.json', z.unknown()))?.value, { v: 2 });
      await documents.delete('doc.json');
      await documents.delete('doc.json');
      assert.equal(await documents.getJson('doc.json', z.unknown()), undefined);
    });

    it('lists the names under a folder in blob order, not those of a folder that shares its start', async () => {
      for (const name of [
        's/उपयोगकर्ता 1/b.json',
        's/उपयोगकर्ता 1/a.json',
        's/उपयोगकर्ता 10/c.json',
        's/x.json',
      ])
        await documents.createJson(name, { name });
      const names: string[] = [];
      for await (const name of documents.list('s/उपयोगकर्ता 1/')) names.push(name);
      assert.deepEqual(names, ['s/उपयोगकर्ता 1/a.json', 's/उपयोगकर्ता 1/b.json']);
    });

    it('lists a prefix in pages, each resuming where the last left off, unmoved by names added before it', async () => {
      for (const name of ['p/3', 'p/5', 'p/7', 'p/9', 'q/1']) await documents.createJson(name, {});
      const first = await documents.listPage('p/', { maxResults: 2 });
      assert.deepEqual(first.names, ['p/3', 'p/5']);
      assert.ok(first.marker !== undefined, 'more to come');
      await documents.createJson('p/1', {});
      const second = await documents.listPage('p/', { marker: first.marker, maxResults: 2 });
      assert.deepEqual(second.names, ['p/7', 'p/9']);
      const rest = second.marker
        ? await documents.listPage('p/', { marker: second.marker, maxResults: 2 })
        : { names: [] };
      assert.deepEqual(rest.names, []);
      assert.equal('marker' in rest ? rest.marker : undefined, undefined);
      assert.deepEqual((await documents.listPage('p/', { maxResults: 10 })).names, [
        'p/1',
        'p/3',
        'p/5',
        'p/7',
        'p/9',
      ]);
    });

    it('keeps what was written, not the object it was written from', async () => {
      const value = { list: [1] };
      await documents.putJson('doc.json', value);
      value.list.push(2);
      assert.deepEqual((await documents.getJson('doc.json', z.unknown()))?.value, { list: [1] });
    });
  });
}
