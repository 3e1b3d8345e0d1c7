/**
 * What a channel adapter keeps in a turn's `turnState` (typed `any` by botbuilder), under its own keys,
 * read back through typed accessors: whether the turn is proactive, the recorded event it answers, the
 * conversation's lease, how many parts of the reply went out, the deferral the reply met and what the
 * logic threw.
 */
import type { TurnContext } from 'botbuilder';
import type { DeliveryDeferredError } from '../../src/core/errors';
import { failureOf } from '../../src/core/failures';
import type { InboxEvent } from '../../src/durable/storage/conversationInbox';

/** `turnState` key marking a proactive turn (no inbound message). */
export const PROACTIVE_TURN = Symbol('proactiveTurn');
/** `turnState` key of the recorded inbound event a turn answers (an `InboxEvent`). */
export const INBOUND_EVENT = Symbol('inboundEvent');
/** `turnState` key of the `AbortSignal` that aborts when the turn's conversation lease is lost. */
export const LEASE = Symbol('lease');
export const PARTS_SENT = Symbol('partsSent');
const DELIVERY_DEFERRED = Symbol('deliveryDeferred');
export const LOGIC_ERROR = Symbol('logicError');

export function isProactive(context: TurnContext): boolean {
  return context.turnState.get(PROACTIVE_TURN) === true;
}

/** The recorded event a turn answers, if it answers one. */
export function inboundEventOf(context: TurnContext): InboxEvent | undefined {
  const event: unknown = context.turnState.get(INBOUND_EVENT);
  return isInboxEvent(event) ? event : undefined;
}

/** The first deferral a turn's reply met (`failureOf` made it: transient). */
export function deferralOf(context: TurnContext): DeliveryDeferredError | undefined {
  const deferred: unknown = context.turnState.get(DELIVERY_DEFERRED);
  if (deferred === undefined) return undefined;
  const failure = failureOf(deferred);
  return failure.kind === 'transient' ? failure.deferral : undefined;
}

/** Keeps the first deferral a turn's reply met. */
export function noteDeferral(context: TurnContext, deferral: DeliveryDeferredError): void {
  if (!context.turnState.has(DELIVERY_DEFERRED)) context.turnState.set(DELIVERY_DEFERRED, deferral);
}

/** What this adapter put under `INBOUND_EVENT` (turn state is typed `any` by botbuilder). */
function isInboxEvent(value: unknown): value is InboxEvent {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof Reflect.get(value, 'name') === 'string' &&
    typeof Reflect.get(value, 'firstRun') === 'boolean'
  );
}
