/**
 * A telemetry processor that hashes identifiers in an Application Insights envelope: user and session
 * tags, id-like properties (from, recipient, conversation, user), digit runs in any string property,
 * and conversation ids in dependency URLs. Pure over the envelope shape; no SDK import.
 */
import { hashDigitRuns, type IdHasher } from './idHasher';

const ID_PROPERTY =
  /(^|[._])?(from|recipient|conversation|user|session|sender|wa|psid|phone)(_?(id|name))?$/i;
const ID_TAGS = ['ai.user.id', 'ai.user.authUserId', 'ai.user.accountId', 'ai.session.id'];
const CONVERSATION_IN_URL = /(\/conversations\/)([^/?#]+)/g;

export interface EnvelopeLike {
  tags?: Record<string, string>;
  data?: { baseData?: Record<string, unknown> };
}

export function scrubEnvelope(envelope: EnvelopeLike, hash: IdHasher): void {
  const tags = envelope.tags;
  if (tags) {
    for (const tag of ID_TAGS) {
      const value = tags[tag];
      if (value) tags[tag] = hash(value);
    }
  }
  const baseData = envelope.data?.baseData;
  if (!baseData) return;
  for (const field of ['url', 'data', 'name', 'target', 'message']) {
    const value = baseData[field];
    if (typeof value === 'string') baseData[field] = scrubText(value, hash);
  }
  const properties = baseData.properties;
  if (properties && typeof properties === 'object') {
    const bag = properties as Record<string, unknown>;
    for (const [key, value] of Object.entries(bag)) {
      if (typeof value !== 'string' || value === '') continue;
      bag[key] = ID_PROPERTY.test(key) ? hash(value) : scrubText(value, hash);
    }
  }
}

function scrubText(text: string, hash: IdHasher): string {
  return hashDigitRuns(
    text.replace(
      CONVERSATION_IN_URL,
      (_m, prefix: string, id: string) => `${prefix}${hash(decodeURIComponent(id))}`,
    ),
    hash,
  );
}
