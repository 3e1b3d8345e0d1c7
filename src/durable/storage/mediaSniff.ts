/**
 * What a file's first bytes say it is, against what the platform said it is. A CDN's HTML error page
 * or anything else in place of a photo must not be stored under the webhook's `image/jpeg`.
 *
 * Recognised by magic numbers: JPEG, PNG, GIF, WebP, Ogg (Opus voice notes), ISO media (MP4, 3GP, M4A,
 * QuickTime), MPEG audio (ID3 or a frame header), AAC (ADTS), AMR, PDF, and HTML. A declared type we can
 * recognise must match the bytes; another declared type (Office documents, plain text, ...) is accepted
 * unless the bytes are one of those formats, HTML above all, the obvious wrong answer.
 */

export type SniffedType =
  | 'image/jpeg'
  | 'image/png'
  | 'image/gif'
  | 'image/webp'
  | 'audio/ogg'
  | 'video/mp4'
  | 'audio/mpeg'
  | 'audio/aac'
  | 'audio/amr'
  | 'application/pdf'
  | 'text/html';

/** The declared types each recognised format may carry (lower case, without parameters). */
const DECLARED_AS: Record<SniffedType, readonly string[]> = {
  'image/jpeg': ['image/jpeg', 'image/jpg', 'image/pjpeg'],
  'image/png': ['image/png'],
  'image/gif': ['image/gif'],
  'image/webp': ['image/webp'],
  'audio/ogg': ['audio/ogg', 'audio/opus', 'video/ogg', 'application/ogg'],
  'video/mp4': [
    'video/mp4',
    'video/3gpp',
    'video/3gpp2',
    'video/quicktime',
    'audio/mp4',
    'audio/m4a',
    'audio/x-m4a',
    'audio/3gpp',
    'audio/aac',
  ],
  'audio/mpeg': ['audio/mpeg', 'audio/mp3', 'audio/mpeg3'],
  'audio/aac': ['audio/aac', 'audio/aacp', 'audio/x-aac'],
  'audio/amr': ['audio/amr', 'audio/amr-wb', 'audio/3gpp'],
  'application/pdf': ['application/pdf'],
  'text/html': ['text/html'],
};

/** Declared types that say nothing about the content. */
const UNSPECIFIC = new Set(['application/octet-stream', 'binary/octet-stream', '']);

/** ISO base media boxes a file may start with (`ftyp` nearly always; old QuickTime files otherwise). */
const ISO_BOXES = new Set(['ftyp', 'moov', 'mdat', 'free', 'skip', 'wide']);

export function sniffMediaType(bytes: Uint8Array): SniffedType | undefined {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1024));
  const ascii = (start: number, end: number) => b.toString('latin1', start, end);
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (ascii(0, 8) === '\x89PNG\r\n\x1a\n') return 'image/png';
  if (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a') return 'image/gif';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  if (ascii(0, 4) === 'OggS') return 'audio/ogg';
  if (b.length >= 8 && ISO_BOXES.has(ascii(4, 8))) return 'video/mp4';
  if (ascii(0, 5) === '#!AMR') return 'audio/amr';
  // Readers accept a PDF header anywhere in the first 1024 bytes.
  if (b.indexOf('%PDF-', 0, 'latin1') !== -1) return 'application/pdf';
  if (ascii(0, 3) === 'ID3') return 'audio/mpeg';
  if (b[0] === 0xff && b[1] !== undefined && (b[1] & 0xf6) === 0xf0) return 'audio/aac';
  if (b[0] === 0xff && b[1] !== undefined && (b[1] & 0xe0) === 0xe0 && (b[1] & 0x06) !== 0)
    return 'audio/mpeg';
  if (looksLikeHtml(b)) return 'text/html';
  return undefined;
}

/**
 * Undefined when the bytes fit the declared type; otherwise what they look like instead, `unrecognised`
 * when the declared type is one we recognise and the bytes are none of them. An unspecific declared type
 * (`application/octet-stream`) fits anything but HTML.
 */
export function mediaTypeMismatch(declared: string, bytes: Uint8Array): string | undefined {
  const type = (declared.split(';')[0] ?? '').trim().toLowerCase();
  const sniffed = sniffMediaType(bytes);
  if (sniffed === undefined) {
    const recognisable = Object.values(DECLARED_AS).some((types) => types.includes(type));
    return recognisable ? 'unrecognised' : undefined;
  }
  if (DECLARED_AS[sniffed].includes(type)) return undefined;
  if (UNSPECIFIC.has(type) && sniffed !== 'text/html') return undefined;
  return sniffed;
}

/** HTML (or XML) markup after optional whitespace and a byte-order mark. */
function looksLikeHtml(b: Buffer): boolean {
  const start = b
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart()
    .slice(0, 64)
    .toLowerCase();
  return /^<(!doctype html|html|head|body|script|iframe|title|meta|div|p|a|!--|\?xml)[\s>/]/.test(start);
}
