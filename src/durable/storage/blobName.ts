/**
 * Safe blob names for arbitrary keys. Botbuilder keys contain `/`, `|`, `:` and user ids in any script;
 * Azure treats `/` as a virtual folder, strips trailing dots and limits names to 1024 characters. Every
 * character outside `[A-Za-z0-9_-]` is percent-encoded (UTF-8), so distinct keys give distinct names.
 * Keys whose encoding is too long keep a readable prefix and end in their SHA-256.
 */
import { createHash } from 'node:crypto';

const MAX_SEGMENT = 900;

/** Encodes one key (or one path segment) into a flat, reversible blob-name segment. */
export function encodeKey(key: string): string {
  let out = '';
  for (const byte of Buffer.from(key, 'utf8')) {
    const ch = String.fromCharCode(byte);
    out += /[A-Za-z0-9_-]/.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  if (out.length === 0) return '~';
  if (out.length <= MAX_SEGMENT) return out;
  const digest = createHash('sha256').update(key, 'utf8').digest('hex');
  return `${out.slice(0, 200).replace(/%[0-9A-F]?$/, '')}~${digest}`;
}

/** Inverse of `encodeKey` for names that were not shortened. */
export function decodeKey(name: string): string {
  return Buffer.from(
    name.replace(/%([0-9A-F]{2})|([^%])/g, (_m, hex: string | undefined, plain: string | undefined) =>
      hex !== undefined ? String.fromCharCode(parseInt(hex, 16)) : (plain ?? ''),
    ),
    'latin1',
  ).toString('utf8');
}

/** A document path: `/` separates virtual folders; each segment is encoded on its own. */
export function encodePath(path: string): string {
  return path.split('/').map(encodeKey).join('/');
}

/**
 * One id as one segment of a document path: `%` and `/` are escaped, so an id never spans folders and no
 * id's folder is a prefix of another's (`919500000001/x` is not inside `919500000001/`). Ids without
 * either character (phone numbers, PSIDs, UUIDs) are unchanged, and so are the names stored for them.
 */
export function pathSegment(id: string): string {
  return id.replace(/[%/]/g, (ch) => (ch === '%' ? '%25' : '%2F'));
}

/** The id a `pathSegment` was made from. */
export function idOfSegment(segment: string): string {
  return segment.replace(/%2F|%25/g, (escaped) => (escaped === '%2F' ? '/' : '%'));
}
