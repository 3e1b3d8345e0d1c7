/**
 * The app's proactive messages (an operator's message, a status notice, a broadcast's template) take
 * one path to the platforms: the channel adapters' `continueConversationAsync`. So the conversation's
 * lease, the outbound scheduler (proactive messages wait behind replies, within the number's rate) and
 * the 24-hour window rules hold for them as for replies, and the history records each one with its
 * author (`operator:<key name>`, `bot`). A person who opted out (STOP, or the platform said they stopped
 * our messages) is sent nothing: `OptedOutError` before any call; a platform's refusal that says so
 * records the opt-out. Replies in a turn the person started do not come here and are never refused.
 */
import type { Activity, ConversationReference } from 'botbuilder';
import type { ProactiveTarget } from '../../../adapters/base/webhookAdapter';
import type { MessengerAdapter } from '../../../adapters/messenger/messengerAdapter';
import type { WhatsAppAdapter } from '../../../adapters/whatsapp/whatsAppAdapter';
import { ChannelApiError, InvalidValueError, NotFoundError, OptedOutError } from '../../core/errors';
import type { Logger } from '../../core/log';
import type { OptOutRecords } from '../../domain/people/optOuts';
import { HISTORY_AUTHOR } from '../history/historyRecorder';
import { recordPlatformOptOut } from './platformOptOut';

export const PROACTIVE_CHANNELS = ['whatsapp', 'messenger', 'instagram'] as const;
export type ProactiveChannel = (typeof PROACTIVE_CHANNELS)[number];

export interface ProactiveMessage extends ProactiveTarget {
  /** What to send: text, attachments (a template: `whatsappTemplateAttachment`), channel data. */
  activity: Partial<Activity>;
  /** Who sends it, as the history records it: `operator:<key name>`, or `bot`. */
  by: string;
}

export interface ProactiveSent {
  /** The platform's id of the (last part of the) message, when it gave one: delivery statuses name it. */
  messageId: string | undefined;
}

/** The adapters that can reach people first; either may be absent (its channel is not configured). */
export interface ProactiveAdapters {
  whatsapp?: Pick<WhatsAppAdapter, 'referenceTo' | 'windowOpen' | 'continueConversationAsync'>;
  messenger?: Pick<MessengerAdapter, 'referenceTo' | 'windowOpen' | 'continueConversationAsync'>;
}

export interface ProactiveSenderOptions {
  /** Who opted out; without it, nobody is refused (a bot developer's own wiring). */
  optOuts?: Pick<OptOutRecords, 'of' | 'record'>;
  log?: Logger;
}

export class ProactiveSender {
  constructor(
    private readonly adapters: ProactiveAdapters,
    private readonly options: ProactiveSenderOptions = {},
  ) {}

  /** Whether the person opted out of proactive messages. */
  async optedOut(target: ProactiveTarget): Promise<boolean> {
    const optOuts = this.options.optOuts;
    return optOuts !== undefined && (await optOuts.of(personOf(target))) !== undefined;
  }

  /** True when `channel` is configured here (a number, a page). */
  serves(channel: string): boolean {
    return this.adapterOf(channel) !== undefined;
  }

  /**
   * The reference of the conversation with `target.userId`. A channel not configured here:
   * `NotFoundError`; a `lineId` that is none of ours: `InvalidValueError` naming `from`.
   */
  referenceTo(target: ProactiveTarget): Partial<ConversationReference> {
    const adapter = this.adapterOf(target.channel);
    if (!adapter) throw new NotFoundError('channel', target.channel);
    const reference = adapter.referenceTo(target);
    if (!reference)
      throw new InvalidValueError({
        field: 'from',
        takes:
          target.lineId === undefined
            ? `one of this deployment's ${target.channel} lines (none is the default)`
            : `one of this deployment's ${target.channel} lines`,
      });
    return reference;
  }

  /** Whether the person's 24-hour window is open (they wrote in the last 24 hours). */
  async windowOpen(target: ProactiveTarget): Promise<boolean> {
    const reference = this.referenceTo(target);
    return (await this.adapterOf(target.channel)?.windowOpen(reference)) ?? false;
  }

  /**
   * Sends one message in a proactive turn of the person's conversation and gives the platform's id.
   * Rejects with what the adapter met, having sent nothing more: `WindowClosedError` (free-form outside
   * the window, before any call), `ConversationBusyError` (another turn of the conversation ran too
   * long), a `DeliveryDeferredError` (rate limits or an outage held it back: try again later),
   * `OptedOutError` (the person opted out, before any call), or the platform's refusal.
   */
  async send(message: ProactiveMessage): Promise<ProactiveSent> {
    const reference = this.referenceTo(message);
    const adapter = this.adapterOf(message.channel);
    if (!adapter) throw new NotFoundError('channel', message.channel);
    if (await this.optedOut(message)) throw new OptedOutError(message.channel);
    const outcome: { id?: string; error?: unknown; ran: boolean } = { ran: false };
    await adapter.continueConversationAsync('', reference, async (context) => {
      context.turnState.set(HISTORY_AUTHOR, message.by);
      outcome.ran = true;
      try {
        outcome.id = (await context.sendActivity(message.activity))?.id;
      } catch (error) {
        // Caught here, so the turn error handler does not apologise to the person for our refusal.
        outcome.error = error;
      }
    });
    if (outcome.error instanceof ChannelApiError && outcome.error.recipientOptedOut)
      await recordPlatformOptOut(this.options, personOf(message), outcome.error.code);
    if (outcome.error instanceof Error) throw outcome.error;
    if (outcome.error !== undefined) throw new Error('the send failed', { cause: outcome.error });
    if (!outcome.ran) throw new Error('the proactive turn did not run its logic');
    return { messageId: outcome.id };
  }

  private adapterOf(channel: string): ProactiveAdapters[keyof ProactiveAdapters] {
    if (channel === 'whatsapp') return this.adapters.whatsapp;
    if (channel === 'messenger' || channel === 'instagram') return this.adapters.messenger;
    return undefined;
  }
}

function personOf(target: ProactiveTarget): { channel: string; id: string } {
  return { channel: target.channel, id: target.userId };
}
