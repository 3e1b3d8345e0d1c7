/**
 * Inbound media kept in the media container: bytes, content type, size, SHA-256 (checked against the
 * platform's when it gave one) and original name. Names are `<channel>/<conversation>/<message id>-<n>`.
 * Bytes that are not what their content type says (an HTML page labelled `image/jpeg`, `mediaSniff.ts`)
 * are refused, never stored under that label.
 */
import { createHash } from 'node:crypto';
import type { StoredMedia } from '../../core/conventions/storedMedia';
import type { BlobAccount } from './blobAccount';
import { pathSegment } from './blobName';
import { DocumentStore } from './documentStore';
import { mediaTypeMismatch } from './mediaSniff';

export interface MediaInput {
  channel: string;
  conversationKey: string;
  messageId: string;
  index: number;
  data: Buffer;
  mimeType: string;
  kind: StoredMedia['kind'];
  originalName?: string;
  voice?: boolean;
  caption?: string;
  /** The platform's SHA-256 of the file (hex or base64), when it sent one. */
  expectedSha256?: string;
}

export class MediaIntegrityError extends Error {
  constructor(readonly expected: string) {
    super('Downloaded media does not match the SHA-256 the platform announced');
  }
}

/** The bytes are not what their content type says (`found`: what they look like, or `unrecognised`). */
export class MediaTypeMismatchError extends Error {
  constructor(
    readonly declared: string,
    readonly found: string,
  ) {
    super(`Downloaded media is not the ${declared} it was announced as (its bytes look like ${found})`);
  }
}

export interface MediaSink {
  save(input: MediaInput): Promise<StoredMedia>;
}

export class MediaStore implements MediaSink {
  readonly documents: DocumentStore;

  constructor(account: BlobAccount) {
    this.documents = new DocumentStore(account, 'media');
  }

  async save(input: MediaInput): Promise<StoredMedia> {
    const { stored, metadata } = checkedMedia(input);
    await this.documents.putBytes(stored.blobName, input.data, { contentType: input.mimeType, metadata });
    return stored;
  }

  /**
   * Deletes a conversation's media (a person's erasure) and the named blobs beside it (those their
   * submissions refer to); returns how many were deleted.
   */
  async erase(channel: string, named: readonly string[], conversationKey?: string): Promise<number> {
    const names = new Set(named);
    if (conversationKey !== undefined)
      for await (const name of this.documents.list(`${folderOf(channel, conversationKey)}/`)) names.add(name);
    for (const name of names) await this.documents.delete(name);
    return names.size;
  }
}

/**
 * Checks inbound media before any store keeps it (the platform's SHA-256 when it gave one, and that the
 * bytes are what their content type says) and names it; what every `MediaSink` keeps and returns.
 */
export function checkedMedia(input: MediaInput): {
  stored: StoredMedia;
  metadata: Record<string, string>;
} {
  const digest = createHash('sha256').update(input.data).digest();
  if (input.expectedSha256 !== undefined && !sameDigest(digest, input.expectedSha256)) {
    throw new MediaIntegrityError(input.expectedSha256);
  }
  const found = mediaTypeMismatch(input.mimeType, input.data);
  if (found !== undefined) throw new MediaTypeMismatchError(input.mimeType, found);
  const sha256 = digest.toString('hex');
  const blobName = `${folderOf(input.channel, input.conversationKey)}/${pathSegment(input.messageId)}-${input.index}`;
  const metadata: Record<string, string> = { sha256, kind: input.kind };
  if (input.originalName !== undefined) metadata.original_name = input.originalName;
  const stored: StoredMedia = {
    available: true,
    blobName,
    mimeType: input.mimeType,
    size: input.data.length,
    sha256,
    kind: input.kind,
    ...(input.originalName === undefined ? {} : { originalName: input.originalName }),
    ...(input.voice === undefined ? {} : { voice: input.voice }),
    ...(input.caption === undefined ? {} : { caption: input.caption }),
  };
  return { stored, metadata };
}

/** The folder of one conversation's media: `<channel>/<conversation key's parts>`. */
function folderOf(channel: string, conversationKey: string): string {
  return `${pathSegment(channel)}/${conversationKey.split('/').map(pathSegment).join('/')}`;
}

/** Meta sends SHA-256 as hex in some places and base64 in others. */
function sameDigest(digest: Buffer, announced: string): boolean {
  const trimmed = announced.trim();
  if (/^[0-9a-f]{64}$/i.test(trimmed)) return digest.toString('hex') === trimmed.toLowerCase();
  return digest.toString('base64') === trimmed || digest.toString('base64url') === trimmed.replace(/=+$/, '');
}
