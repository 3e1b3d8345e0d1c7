/**
 * What a failure means, decided in one place (the turn error handler, the channel adapters, their outbound
 * schedulers and durable turns all ask here, and decide nothing about error classes themselves):
 *
 * - **transient**: nothing is wrong with the turn; the world was not ready. Rate limits and shutdown held a
 *   reply back, the conversation's lease was lost, or the channel's API did not answer (5xx, network,
 *   timeout, after the client's retries). The turn is deferred: no apology, state untouched, the event
 *   keeps waiting and runs again (a proactive caller gets the deferral, to try again).
 * - **conflict**: another writer saved the conversation's state since the turn read it. The state is the
 *   other writer's; the turn runs again on it.
 * - **unknown-outcome**: a message went out and no answer came back (`DeliveryUnknownError`). It counts as
 *   sent, never sent again; the reply goes on.
 * - **ours**: anything else, a validation error of the API (100, 131008, 131009, ...) included: a bug in
 *   the dialog or in what it sent. The person gets an apology, the error is logged, that conversation's
 *   state is reset.
 *
 * The person's input never fails a turn: prompts check it and ask again.
 */
import {
  ChannelApiError,
  ChannelNetworkError,
  ChannelUnavailableError,
  DeliveryDeferredError,
  DeliveryUnknownError,
  describeError,
  innermostError,
  LeaseLostError,
  StateConflictError,
} from './errors';

/** Why a transient failure held a turn back: limits (or shutdown), a lost lease, or an API that did not answer. */
export type TransientCause = 'held-back' | 'lease-lost' | 'unanswered';

export type Failure =
  | { kind: 'transient'; deferral: DeliveryDeferredError; cause: TransientCause }
  | { kind: 'conflict'; conflict: StateConflictError }
  | { kind: 'unknown-outcome'; unknown: DeliveryUnknownError }
  | { kind: 'ours'; error: unknown };

/** Classifies what a turn (or one of its sends) threw, looking through the dialogs' wrappers. */
export function failureOf(error: unknown): Failure {
  const inner = innermostError(error);
  if (inner instanceof DeliveryDeferredError)
    return { kind: 'transient', deferral: inner, cause: causeOf(inner) };
  if (isChannelOutage(inner)) {
    const message = `the API did not answer: ${describeError(inner)}`;
    const deferral = new ChannelUnavailableError(inner.channel, message, { cause: inner });
    return { kind: 'transient', deferral, cause: 'unanswered' };
  }
  if (inner instanceof StateConflictError) return { kind: 'conflict', conflict: inner };
  if (inner instanceof DeliveryUnknownError) return { kind: 'unknown-outcome', unknown: inner };
  return { kind: 'ours', error };
}

function causeOf(deferral: DeliveryDeferredError): TransientCause {
  if (deferral instanceof LeaseLostError) return 'lease-lost';
  return deferral instanceof ChannelUnavailableError ? 'unanswered' : 'held-back';
}

/**
 * A channel's API that did not answer, or answered that it could not now: a network failure or timeout, or
 * an API error the client marks retryable (5xx other than a validation code, 131000, 131016, 133004, and
 * the "slow down" codes, which outbound schedulers see first as rate limits). Sending the same message
 * again later may succeed.
 */
export function isChannelOutage(error: unknown): error is ChannelApiError | ChannelNetworkError {
  return error instanceof ChannelNetworkError || (error instanceof ChannelApiError && error.retryable);
}

/** What a send that reached for the platform learnt about it. */
export type PlatformAnswer = 'answered' | 'unanswered' | 'unknown';

/**
 * What a failed send says about the platform (for an outbound scheduler's outage probe): a rate limit or
 * another API error is an answer; an outage (`isChannelOutage`) is none; a local failure says nothing.
 */
export function platformAnswerOf(error: unknown, rateLimited: boolean): PlatformAnswer {
  if (!rateLimited && isChannelOutage(error)) return 'unanswered';
  return error instanceof ChannelApiError ? 'answered' : 'unknown';
}
