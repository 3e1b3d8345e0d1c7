/**
 * Inbound media as the adapters hand it to dialogs: an attachment whose `contentUrl` names our stored
 * copy (`media:<blob name>` in the media container), with details in `content`. Platform URLs expire in
 * minutes, so dialogs never see them.
 */
import type { Attachment } from 'botbuilder';
import { z } from 'zod';

export const MEDIA_URL_PREFIX = 'media:';

export const storedMediaSchema = z.object({
  available: z.literal(true),
  blobName: z.string(),
  mimeType: z.string(),
  size: z.number().int().nonnegative(),
  sha256: z.string(),
  originalName: z.string().optional(),
  kind: z.enum(['image', 'audio', 'video', 'document', 'sticker']),
  voice: z.boolean().optional(),
  caption: z.string().optional(),
});
export type StoredMedia = z.infer<typeof storedMediaSchema>;

export const unavailableMediaSchema = z.object({
  available: z.literal(false),
  kind: z.enum(['image', 'audio', 'video', 'document', 'sticker']),
  mimeType: z.string().optional(),
  reason: z.string(),
});
export type UnavailableMedia = z.infer<typeof unavailableMediaSchema>;

export function mediaUrl(blobName: string): string {
  return `${MEDIA_URL_PREFIX}${blobName}`;
}

export function storedMediaAttachment(media: StoredMedia): Attachment {
  return {
    contentType: media.mimeType,
    contentUrl: mediaUrl(media.blobName),
    name: media.originalName,
    content: media,
  };
}

export function unavailableMediaAttachment(media: UnavailableMedia): Attachment {
  return { contentType: media.mimeType ?? 'application/octet-stream', content: media };
}

/** The stored media of an activity's attachments (unavailable ones are skipped). */
export function storedMediaOf(attachments: readonly Attachment[] | undefined): StoredMedia[] {
  return (attachments ?? []).flatMap((a) => {
    const parsed = storedMediaSchema.safeParse(a.content);
    return parsed.success ? [parsed.data] : [];
  });
}
