/**
 * The error hierarchy, split by where a failure happened. Every error the HTTP layer may see maps to a
 * status in one place (`httpStatusOf`). Messages never carry secrets or expected signature values.
 */

/** Base of every error this package throws on purpose. */
export abstract class ChannelLayerError extends Error {
  /** HTTP status the server answers when this error escapes a request handler. */
  abstract readonly httpStatus: number;
  /** A short machine-readable code, safe to show to a caller. */
  abstract readonly code: string;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Configuration is invalid; lists every problem with the variable's name. */
export class ConfigError extends ChannelLayerError {
  readonly httpStatus = 500;
  readonly code = 'config_invalid';

  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** An inbound request could not be read: invalid JSON, wrong content, too large. */
export class InboundRequestError extends ChannelLayerError {
  readonly code: string;

  constructor(
    readonly httpStatus: 400 | 404 | 405 | 413 | 415,
    code: string,
    message: string,
  ) {
    super(message);
    this.code = code;
  }
}

/** A webhook failed its proof of origin (signature, shared secret, verify token, JWT). */
export class WebhookAuthError extends ChannelLayerError {
  readonly code = 'unauthorized';

  constructor(
    readonly httpStatus: 401 | 403,
    message: string,
  ) {
    super(message);
  }
}

/** A channel's API answered with an error. */
export class ChannelApiError extends ChannelLayerError {
  readonly httpStatus = 502;
  readonly code = 'channel_api_error';

  constructor(
    readonly channel: string,
    readonly status: number,
    readonly apiCode: number | string | undefined,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** A channel's API could not be reached at all. */
export class ChannelNetworkError extends ChannelLayerError {
  readonly httpStatus = 502;
  readonly code = 'channel_unreachable';

  constructor(
    readonly channel: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** An optimistic-concurrency write lost: the stored item changed since it was read. */
export class StateConflictError extends ChannelLayerError {
  readonly httpStatus = 409;
  readonly code = 'state_conflict';

  constructor(readonly key: string) {
    super(`State for key ${JSON.stringify(key)} changed since it was read`);
  }
}

/** A create-only write found the item already there. */
export class AlreadyExistsError extends ChannelLayerError {
  readonly httpStatus = 409;
  readonly code = 'already_exists';

  constructor(readonly key: string) {
    super(`An item named ${JSON.stringify(key)} already exists`);
  }
}

/** Storage did not answer or answered with a server error. */
export class StorageUnavailableError extends ChannelLayerError {
  readonly httpStatus = 503;
  readonly code = 'storage_unavailable';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A stored document no longer matches its schema. */
export class StoredDataError extends ChannelLayerError {
  readonly httpStatus = 500;
  readonly code = 'stored_data_invalid';

  constructor(
    readonly key: string,
    message: string,
  ) {
    super(`Stored item ${JSON.stringify(key)} is invalid: ${message}`);
  }
}

/** The one place that maps an error to an HTTP status. */
export function httpStatusOf(error: unknown): number {
  return error instanceof ChannelLayerError ? error.httpStatus : 500;
}

/** A body safe to send to any caller: never the stack, never internals of unknown errors. */
export function publicErrorBody(error: unknown): { error: { code: string; message: string } } {
  if (error instanceof ChannelLayerError && error.httpStatus < 500) {
    return { error: { code: error.code, message: error.message } };
  }
  if (error instanceof ChannelLayerError) {
    return { error: { code: error.code, message: 'The service could not handle this request' } };
  }
  return { error: { code: 'internal_error', message: 'The service could not handle this request' } };
}

/** A loggable one-line description of any thrown value. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    return `${error.name}: ${error.message}`;
  }
  return String(error);
}
