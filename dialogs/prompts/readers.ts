/**
 * Readers of what a person sent: a location (a shared pin, typed "lat, lon" with any digits, or a map
 * link), media (stored voice notes and photos), and choices offered as buttons (by title, value or
 * number, ASCII or Devanagari).
 */
import type { Activity, Attachment } from 'botbuilder';
import type { Choice } from 'botbuilder-dialogs';
import { placeOf, type SharedPlace } from '../../src/core/conventions/place';
import { storedMediaOf, type StoredMedia } from '../../src/core/conventions/storedMedia';
import { matchChoice, normaliseDigits } from './localChoicePrompt';

export interface TypedPlace extends SharedPlace {
  source: 'pin' | 'typed';
}

const COORDINATES = /(-?\d{1,2}(?:\.\d+)?)\s*[,;\s]\s*(-?\d{1,3}(?:\.\d+)?)/;
const MAP_LINK_PATTERNS = [
  /@(-?\d+\.\d+),(-?\d+\.\d+)/,
  /[?&](?:q|query|ll|destination)=(-?\d+\.\d+)(?:,|%2C)\s*(-?\d+\.\d+)/i,
];

/** A place from a shared pin, typed coordinates or a map link. */
export function readPlace(activity: Partial<Activity>): TypedPlace | undefined {
  const pin = placeOf(activity);
  if (pin) return { ...pin, source: 'pin' };
  const text = normaliseDigits(activity.text ?? '').trim();
  if (text === '') return undefined;
  for (const pattern of MAP_LINK_PATTERNS) {
    const match = pattern.exec(text);
    const place = match && coordinates(match[1], match[2]);
    if (place) return { ...place, source: 'typed' };
  }
  const typed = COORDINATES.exec(text);
  if (typed && text.replace(typed[0], '').replace(/[()°NSEW\s]/gi, '') === '') {
    const place = coordinates(typed[1], typed[2]);
    if (place) return { ...place, source: 'typed' };
  }
  return undefined;
}

function coordinates(lat: string | undefined, lon: string | undefined): SharedPlace | undefined {
  const latitude = Number(lat);
  const longitude = Number(lon);
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) return undefined;
  if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return undefined;
  if (latitude === 0 && longitude === 0) return undefined;
  return { latitude, longitude };
}

/** Media the person sent: our stored copies, or (Emulator) attachments with a URL. */
export function readMedia(activity: Partial<Activity>, kinds: readonly StoredMedia['kind'][]): StoredMedia[] {
  const stored = storedMediaOf(activity.attachments).filter((m) => kinds.includes(m.kind));
  if (stored.length > 0) return stored;
  return (activity.attachments ?? []).flatMap((attachment) => {
    const kind = kindOf(attachment);
    if (kind === undefined || !kinds.includes(kind) || attachment.contentUrl === undefined) return [];
    if (/^media:/.test(attachment.contentUrl)) return [];
    return [
      {
        available: true as const,
        blobName: attachment.contentUrl,
        mimeType: attachment.contentType,
        size: 0,
        sha256: '',
        kind,
        ...(attachment.name === undefined ? {} : { originalName: attachment.name }),
      },
    ];
  });
}

function kindOf(attachment: Attachment): StoredMedia['kind'] | undefined {
  if (attachment.contentType.startsWith('image/')) return 'image';
  if (attachment.contentType.startsWith('audio/')) return 'audio';
  if (attachment.contentType.startsWith('video/')) return 'video';
  return undefined;
}

export interface OfferedChoice<K extends string> {
  key: K;
  title: string;
  /** Other ways to say it (the title in the other language). */
  synonyms?: string[];
}

/** The choice the text names: its number (1-based), its title, or a synonym; case and digits normalised. */
export function readChoice<K extends string>(
  activity: Partial<Activity>,
  choices: readonly OfferedChoice<K>[],
): K | undefined {
  const index = matchChoice(
    activity.text ?? '',
    choices.map((c) => ({
      value: c.key,
      action: { type: 'imBack', title: c.title, value: c.title },
      synonyms: c.synonyms ?? [],
    })),
  );
  return index === undefined ? undefined : choices[index]?.key;
}

/** The value of the offered choice (`options.choices`) the whole reply names. */
export function readOfferedChoice(
  activity: Partial<Activity>,
  choices: readonly (string | Choice)[] | undefined,
): string | undefined {
  const list = (choices ?? []).map((c) => (typeof c === 'string' ? { value: c } : c));
  const index = matchChoice(activity.text ?? '', list);
  return index === undefined ? undefined : list[index]?.value;
}

/** A place, or the value of an offered choice. */
export type PlaceOrChoice = { place: TypedPlace } | { choice: string };

export function readPlaceOrChoice(
  activity: Partial<Activity>,
  choices: readonly (string | Choice)[] | undefined,
): PlaceOrChoice | undefined {
  const place = readPlace(activity);
  if (place) return { place };
  const choice = readOfferedChoice(activity, choices);
  return choice === undefined ? undefined : { choice };
}
