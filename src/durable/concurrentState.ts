/**
 * Bot state that keeps the ETag it read. Botbuilder's `BotState.saveChanges` sets `eTag = '*'` before
 * every write, which turns optimistic concurrency into last-writer-wins: two turns of one conversation
 * running at once silently lose one turn's state. These classes write with the ETag of the read (or
 * create-only for new state), so a concurrent change raises `StateConflictError` instead.
 */
import { BotState, type Storage, type StoreItems, type TurnContext } from 'botbuilder';

/** A `Storage` that reports the ETags its writes produced. */
export interface EtagStorage extends Storage {
  writeWithEtags(changes: StoreItems): Promise<Record<string, string>>;
}

interface ReadRecord {
  eTag: string | undefined;
  hash: string;
}

type StateObject = Record<string, unknown>;

export class ConcurrentBotState extends BotState {
  private readonly recordKey = Symbol('concurrentStateRead');

  constructor(
    private readonly etagStorage: EtagStorage,
    keyOf: (context: TurnContext) => string,
  ) {
    super(etagStorage, (context) => Promise.resolve(keyOf(context)));
  }

  override async load(context: TurnContext, force = false): Promise<StateObject> {
    const wasCached = this.get(context) !== undefined && this.record(context) !== undefined;
    const state = toStateObject(await super.load(context, force));
    if (force || !wasCached) {
      const eTag = typeof state.eTag === 'string' ? state.eTag : undefined;
      context.turnState.set(this.recordKey, { eTag, hash: hashOf(state) } satisfies ReadRecord);
    }
    return state;
  }

  override async saveChanges(context: TurnContext, force = false): Promise<void> {
    const cached: unknown = this.get(context);
    if (cached === undefined && !force) return;
    const state = cached === undefined ? {} : toStateObject(cached);
    const keyName = await this.storageKey(context);
    let record = this.record(context);
    if (!force && record && record.hash === hashOf(state)) return;
    if (!record) {
      const current: StoreItems = await this.etagStorage.read([keyName]);
      const item: unknown = current[keyName];
      const eTag = isStateObject(item) && typeof item.eTag === 'string' ? item.eTag : undefined;
      record = { eTag, hash: '' };
    }
    const etags = await this.etagStorage.writeWithEtags({ [keyName]: { ...state, eTag: record.eTag ?? '' } });
    const eTag = etags[keyName];
    state.eTag = eTag;
    context.turnState.set(this.recordKey, { eTag, hash: hashOf(state) } satisfies ReadRecord);
  }

  override async delete(context: TurnContext): Promise<void> {
    await super.delete(context);
    context.turnState.set(this.recordKey, { eTag: undefined, hash: '' } satisfies ReadRecord);
  }

  private record(context: TurnContext): ReadRecord | undefined {
    const value: unknown = context.turnState.get(this.recordKey);
    return isReadRecord(value) ? value : undefined;
  }
}

/** Conversation state keyed like botbuilder's `ConversationState`. */
export class ConcurrentConversationState extends ConcurrentBotState {
  constructor(storage: EtagStorage) {
    super(storage, (context) =>
      conversationStateKey(context.activity.channelId, context.activity.conversation.id),
    );
  }
}

/** The storage key of a conversation's state (botbuilder's `ConversationState` key). */
export function conversationStateKey(channel: string, conversationId: string): string {
  return `${channel}/conversations/${conversationId}`;
}

/** The storage key of a person's user state (botbuilder's `UserState` key). */
export function userStateKey(channel: string, userId: string): string {
  return `${channel}/users/${userId}`;
}

/** User state keyed like botbuilder's `UserState`. */
export class ConcurrentUserState extends ConcurrentBotState {
  constructor(storage: EtagStorage) {
    super(storage, (context) => userStateKey(context.activity.channelId, context.activity.from.id));
  }
}

function hashOf(state: StateObject): string {
  const { eTag: _eTag, ...rest } = state;
  return JSON.stringify(rest);
}

function isStateObject(value: unknown): value is StateObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toStateObject(value: unknown): StateObject {
  if (!isStateObject(value)) throw new TypeError('Bot state must be an object');
  return value;
}

function isReadRecord(value: unknown): value is ReadRecord {
  return isStateObject(value) && typeof value.hash === 'string';
}
