/**
 * Where WhatsApp media may be fetched with our credentials: Meta's attachments path for the bytes
 * (`https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=…`, or 360dialog's host in its place)
 * and the Graph lookup `/<media-id>` for a fresh URL. A URL a webhook or a lookup names anywhere else
 * (another Graph path, another 360dialog endpoint) is refused before any request, so the token or API key
 * only ever reads media.
 */
import { UntrustedUrlError } from '../meta/graphClient';

export const MEDIA_ATTACHMENTS_PATH = '/whatsapp_business/attachments/';

/** The attachments path, at the origin's root or under the API base's own path (`basePath`). */
export function isMediaDownloadUrl(url: URL, basePath = ''): boolean {
  const prefix = basePath.replace(/\/+$/, '');
  return url.pathname === MEDIA_ATTACHMENTS_PATH || url.pathname === `${prefix}${MEDIA_ATTACHMENTS_PATH}`;
}

/** One plain path segment: the webhook schema's characters, but never `.` or `..` alone. */
const MEDIA_ID = /^(?!\.+$)[A-Za-z0-9_.-]{1,128}$/;

/** The lookup path of a media id (relative to the API base); refuses an id that is not one plain segment. */
export function mediaLookupPath(channel: string, mediaId: string): string {
  if (!MEDIA_ID.test(mediaId)) throw new UntrustedUrlError(channel, 'a media lookup', 'path');
  return encodeURIComponent(mediaId);
}
