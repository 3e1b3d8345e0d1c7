/**
 * The opaque cursor of a paged index listing: where the next page begins (the storage listing's own
 * marker, and the last name already given out within that listing page), bound to the query it was made
 * for and sealed with an HMAC, so a cursor that was edited, cut short, or given with other filters is
 * refused (`InvalidCursorError`) instead of listing from somewhere unexpected.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { InvalidCursorError } from '../../core/errors';

/** Where a listing resumes: the storage page's marker, and the last name already given from that page. */
export interface IndexPosition {
  marker?: string;
  after?: string;
}

const payloadSchema = z.object({
  v: z.literal(1),
  q: z.string(),
  m: z.string().optional(),
  a: z.string().optional(),
});

/** Without a key of the deployment's, the seal still catches edits and truncation (not forgery). */
const DEFAULT_KEY = 'bf-community-channels index cursor';

export class IndexCursors {
  constructor(private readonly key: string = DEFAULT_KEY) {}

  /** A cursor for `position` in the listing `query` describes (any stable text naming the filters). */
  encode(query: string, position: IndexPosition): string {
    const payload = Buffer.from(
      JSON.stringify({ v: 1, q: fingerprint(query), m: position.marker, a: position.after }),
      'utf8',
    ).toString('base64url');
    return `${payload}.${this.seal(payload)}`;
  }

  /** The position a cursor holds; `InvalidCursorError` when it is not one of ours for this query. */
  decode(cursor: string, query: string): IndexPosition {
    const [payload, seal, ...extra] = cursor.split('.');
    if (payload === undefined || seal === undefined || extra.length > 0 || cursor.length > 4096)
      throw new InvalidCursorError('it is not a cursor this service gave out');
    const expected = Buffer.from(this.seal(payload), 'utf8');
    const given = Buffer.from(seal, 'utf8');
    if (expected.length !== given.length || !timingSafeEqual(expected, given))
      throw new InvalidCursorError('it was changed after it was given out');
    let raw: unknown;
    try {
      raw = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      throw new InvalidCursorError('it is not a cursor this service gave out');
    }
    const parsed = payloadSchema.safeParse(raw);
    if (!parsed.success) throw new InvalidCursorError('it is not a cursor this service gave out');
    if (parsed.data.q !== fingerprint(query))
      throw new InvalidCursorError('it was given for other filters than these');
    return {
      ...(parsed.data.m === undefined ? {} : { marker: parsed.data.m }),
      ...(parsed.data.a === undefined ? {} : { after: parsed.data.a }),
    };
  }

  private seal(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url').slice(0, 22);
  }
}

function fingerprint(query: string): string {
  return createHash('sha256').update(query).digest('base64url').slice(0, 16);
}
