/**
 * The conversation inbox in memory, for a bot that runs as one process with no storage account: the
 * contract of `ConversationInbox` (waiting events recorded create-only and deduplicated, the history that
 * tells a first run from a replay and from a late redelivery, failed runs and parts sent counted), kept in
 * maps. Events are kept as JSON text and checked when read back, as storage would. Nothing survives the
 * process: a restart forgets what was waiting. The histories of finished events are kept (to recognise a
 * late redelivery) up to `keepFinished`, the oldest forgotten first.
 */
import {
  arrivedEvent,
  eventFolder as folderOf,
  eventOf,
  eventSchema,
  storedOf,
  type InboxEvent,
  type StoredEvent,
} from '../storage/inboxEvent';
import type { ArrivingEvent } from '../turns/turnStores';
import type { InboxScan, InboxStore, RunBegun } from '../turns/turnStores';
import { MemoryBatches } from './memoryBatches';

interface Waiting {
  text: string;
  copy: string;
  recordedAt: number;
  channel: string;
  conversationKey: string;
}

interface History {
  text: string;
  state: 'running' | 'failed';
  copy: string;
  attempts: number;
  partsSent: number;
  unknownParts: number[];
}

export interface MemoryInboxOptions {
  /** Histories of finished events kept to recognise late redeliveries (default 50,000). */
  keepFinished?: number;
}

export class MemoryInbox implements InboxStore {
  readonly batches = new MemoryBatches();
  private readonly waitingEvents = new Map<string, Waiting>();
  private readonly histories = new Map<string, History>();
  /** Finished events, oldest first (their histories are forgotten beyond `keepFinished`). */
  private readonly finished = new Set<string>();
  private copies = 0;

  constructor(private readonly options: MemoryInboxOptions = {}) {}

  record(event: ArrivingEvent): Promise<boolean> {
    const { name, stored } = arrivedEvent(event);
    if (this.waitingEvents.has(name)) return Promise.resolve(false);
    this.copies += 1;
    this.waitingEvents.set(name, {
      text: JSON.stringify(stored),
      copy: String(this.copies),
      recordedAt: Date.now(),
      channel: event.channel,
      conversationKey: event.conversationKey,
    });
    return Promise.resolve(true);
  }

  waiting(channel: string, conversationKey: string): Promise<InboxEvent[]> {
    const prefix = `${folderOf(channel, conversationKey)}/`;
    const names = [...this.waitingEvents.keys()]
      .filter((name) => name.startsWith(prefix))
      .sort((x, y) => x.localeCompare(y));
    const events: InboxEvent[] = [];
    for (const name of names) {
      const found = this.waitingEvents.get(name);
      const stored = found && parsed(found.text);
      if (found && stored) events.push({ ...eventOf(name, stored, 0, false), copy: found.copy });
    }
    return Promise.resolve(events);
  }

  begin(event: InboxEvent): Promise<RunBegun> {
    const history = this.histories.get(event.name);
    if (!history) {
      this.histories.set(event.name, historyOf(event, 'running'));
      return Promise.resolve({ start: 'first', attempts: 0, partsSent: 0 });
    }
    const { attempts, partsSent, unknownParts } = history;
    if (history.state === 'running' && history.copy === (event.copy ?? '')) {
      if (unknownParts.length === 0) return Promise.resolve({ start: 'replay', attempts, partsSent });
      event.unknownParts = [...unknownParts];
      return Promise.resolve({ start: 'replay', attempts, partsSent, unknownParts: [...unknownParts] });
    }
    this.waitingEvents.delete(event.name);
    return Promise.resolve({ start: 'finished', attempts, partsSent });
  }

  complete(event: InboxEvent, state: 'done' | 'failed' = 'done'): Promise<void> {
    if (state === 'failed') this.histories.set(event.name, historyOf(event, 'failed'));
    else this.histories.set(event.name, this.histories.get(event.name) ?? historyOf(event, 'running'));
    this.waitingEvents.delete(event.name);
    this.finish(event.name);
    return Promise.resolve();
  }

