/**
 * Speaks the Bot Framework Emulator's protocol to `/api/messages`: activities whose `serviceUrl` points
 * at a fake connector, which records the bot's replies.
 */
import { randomUUID } from 'node:crypto';
import type { FakeConnector, PostedActivity } from './fakeConnector';

export interface EmulatorOptions {
  conversationId?: string;
  userId?: string;
  channelId?: string;
  locale?: string;
}

export class EmulatorClient {
  readonly conversationId: string;
  readonly userId: string;
  readonly channelId: string;
  private readonly locale: string;
  lastActivityId = '';

  constructor(
    private readonly appUrl: string,
    private readonly connector: FakeConnector,
    options: EmulatorOptions = {},
  ) {
    this.conversationId = options.conversationId ?? `conv-${randomUUID()}`;
    this.userId = options.userId ?? `user-${randomUUID().slice(0, 8)}`;
    this.channelId = options.channelId ?? 'emulator';
    this.locale = options.locale ?? 'en-US';
  }

  /** What the Emulator sends when a conversation opens; returns the bot's replies. */
  conversationUpdate(): Promise<PostedActivity[]> {
    return this.send({
      type: 'conversationUpdate',
      membersAdded: [
        { id: 'bot', name: 'Bot' },
        { id: this.userId, name: 'User' },
      ],
    });
  }

  /** A typed message; returns the bot's replies to it. */
  say(text: string): Promise<PostedActivity[]> {
    return this.send({ type: 'message', text, textFormat: 'plain' });
  }

  /** Posts an activity; resolves with the replies the connector recorded while the turn ran. */
  async send(partial: Record<string, unknown>): Promise<PostedActivity[]> {
    const { replies, status } = await this.post(partial);
    if (status >= 300) throw new Error(`/api/messages answered ${status}`);
    return replies;
  }

  /** Posts an activity; resolves with the answer's status and body, and the replies the connector recorded. */
  async post(
    partial: Record<string, unknown>,
  ): Promise<{ status: number; body: string; replies: PostedActivity[] }> {
    const before = this.connector.messages(this.conversationId).length;
    this.lastActivityId = randomUUID();
    const activity = {
      id: this.lastActivityId,
      timestamp: new Date().toISOString(),
      serviceUrl: this.connector.url,
      channelId: this.channelId,
      from: { id: this.userId, name: 'User', role: 'user' },
      recipient: { id: 'bot', name: 'Bot', role: 'bot' },
      conversation: { id: this.conversationId },
      locale: this.locale,
      ...partial,
    };
    const response = await postToApiMessages(this.appUrl, activity);
    const body = await response.text();
    return {
      status: response.status,
      body,
      replies: this.connector.messages(this.conversationId).slice(before),
    };
  }
}

/** POSTs a body (a string as it is, anything else as JSON) to the app's `/api/messages`, unauthenticated. */
export function postToApiMessages(appUrl: string, body: unknown): Promise<Response> {
  return fetch(`${appUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** The titles of a reply's suggested actions. */
export function suggestedTitles(reply: PostedActivity | undefined): string[] {
  const suggested = reply?.activity.suggestedActions;
  if (typeof suggested !== 'object' || suggested === null || !('actions' in suggested)) return [];
  const actions = suggested.actions;
  return Array.isArray(actions)
    ? actions.map((a: unknown) =>
        typeof a === 'object' && a !== null && 'title' in a ? String(a.title) : '',
      )
    : [];
}

export function textOf(reply: PostedActivity | undefined): string {
  const text = reply?.activity.text;
  return typeof text === 'string' ? text : '';
}
