/**
 * Who an activity on `/api/messages` may speak for. State, memberships and submissions are keyed by
 * `channelId` and `from.id`, so a channel id is an identity namespace, and it must carry its proof:
 *
 * - without Bot Framework authentication (`MicrosoftAppId` unset: the Emulator in development) an
 *   activity may use only the channel id `emulator`, and its `serviceUrl` must be loopback
 *   (`http://localhost:*`, `http://127.0.0.1:*`, `http://[::1]:*`), so the server never calls out
 *   anywhere else on an unauthenticated request's word;
 * - with authentication (CloudAdapter validates the JWT) a channel uses its own id, but never one of our
 *   webhook channels' (`WEBHOOK_CHANNEL_IDS`), whose people proved who they are with a signed webhook,
 *   nor anything that passes for one (`WhatsApp`, ` whatsapp`), nor an id that is not a plain token.
 *
 * Anything else is refused (403, nothing run, nothing stored) rather than renamed into another
 * namespace: a refusal tells the developer at once, where a renamed activity would quietly run as
 * someone else.
 */
import type { ActivityShape } from './activityShape';
import { ActivityRefusedError } from '../core/errors';
import { isWebhookChannelId, WEBHOOK_CHANNEL_IDS } from './webhookChannelIds';

export interface IdentityPolicy {
  /** Requests must carry a Bot Framework JWT, which CloudAdapter validates (`MicrosoftAppId` is set). */
  authenticated: boolean;
}

/** The only channel id an unauthenticated request may use. */
export const EMULATOR_CHANNEL_ID = 'emulator';

/** What Bot Framework channel ids look like (`msteams`, `webchat`, `directline`, `twilio-sms`, ...). */
const PLAIN_CHANNEL_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Refuses (`ActivityRefusedError`, 403) an activity that claims what its proof does not allow. */
export function checkIdentity(
  activity: Pick<ActivityShape, 'channelId' | 'serviceUrl'>,
  policy: IdentityPolicy,
): void {
  const claimed = JSON.stringify(activity.channelId.slice(0, 64));
  if (!policy.authenticated) {
    if (activity.channelId !== EMULATOR_CHANNEL_ID) {
      throw new ActivityRefusedError(
        'channel_id_not_allowed',
        `channelId ${claimed} is refused: without Bot Framework authentication (MicrosoftAppId unset) ` +
          `/api/messages takes only channelId "${EMULATOR_CHANNEL_ID}"`,
      );
    }
    if (!isLoopbackUrl(activity.serviceUrl)) {
      throw new ActivityRefusedError(
        'service_url_not_allowed',
        'serviceUrl is refused: without Bot Framework authentication (MicrosoftAppId unset) replies go ' +
          'only to a loopback address (http://localhost:<port>, http://127.0.0.1:<port> or ' +
          'http://[::1]:<port>, as the Emulator gives)',
      );
    }
    return;
  }
  if (isWebhookChannelId(activity.channelId)) {
    throw new ActivityRefusedError(
      'channel_id_not_allowed',
      `channelId ${claimed} is refused: ${WEBHOOK_CHANNEL_IDS.join(', ')} belong to this bot's own ` +
        'webhooks, whose people cannot be addressed through /api/messages',
    );
  }
  if (!PLAIN_CHANNEL_ID.test(activity.channelId)) {
    throw new ActivityRefusedError(
      'channel_id_not_allowed',
      `channelId ${claimed} is refused: a channel id is 1 to 64 letters, digits, ".", "_" or "-", ` +
        'starting with a letter or digit',
    );
  }
}

/** An `http:` URL on the loopback interface, without credentials in it. */
export function isLoopbackUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (
    url.protocol === 'http:' && url.username === '' && url.password === '' && LOOPBACK_HOSTS.has(url.hostname)
  );
}
