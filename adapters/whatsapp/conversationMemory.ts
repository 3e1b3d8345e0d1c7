/**
 * What the WhatsApp adapter remembers per conversation, in blob storage so every instance sees it:
 * the last inbound time (for the 24-hour customer-service window), the last choices offered (so replies
 * map back to values), and the phone number behind a business-scoped user id (so a person whose phone
 * becomes hidden keeps one identity).
 */
import { z } from 'zod';
import { AlreadyExistsError } from '../../src/core/errors';
import { pathSegment } from '../../src/durable/storage/blobName';
import { choiceMemorySchema, type ChoiceMemory } from './choices';

export interface JsonDocuments {
  getJson<T>(name: string, schema: z.ZodType<T>): Promise<{ value: T; etag: string } | undefined>;
  putJson(name: string, value: unknown): Promise<string>;
  createJson(name: string, value: unknown): Promise<string>;
  delete(name: string): Promise<void>;
}

export const CUSTOMER_SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;
const WINDOW_PRECISION_MS = 60_000;

const windowSchema = z.object({ lastInboundAt: z.number() });
const aliasSchema = z.object({ waId: z.string() });

export class ConversationMemory {
  /** Last inbound time per conversation, as far as this instance saw. Storage has the truth. */
  private readonly lastInbound = new Map<string, number>();
  private readonly knownAliases = new Map<string, number>();

  constructor(
    private readonly documents: JsonDocuments,
    private readonly windowMs = CUSTOMER_SERVICE_WINDOW_MS,
    /** Folder of this channel's documents (`whatsapp`, `messenger`). */
    private readonly channel = 'whatsapp',
  ) {}

  async touchWindow(conversationId: string, at: Date): Promise<void> {
    const time = at.getTime();
    // A minute's precision is plenty for a 24-hour window, and saves a write per message.
    if ((this.lastInbound.get(conversationId) ?? 0) >= time - WINDOW_PRECISION_MS) return;
    remember(this.lastInbound, conversationId, time);
    await this.documents.putJson(`${this.channel}/window/${pathSegment(conversationId)}`, {
      lastInboundAt: time,
    });
  }

  async windowOpen(conversationId: string, now = Date.now()): Promise<boolean> {
    const cached = this.lastInbound.get(conversationId);
    if (cached !== undefined && now - cached < this.windowMs) return true;
    const stored = await this.documents.getJson(
      `${this.channel}/window/${pathSegment(conversationId)}`,
      windowSchema,
    );
    if (!stored) return false;
    remember(this.lastInbound, conversationId, stored.value.lastInboundAt);
    return now - stored.value.lastInboundAt < this.windowMs;
  }

  async choices(conversationId: string): Promise<ChoiceMemory | undefined> {
    return (
      await this.documents.getJson(
        `${this.channel}/choices/${pathSegment(conversationId)}`,
        choiceMemorySchema,
      )
    )?.value;
  }

  /** Remembers the choices just offered, or forgets them when a message without choices was sent. */
  async rememberChoices(conversationId: string, memory: ChoiceMemory | undefined): Promise<void> {
    if (memory)
      await this.documents.putJson(`${this.channel}/choices/${pathSegment(conversationId)}`, memory);
    else await this.documents.delete(`${this.channel}/choices/${pathSegment(conversationId)}`);
  }

  async linkIdentity(businessUserId: string, waId: string): Promise<void> {
    if (this.knownAliases.has(businessUserId)) return;
    try {
      await this.documents.createJson(`${this.channel}/aliases/${pathSegment(businessUserId)}`, { waId });
    } catch (error) {
      if (!(error instanceof AlreadyExistsError)) throw error;
    }
    remember(this.knownAliases, businessUserId, 1);
  }

  /**
   * Forgets a person (their erasure): the window and the choices of each of their conversations, and
   * the identity document named by their id (a business-scoped id's link to a phone number).
   */
  async erase(conversationIds: readonly string[], userId: string): Promise<number> {
    const names = conversationIds.flatMap((id) =>
      ['window', 'choices'].map((kind) => `${this.channel}/${kind}/${pathSegment(id)}`),
    );
    names.push(`${this.channel}/aliases/${pathSegment(userId)}`);
    for (const id of conversationIds) this.lastInbound.delete(id);
    this.knownAliases.delete(userId);
    await Promise.all(names.map((name) => this.documents.delete(name)));
    return names.length;
  }

  async identityFor(businessUserId: string): Promise<string | undefined> {
    return (
      await this.documents.getJson(`${this.channel}/aliases/${pathSegment(businessUserId)}`, aliasSchema)
    )?.value.waId;
  }
}

const CACHE_MAX = 50_000;

function remember(map: Map<string, number>, key: string, value: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > CACHE_MAX) {
    const oldest = map.keys().next().value;
    if (oldest !== undefined) map.delete(oldest);
  }
}
