/** What the WhatsApp Cloud API answers to a request it will never accept: a 400, not worth sending again. */
import { ChannelApiError } from '../../src/core/errors';

/** A refusal of the Cloud API (`code` 100, "Invalid parameter", unless told otherwise). */
export function whatsAppRefusal(code = 100, message = 'Invalid parameter'): ChannelApiError {
  return new ChannelApiError({ channel: 'whatsapp', status: 400, code, message, retryable: false });
}
