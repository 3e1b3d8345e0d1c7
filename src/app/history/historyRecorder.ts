/**
 * Records every conversation in its history, whatever the channel, without dialogs or adapters knowing:
 * a middleware each adapter of the app runs. `onTurn` sees what the person sent (or a status the channel
 * reported), `onSendActivities` what we send and the platform's ids for it. One create-only write per
 * message either way, started beside the turn's own work and awaited at its end; a write that fails is
 * a warning (hashed ids, no content), never the person's problem: the turn and its reply go on.
 */
import { randomBytes } from 'node:crypto';
import type { Activity, Middleware, TurnContext } from 'botbuilder';
import { inboundEventOf } from '../../../adapters/base/turnState';
import type { Logger } from '../../core/log';
import type { ConversationHistory } from '../../domain/history/conversationHistory';
import type { ConversationKey, DeliveryStatus } from '../../domain/history/historyEntry';
import { tagOf } from '../../domain/history/historyLayout';
import { inboundEntryOf, outboundEntryOf } from './entryOf';
import { statusOf, timeOf, type ReportedStatus } from './statusOf';

/** Turn state key: who sends in this turn (`operator:<key name>`); unset, the bot. */
export const HISTORY_AUTHOR = Symbol('historyAuthor');

export interface HistoryRecorderDeps {
  history: ConversationHistory;
  log: Logger;
  hashId: (id: string) => string;
  now?: () => Date;
  /**
   * Told of each status of a message once it is recorded, with the platform's error code of a failed one
   * (broadcasts count their messages' statuses; a code saying the person stopped our messages records an opt-out).
   */
  onStatus?: (
    key: ConversationKey,
    messageId: string,
    status: DeliveryStatus,
    code: number | undefined,
  ) => Promise<void>;
}

export class HistoryRecorder implements Middleware {
  constructor(private readonly deps: HistoryRecorderDeps) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const activity = context.activity;
    const key = keyOf(activity);
    if (!key) return next();
    const now = this.now();
    // A turn sorts by when its event was recorded (milliseconds; WhatsApp's own times are seconds), and a
    // replayed turn names the same entries (that time, its inbound id): recording them again changes nothing.
    const sent = timeOf(activity);
    const turnTime = recordedAt(context) ?? sent ?? now;
    const tag = activity.id ? tagOf(activity.id, sent) : randomBytes(8).toString('base64url');
    const pending: Promise<void>[] = [];
    const status = statusOf(activity, now);
    if (status) pending.push(this.safely(key, 'status', () => this.recordStatus(key, status)));
    else if (activity.type === 'message') {
      const entry = inboundEntryOf(activity, turnTime);
      pending.push(
        this.safely(key, 'message', () =>
          this.deps.history.record(key, { turnTime, tag, ordinal: 0 }, entry),
        ),
      );
    }
    let ordinal = 0;
    context.onSendActivities(async (_context, activities, send) => {
      const responses = await send();
      activities.forEach((sent, i) => {
        if (sent.type !== 'message') return; // typing, delays, receipts: not history
        ordinal += 1;
        const position = { turnTime, tag, ordinal };
        const entry = outboundEntryOf(sent, {
          time: this.now(),
          by: authorOf(context),
          messageId: responses[i]?.id,
          line: activity.recipient?.id,
        });
        pending.push(this.safely(key, 'reply', () => this.deps.history.record(key, position, entry)));
      });
      return responses;
    });
    try {
      await next();
    } finally {
      await Promise.all(pending);
    }
  }

  private async recordStatus(key: ConversationKey, status: ReportedStatus): Promise<void> {
    if (status.kind === 'watermark')
      return this.deps.history.recordWatermark(key, status.status, status.time);
    const { messageId, time, error } = status;
    await this.deps.history.recordStatus(key, messageId, {
      status: status.status,
      time: time.toISOString(),
      error: error || undefined,
    });
    await this.deps.onStatus?.(key, messageId, status.status, status.code);
  }

  /** Runs a write; a failure is logged (hashed ids, the error's kind only) and goes no further. */
  private async safely(key: ConversationKey, what: string, write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (error) {
      this.deps.log.warn(`history: could not record a ${what}; the turn goes on`, {
        channel: key.channel,
        user: this.deps.hashId(key.userId),
        error: error instanceof Error ? error.name : typeof error,
      });
    }
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }
}

/** When the inbound event a turn answers was recorded in the inbox (a channel adapter's turn). */
function recordedAt(context: TurnContext): Date | undefined {
  const at = new Date(inboundEventOf(context)?.receivedAt ?? Number.NaN);
  return Number.isFinite(at.getTime()) ? at : undefined;
}

function keyOf(activity: Partial<Activity>): ConversationKey | undefined {
  const channel = activity.channelId;
  const userId = activity.from?.id;
  return channel && userId ? { channel, userId } : undefined;
}

function authorOf(context: TurnContext): string {
  const author: unknown = context.turnState.get(HISTORY_AUTHOR);
  return typeof author === 'string' && author !== '' ? author : 'bot';
}