  failed(event: InboxEvent): Promise<void> {
    this.histories.set(event.name, { ...historyOf(event, 'running'), attempts: event.attempts + 1 });
    return Promise.resolve();
  }

  partsSent(event: InboxEvent): Promise<number> {
    return Promise.resolve(event.partsSent ?? 0);
  }

  recordPartsSent(event: InboxEvent, parts: number, outcome: 'sent' | 'unknown' = 'sent'): Promise<void> {
    event.partsSent = Math.max(event.partsSent ?? 0, parts);
    if (outcome === 'unknown') event.unknownParts = [...new Set([...(event.unknownParts ?? []), parts])];
    this.histories.set(event.name, historyOf(event, 'running'));
    return Promise.resolve();
  }

  async stalled(
    olderThanMs: number,
    now = Date.now(),
  ): Promise<{ channel: string; conversationKey: string }[]> {
    return (await this.scan(olderThanMs, now)).stalled;
  }

  scan(olderThanMs: number, now = Date.now()): Promise<InboxScan> {
    const found = new Map<string, { channel: string; conversationKey: string }>();
    let oldestAt: number | undefined;
    for (const [name, waiting] of this.waitingEvents) {
      oldestAt = Math.min(oldestAt ?? waiting.recordedAt, waiting.recordedAt);
      if (now - waiting.recordedAt < olderThanMs) continue;
      const folder = name.slice(0, name.lastIndexOf('/'));
      if (!found.has(folder))
        found.set(folder, { channel: waiting.channel, conversationKey: waiting.conversationKey });
    }
    return Promise.resolve({
      stalled: [...found.values()],
      waiting: this.waitingEvents.size,
      ...(oldestAt === undefined ? {} : { oldestAt }),
    });
  }

  /** All the conversation's events, oldest first, with their state (`pending`, `done` or `failed`). */
  all(channel: string, conversationKey: string): Promise<(InboxEvent & { state: string })[]> {
    const prefix = `${folderOf(channel, conversationKey)}/`;
    const names = [...new Set([...this.histories.keys(), ...this.waitingEvents.keys()])]
      .filter((name) => name.startsWith(prefix))
      .sort((x, y) => x.localeCompare(y));
    const events: (InboxEvent & { state: string })[] = [];
    for (const name of names) {
      const history = this.histories.get(name);
      const stored = parsed(history?.text ?? this.waitingEvents.get(name)?.text ?? '');
      if (!stored) continue;
      const state =
        history?.state === 'failed' ? 'failed' : this.waitingEvents.has(name) ? 'waiting' : 'done';
      const unknownParts = history?.unknownParts ?? [];
      events.push({
        ...eventOf(name, stored, 0, false),
        ...(unknownParts.length > 0 ? { unknownParts } : {}),
        state,
      });
    }
    return Promise.resolve(events);
  }

  /** Remembers a finished event's history, forgetting the oldest beyond `keepFinished`. */
  private finish(name: string): void {
    this.finished.delete(name);
    this.finished.add(name);
    const keep = this.options.keepFinished ?? 50_000;
    for (const oldest of this.finished) {
      if (this.finished.size <= keep) break;
      this.finished.delete(oldest);
      if (!this.waitingEvents.has(oldest)) this.histories.delete(oldest);
    }
  }
}

function historyOf(event: InboxEvent, state: History['state']): History {
  return {
    text: JSON.stringify(storedOf(event)),
    state,
    copy: event.copy ?? '',
    attempts: event.attempts,
    partsSent: event.partsSent ?? 0,
    unknownParts: [...(event.unknownParts ?? [])],
  };
}

function parsed(text: string): StoredEvent | undefined {
  try {
    const result = eventSchema.safeParse(JSON.parse(text));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}
