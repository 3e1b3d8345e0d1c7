/**
 * Erasure in tests: a person's full WhatsApp journey (a work demand with a voice note and a photo), and
 * a scan of every container of the app's prefix for anything that names them (blob names, and contents)
 * or carries one of their media files' hashes.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { BlobServiceClient } from '@azure/storage-blob';
import { replyText, type WhatsAppApp } from './appOnGraph';
import { AGREE } from './consent';
import { sharedAzurite } from './azurite';
import { location, media, text, type Sender } from './whatsappWebhooks';

export interface Journey {
  reference: string;
  /** The voice note's and the photo's SHA-256, hex and base64 (as stored and as Meta announced). */
  hashes: string[];
}

/** Joins a community and files a work demand with a voice note and a photo; gives its reference. */
export async function workDemandWithMedia(rig: WhatsAppApp, sender: Sender): Promise<Journey> {
  const say = (message: Record<string, unknown>) => rig.say(sender, message);
  const voice = rig.graph.registerMedia(Buffer.from(`OggS\u0000voice of ${sender.waId}`), 'audio/ogg');
  const photo = rig.graph.registerMedia(
    Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(sender.waId)]),
    'image/jpeg',
  );
  const digest = (data: Buffer) => createHash('sha256').update(data).digest();
  // Language, the privacy notice agreed to, community (by a pin), the journey, and the work site (by a pin).
  const [home, site] = [location(sender, 24.38, 73.52), location(sender, 24.3812, 73.5234)];
  const said = ['hi', 'English', AGREE.en, home, 'Jhadol Van Samiti', 'Ask for work', site];
  for (const message of said) await say(typeof message === 'string' ? text(sender, message) : message);
  const sha = (data: Buffer) => digest(data).toString('base64');
  await say(
    media(sender, 'audio', { id: voice.id, mime_type: 'audio/ogg', sha256: sha(voice.data), voice: true }),
  );
  await say(media(sender, 'image', { id: photo.id, mime_type: 'image/jpeg', sha256: sha(photo.data) }));
  await say(text(sender, 'Done'));
  await say(text(sender, 'Submit'));
  const reference = /WD-[0-9A-HJKMNP-TV-Z]{6}/.exec(rig.repliesTo(sender).map(replyText).join(' '))?.[0];
  assert.ok(reference, 'the person was given a reference');
  const hashes = [voice.data, photo.data].flatMap((data) => [digest(data).toString('hex'), sha(data)]);
  return { reference, hashes };
}

/** Every blob of the app's containers whose name or content holds one of `needles`: `container/name`. */
export async function blobsHolding(prefix: string, needles: readonly string[]): Promise<string[]> {
  const service = BlobServiceClient.fromConnectionString(sharedAzurite().connectionString);
  const found: string[] = [];
  for await (const container of service.listContainers({ prefix: `${prefix}-` })) {
    const client = service.getContainerClient(container.name);
    for await (const blob of client.listBlobsFlat({ includeMetadata: true })) {
      const content = (await client.getBlockBlobClient(blob.name).downloadToBuffer()).toString('utf8');
      const seen = [blob.name, decodeURIComponent(blob.name), content, JSON.stringify(blob.metadata ?? {})];
      if (needles.some((needle) => seen.some((text) => text.includes(needle))))
        found.push(`${container.name}/${blob.name}`);
    }
  }
  return found;
}
