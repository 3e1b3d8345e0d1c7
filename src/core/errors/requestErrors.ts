/** Failures of an inbound request: unreadable, unproven, or claiming what its proof does not allow. */
import { ChannelLayerError } from './layerError';

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
