/** Refusals of the operator API; each maps to its status through the server's one error mapping. */
import type { z } from 'zod';
import { ChannelApiError, ChannelLayerError, maskIds } from '../../core/errors';

/** No key, or not one of ours: the same answer either way, so a caller learns nothing from it. */
export class OperatorAuthError extends ChannelLayerError {
  readonly httpStatus = 401;
  readonly reason = 'unauthorized';

  constructor() {
    super('A valid operator API key is required: Authorization: Bearer <key>');
  }
}

/** A key made more requests in the last minute than its cap allows. */
export class RateCapError extends ChannelLayerError {
  readonly httpStatus = 429;
  readonly reason = 'too_many_requests';
  /** When the key may make its next request (the answer's `Retry-After`). */
  readonly retryAfterSeconds: number;

  constructor(cap: { retryAfterSeconds: number; perMinute: number }) {
    super(
      `More than ${cap.perMinute} requests a minute with this key; try again in ${cap.retryAfterSeconds} s`,
    );
    this.retryAfterSeconds = cap.retryAfterSeconds;
  }
}

export interface FieldProblem {
  /** Where in the request: `status`, `template.name`, `items.2.id`; the part's name for the whole part. */
  path: string;
  message: string;
}

/** A request whose path parameters, query or body break the route's schema: 422 naming each field. */
export class InvalidRequestError extends ChannelLayerError {
  readonly httpStatus = 422;
  readonly reason = 'invalid_request';
  override readonly publicDetails: { fields: readonly FieldProblem[] };

  constructor(readonly fields: readonly FieldProblem[]) {
    super(`The request is not valid: ${fields.map((f) => `${f.path}: ${f.message}`).join('; ')}`);
    this.publicDetails = { fields };
  }

  /** The problems of a failed parse of one part of the request (`body`, `query`, `params`). */
  static of(part: string, error: z.ZodError): InvalidRequestError {
    return new InvalidRequestError(
      error.issues.map((issue) => ({
        path: issue.path.length > 0 ? issue.path.map(String).join('.') : part,
        message: issue.message,
      })),
    );
  }
}

/**
 * The platform refused what an operator asked to send (a template it does not know, parameters that do
 * not match it, a recipient it cannot reach): 422 with the platform's code and message (ids masked),
 * so the operator can correct the request. Refusals of our credentials stay ours (502).
 */
export class PlatformRefusedError extends ChannelLayerError {
  readonly httpStatus = 422;
  readonly reason = 'platform_refused';
  override readonly publicDetails: { platform: { channel: string; status: number; code: number | null } };

  constructor(refusal: ChannelApiError) {
    super(maskIds(refusal.message), { cause: refusal });
    this.publicDetails = {
      platform: { channel: refusal.channel, status: refusal.status, code: refusal.code ?? null },
    };
  }

  /** Whether `error` is the platform refusing the request itself (400), not our token or its outage. */
  static covers(error: unknown): error is ChannelApiError {
    return error instanceof ChannelApiError && error.status === 400 && !error.retryable;
  }
}
