/**
 * Tells a person that an operator changed their submission's status, in their language, from the line
 * they wrote to: a free-form message inside their 24-hour window; outside it on WhatsApp, the template
 * named by SUBMISSION_UPDATE_TEMPLATE (body parameters: the reference, the status), or nothing when none
 * is configured. What happened is the notification stored with the change; a refusal never undoes it.
 */
import { t } from '../../../../dialogs/catalogue';
import { whatsappTemplateAttachment } from '../../../core/conventions/whatsappTemplate';
import { ChannelLayerError, WindowClosedError, describeError } from '../../../core/errors';
import type { Logger } from '../../../core/log';
import type { StatusNotice } from '../../../domain/submissions/statusChange';
import type { StatusNotification } from '../../../domain/submissions/submission';
import type { ProactiveSender } from '../../outbound/proactiveSender';

export interface StatusNotifierDeps {
  sender: Pick<ProactiveSender, 'serves' | 'windowOpen' | 'send'>;
  /** SUBMISSION_UPDATE_TEMPLATE. */
  template: string | undefined;
  log: Logger;
}

/** Tells the person of `notice` as `by` (`operator:<key name>`); says how it went. */
export async function tellStatusChange(
  deps: StatusNotifierDeps,
  notice: StatusNotice,
  by: string,
): Promise<StatusNotification> {
  const at = new Date().toISOString();
  const target = {
    channel: notice.to.channel,
    userId: notice.to.id,
    ...(notice.line ? { lineId: notice.line.id } : {}),
  };
  if (!deps.sender.serves(target.channel)) return { state: 'not_sent', reason: 'channel_not_served', at };
  const status = t(notice.locale, `status.${notice.status}`);
  try {
    if (target.channel === 'whatsapp' && !(await deps.sender.windowOpen(target))) {
      if (deps.template === undefined) return { state: 'not_sent', reason: 'window_closed', at };
      const template = whatsappTemplateAttachment({
        name: deps.template,
        language: notice.locale,
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: notice.reference },
              { type: 'text', text: status },
            ],
          },
        ],
      });
      const sent = await deps.sender.send({
        ...target,
        by,
        activity: { type: 'message', attachments: [template] },
      });
      return { state: 'sent', via: 'template', ...idOf(sent.messageId), at };
    }
    const lines = [t(notice.locale, 'status.changed', { reference: notice.reference, status })];
    if (notice.note !== undefined) lines.push(t(notice.locale, 'status.changedNote', { note: notice.note }));
    const sent = await deps.sender.send({
      ...target,
      by,
      activity: { type: 'message', text: lines.join('\n') },
    });
    return { state: 'sent', via: 'text', ...idOf(sent.messageId), at };
  } catch (error) {
    // Messenger outside its window without a message tag, or a window that closed a moment ago.
    if (error instanceof WindowClosedError) return { state: 'not_sent', reason: 'window_closed', at };
    deps.log.warn('a status notice was not sent', {
      reference: notice.reference,
      error: describeError(error),
    });
    return { state: 'failed', reason: error instanceof ChannelLayerError ? error.reason : 'error', at };
  }
}

function idOf(messageId: string | undefined): { messageId?: string } {
  return messageId === undefined ? {} : { messageId };
}
