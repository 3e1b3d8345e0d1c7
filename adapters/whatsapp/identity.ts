/**
 * Who a WhatsApp person is: their phone number (`wa_id`) when WhatsApp shows it, else the business-scoped
 * user id. A person whose phone becomes hidden keeps the identity they had while it was not, so their state
 * and submissions stay theirs.
 */
import type { Activity } from 'botbuilder';
import type { ConversationMemory } from './conversationMemory';
import { conversationIdOf } from './toActivities';

/** Links a business-scoped id to the phone number, or gives a hidden-phone activity the known number. */
export async function settleIdentity(
  memory: ConversationMemory,
  item: { phoneNumberId: string; businessUserId?: string },
  activity: Partial<Activity>,
): Promise<void> {
  const waId = waIdOf(activity.from);
  const businessUserId = item.businessUserId;
  if (businessUserId === undefined || activity.from === undefined) return;
  if (waId !== undefined) {
    await memory.linkIdentity(businessUserId, waId);
    return;
  }
  const known = await memory.identityFor(businessUserId);
  if (known === undefined) return;
  const properties: unknown = activity.from.properties;
  activity.from = {
    ...activity.from,
    id: known,
    properties: { ...(isRecord(properties) ? properties : {}), waId: known },
  };
  if (activity.conversation && !activity.conversation.isGroup) {
    activity.conversation = { ...activity.conversation, id: conversationIdOf(item.phoneNumberId, known) };
  }
}

/** The phone number when known (`wa_id`), else the business-scoped user id. */
export function recipientOf(account: Partial<Activity>['recipient']): string {
  return waIdOf(account) ?? account?.id ?? '';
}

function waIdOf(account: Partial<Activity>['recipient']): string | undefined {
  const properties: unknown = account?.properties;
  return isRecord(properties) && typeof properties.waId === 'string' && properties.waId !== ''
    ? properties.waId
    : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
