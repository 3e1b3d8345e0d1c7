/**
 * The error hierarchy, split by where a failure happened. Every error the HTTP layer may see maps to a
 * status in one place (`httpStatusOf`). Messages never carry secrets or expected signature values.
 */

/** Base of every error this package throws on purpose. */
export abstract class ChannelLayerError extends Error {
  /** HTTP status the server answers when this error escapes a request handler. */
  abstract readonly httpStatus: number;
  /** A short machine-readable reason, safe to show to a caller. */
  abstract readonly reason: string;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Configuration is invalid; lists every problem with the variable's name. */
export class ConfigError extends ChannelLayerError {
  readonly httpStatus = 500;
  readonly reason = 'config_invalid';

  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/**
 * An inbound request could not be read: invalid JSON, nested too deep, wrong content, too large, too slow
 * (408), or the client closed it before its body arrived (499, never sent: there is no one to send it to).
 */
export class InboundRequestError extends ChannelLayerError {
  constructor(
    readonly httpStatus: 400 | 404 | 405 | 408 | 413 | 415 | 499,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

/** A webhook failed its proof of origin (signature, shared secret, verify token, JWT). */
export class WebhookAuthError extends ChannelLayerError {
  readonly reason = 'unauthorized';

  constructor(
    readonly httpStatus: 401 | 403,
    message: string,
  ) {
    super(message);
  }
}

/**
 * An activity on `/api/messages` claimed what its proof does not allow: a channel id that is not its to
 * use (one of our webhook channels', or any but `emulator` without Bot Framework authentication), or,
 * without authentication, a `serviceUrl` that is not loopback. Nothing of it runs.
 */
export class ActivityRefusedError extends ChannelLayerError {
  readonly httpStatus = 403;

  constructor(
    readonly reason: 'channel_id_not_allowed' | 'service_url_not_allowed',
    message: string,
  ) {
    super(message);
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

  constructor(details: {
    channel: string;
    status: number;
    code?: number;
    subcode?: number;
    fbtraceId?: string;
    message: string;
    retryable: boolean;
    retryAfterMs?: number;
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
export class DeliveryDeferredError extends ChannelLayerError {
  readonly httpStatus = 503;
  readonly reason: string = 'delivery_deferred';

  constructor(
    readonly channel: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${channel}: ${message}`, options);
  }
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
export class DeliveryUnknownError extends ChannelLayerError {
  readonly httpStatus = 502;
  readonly reason = 'delivery_unknown';

  constructor(
    readonly channel: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${channel}: ${message}`, options);
  }
}

/** An optimistic-concurrency write lost: the stored item changed since it was read. */
export class StateConflictError extends ChannelLayerError {
  readonly httpStatus = 409;
  readonly reason = 'state_conflict';

  constructor(readonly key: string) {
    super(`State for key ${JSON.stringify(maskIds(key))} changed since it was read`);
  }
}

/** A create-only write found the item already there. */
export class AlreadyExistsError extends ChannelLayerError {
  readonly httpStatus = 409;
  readonly reason = 'already_exists';

  constructor(readonly key: string) {
    super(`An item named ${JSON.stringify(maskIds(key))} already exists`);
  }
}

/** Storage did not answer or answered with a server error. */
export class StorageUnavailableError extends ChannelLayerError {
  readonly httpStatus = 503;
  readonly reason = 'storage_unavailable';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A stored document no longer matches its schema. */
export class StoredDataError extends ChannelLayerError {
  readonly httpStatus = 500;
  readonly reason = 'stored_data_invalid';

  constructor(
    readonly key: string,
    message: string,
  ) {
    super(`Stored item ${JSON.stringify(maskIds(key))} is invalid: ${message}`);
  }
}

/**
 * The error a wrapper carries: botbuilder-dialogs wraps what a dialog throws in a `DialogContextError`
 * whose `error` is the original.
 */
export function innermostError(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 5; depth += 1) {
    const inner: unknown = current instanceof Error ? Reflect.get(current, 'error') : undefined;
    if (!(inner instanceof Error)) break;
    current = inner;
  }
  return current;
}

/** The one place that maps an error to an HTTP status. */
export function httpStatusOf(error: unknown): number {
  return error instanceof ChannelLayerError ? error.httpStatus : 500;
}

/** A body safe to send to any caller: never the stack, never internals of unknown errors. */
export function publicErrorBody(error: unknown): { error: { code: string; message: string } } {
  if (error instanceof ChannelLayerError && error.httpStatus < 500) {
    return { error: { code: error.reason, message: error.message } };
  }
  if (error instanceof ChannelLayerError) {
    return { error: { code: error.reason, message: 'The service could not handle this request' } };
  }
  return { error: { code: 'internal_error', message: 'The service could not handle this request' } };
}

/** A loggable one-line description of any thrown value. */
export function describeError(error: unknown): string {
  return maskIds(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
}

/**
 * A text with every run of seven or more digits (phone numbers, WhatsApp ids, PSIDs, business-scoped
 * ids) replaced by `[id]`. Error messages name storage keys, and keys name people: what reaches a log
 * line through an error never carries their number. The key itself stays on the error for code to use.
 */
export function maskIds(text: string): string {
  return text.replace(/\+?\d{7,}/g, '[id]');
}
