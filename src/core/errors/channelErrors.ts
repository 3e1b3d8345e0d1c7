/** Failures on the way to a channel's API: its answers, its absence, held-back and unknown deliveries. */
import { ChannelLayerError } from './layerError';

/** A failure of a message to one channel; its message starts with the channel's name. */
abstract class ChannelFailure extends ChannelLayerError {
  constructor(
    readonly channel: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${channel}: ${message}`, options);
  }
}

/** A channel's API answered with an error (Meta's `error` object: code, subcode, fbtrace_id). */
export class ChannelApiError extends ChannelLayerError {
  readonly httpStatus = 502;
  readonly reason = 'channel_api_error';
  readonly channel: string;
  /** HTTP status of the API's answer. */
  readonly status: number;
  /** The platform's error code (e.g. 130429, 131047, 100, 190). */
  readonly code: number | undefined;
  readonly subcode: number | undefined;
  readonly fbtraceId: string | undefined;
  /** Whether sending the same request again may succeed. */
  readonly retryable: boolean;
  /** Wait the API asked for (Retry-After), when it did. */
  readonly retryAfterMs: number | undefined;
  /**
   * The platform refused because the person stopped our messages (Meta's 131050; Twilio's
   * 21610 later): the sender records an opt-out. Each adapter's error classifier decides.
   */
  readonly recipientOptedOut: boolean;

  constructor(details: {
    channel: string;
    status: number;
    code?: number;
    subcode?: number;
    fbtraceId?: string;
    message: string;
    retryable: boolean;
    retryAfterMs?: number;
    recipientOptedOut?: boolean;
  }) {
    super(
      `${details.channel} API error ${details.status}${details.code === undefined ? '' : ` code ${details.code}`}: ${details.message}`,
    );
    this.channel = details.channel;
    this.status = details.status;
    this.code = details.code;
    this.subcode = details.subcode;
    this.fbtraceId = details.fbtraceId;
    this.retryable = details.retryable;
    this.retryAfterMs = details.retryAfterMs;
    this.recipientOptedOut = details.recipientOptedOut ?? false;
  }
}

/**
 * A proactive message (an operator's, a status notice, a broadcast's template) to a person who opted
 * out (STOP, or the platform said they stopped our messages): refused before any call to the platform.
 */
export class OptedOutError extends ChannelLayerError {
  readonly httpStatus = 409;
  readonly reason = 'opted_out';

  constructor(readonly channel: string) {
    super(
      `${channel}: the person opted out of messages (they sent STOP, or the platform said they stopped them); nothing was sent until they send START`,
    );
  }
}

/** A free-form message to a user whose 24-hour customer-service window is closed (WhatsApp 131047). */
export class WindowClosedError extends ChannelLayerError {
  readonly httpStatus = 409;
  readonly reason = 'window_closed';

  constructor(
    readonly channel: string,
    message = 'The 24-hour customer service window is closed: only a template can be sent',
  ) {
    super(message);
  }
}

/** The channel cannot do what was asked (update or delete a sent message, an activity type, ...). */
export class NotSupportedError extends ChannelLayerError {
  readonly httpStatus = 501;
  readonly reason = 'not_supported';

  constructor(
    readonly channel: string,
    readonly operation: string,
  ) {
    super(`${channel} does not support ${operation}`);
  }
}

/** A channel's API could not be reached at all. */
export class ChannelNetworkError extends ChannelLayerError {
  readonly httpStatus = 502;
  readonly reason = 'channel_unreachable';

  constructor(
    readonly channel: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * A message could not be sent yet: the platform kept answering "slow down" (or the process is shutting
 * down) for longer than the sender waits. Nothing is wrong with the message; the inbound event it
 * answers keeps waiting and its turn runs again later (parts recorded as sent are skipped).
 */
export class DeliveryDeferredError extends ChannelFailure {
  readonly httpStatus = 503;
  readonly reason: string = 'delivery_deferred';
}

/**
 * A turn lost its conversation's lease while it ran (a renewal failed: another instance broke or took it,
 * or storage did not answer), so another instance may be running the conversation: nothing more is sent.
 * A kind of deferral: the inbound event keeps waiting, not counted as a failed run and with no apology,
 * and runs again under the next holder (parts recorded as sent are skipped); a proactive caller gets
 * it from `continueConversationAsync`, to try again.
 */
export class LeaseLostError extends DeliveryDeferredError {
  override readonly reason: string = 'lease_lost';

  constructor(channel: string, options?: { cause?: unknown }) {
    super(channel, 'the conversation’s lease was lost; nothing more is sent in this turn', options);
  }
}

/**
 * A message could not be sent because the channel's API did not answer (5xx, network, timeout), after the
 * client's retries and the number's hold (one probe at a time, with exponential backoff). Not a failure of
 * the dialog: a kind of deferral, so the inbound event keeps waiting (no apology, state untouched, not
 * counted as a failed run) and runs again once the API answers (parts recorded as sent are skipped); a
 * proactive caller gets it from `continueConversationAsync`, to try again.
 */
export class ChannelUnavailableError extends DeliveryDeferredError {
  override readonly reason: string = 'channel_unavailable';
}

/**
 * A proactive turn could not take its conversation's lease: another turn of that conversation, in this or
 * another instance, held it for longer than the proactive turn waits. Nothing ran and nothing was sent,
 * so the caller can simply try again.
 */
export class ConversationBusyError extends ChannelLayerError {
  readonly httpStatus = 503;
  readonly reason = 'conversation_busy';

  constructor(
    readonly channel: string,
    readonly waitedMs: number,
  ) {
    super(
      `${channel}: another turn of the conversation held its lease for ${waitedMs} ms; nothing was run, try again`,
    );
  }
}

/**
 * A message went out and no answer came back: the request was sent, then timed out, its connection was
 * reset, or a gateway answered in Meta's place. The platform may well have delivered it (slow answers
 * usually are deliveries), so it is never sent again blindly: a channel adapter counts the part as sent
 * (a replay skips it), records its outcome as unknown in the event's history and logs a warning.
 */
export class DeliveryUnknownError extends ChannelFailure {
  readonly httpStatus = 502;
  readonly reason = 'delivery_unknown';
}
