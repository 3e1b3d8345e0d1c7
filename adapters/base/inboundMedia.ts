/**
 * Inbound media kept at once: a recorded event's attachments are downloaded the channel's way and saved
 * in the media store (platform URLs expire in minutes), each becoming an attachment that names our copy.
 * One that cannot be fetched or stored becomes an attachment marked unavailable, with the reason: the
 * turn still runs, and the dialog can say so.
 */
import type { Attachment } from 'botbuilder';
import {
  storedMediaAttachment,
  unavailableMediaAttachment,
  type StoredMedia,
} from '../../src/core/conventions/storedMedia';
import { describeError } from '../../src/core/errors';
import type { Logger } from '../../src/core/log';
import type { MediaInput, MediaSink } from '../../src/durable/storage/mediaStore';

/** Bytes fetched from a platform, with the content type it gave. */
export interface DownloadedMedia {
  data: Buffer;
  contentType?: string;
}

/** One attachment to keep: where it is filed and what the platform said of it before the download. */
export type InboundAttachment = Omit<MediaInput, 'data' | 'mimeType'> & {
  /** The content type the webhook announced; else the download's, else `application/octet-stream`. */
  mimeType?: string;
  download: () => Promise<DownloadedMedia>;
};

export async function storeInboundMedia(
  deps: { media: MediaSink; log: Logger },
  channel: string,
  { download, ...media }: InboundAttachment,
): Promise<Attachment> {
  try {
    const downloaded = await download();
    const stored: StoredMedia = await deps.media.save({
      ...media,
      data: downloaded.data,
      mimeType: media.mimeType ?? downloaded.contentType ?? 'application/octet-stream',
    });
    return storedMediaAttachment(stored);
  } catch (error) {
    deps.log.warn(`${channel}: inbound media could not be stored; the attachment is marked unavailable`, {
      kind: media.kind,
      error: describeError(error),
    });
    return unavailableMediaAttachment({
      available: false,
      kind: media.kind,
      mimeType: media.mimeType,
      reason: describeError(error),
    });
  }
}
