/**
 * Channel-neutral conventions dialogs use to ask for a location or for media. Adapters render them
 * natively where they can (WhatsApp: a `location_request_message`); elsewhere the text alone is shown.
 */
import type { Activity, Entity } from 'botbuilder';

export const LOCATION_REQUEST_ENTITY = 'locationRequest';
export const MEDIA_REQUEST_ENTITY = 'mediaRequest';

export type MediaKind = 'image' | 'audio' | 'video' | 'document';

/** A message asking the person to share a location. */
export function locationRequest(text: string): Partial<Activity> {
  return { type: 'message', text, entities: [{ type: LOCATION_REQUEST_ENTITY }] };
}

/** A message asking for media of these kinds (a hint for adapters; the text must say what to send). */
export function mediaRequest(text: string, kinds: readonly MediaKind[]): Partial<Activity> {
  return { type: 'message', text, entities: [{ type: MEDIA_REQUEST_ENTITY, kinds: [...kinds] }] };
}

export function isLocationRequest(activity: Partial<Activity>): boolean {
  return (activity.entities ?? []).some((entity: Entity) => entity.type === LOCATION_REQUEST_ENTITY);
}
