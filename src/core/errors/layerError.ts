/**
 * The base of every error this package throws on purpose, the one map from an error to an HTTP status,
 * and how any thrown value is described in a log line (ids masked).
 */

/** Base of every error this package throws on purpose. */
export abstract class ChannelLayerError extends Error {
  /** HTTP status the server answers when this error escapes a request handler. */
  abstract readonly httpStatus: number;
  /** A short machine-readable reason, safe to show to a caller. */
  abstract readonly reason: string;
  /** Further facts a 4xx answer gives its caller (the fields a request got wrong); never internals. */
  readonly publicDetails?: Readonly<Record<string, unknown>>;

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
export function publicErrorBody(error: unknown): {
  error: { code: string; message: string } & Record<string, unknown>;
} {
  if (error instanceof ChannelLayerError && error.httpStatus < 500) {
    return { error: { ...error.publicDetails, code: error.reason, message: error.message } };
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
