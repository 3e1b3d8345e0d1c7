/**
 * Tells a person that an operator changed their submission's status, in their language, from the line
 * they wrote to: a free-form message inside their 24-hour window; outside it on WhatsApp, the template
 * named by SUBMISSION_UPDATE_TEMPLATE (body parameters: the reference, the status), or nothing when none
 * is configured; nothing to a person who opted out (STOP). What happened is the notification stored with the change; a refusal never undoes it.
 *
 * The order: the change is stored, the person told, then the notification recorded on the change. When
 * that last write fails, the answer still says what was done (the change stands, the person was told
 * or not), and the log says the record is missing: an operator who retried would tell the person twice.
 */
import { t } from '../../../../dialogs/catalogue';
import { whatsappTemplateAttachment } from '../../../core/conventions/whatsappTemplate';
import { ChannelLayerError, OptedOutError, WindowClosedError, describeError } from '../../../core/errors';
import type { Logger } from '../../../core/log';
import type { StatusChange, StatusNotice } from '../../../domain/submissions/statusChange';
import type { StatusNotification, Submission } from '../../../domain/submissions/submission';
import type { SubmissionStore } from '../../../domain/submissions/submissionStore';
import type { ProactiveSender } from '../../outbound/proactiveSender';

export interface StatusNotifierDeps {
  sender: Pick<ProactiveSender, 'serves' | 'optedOut' | 'windowOpen' | 'send'>;
  /** SUBMISSION_UPDATE_TEMPLATE. */
  template: string | undefined;
  log: Logger;
}

export interface StatusChangeDeps extends StatusNotifierDeps {
  submissions: Pick<SubmissionStore, 'changeStatus' | 'update'>;
}

/** Changes the status (`by`: the operator key's name), tells the person, records how that went. */
export async function changeStatusAndTell(
  deps: StatusChangeDeps,
  reference: string,
  change: StatusChange,
): Promise<{ submission: Submission; notification: StatusNotification }> {
  const changed = await deps.submissions.changeStatus(reference, change);
  const notification = await tellStatusChange(deps, changed.notice, `operator:${change.by}`);
  const entry = changed.submission.statusHistory.length - 1;
  try {
    const submission = await deps.submissions.update(reference, (current) => ({
      ...current,
      statusHistory: current.statusHistory.map((e, i) => (i === entry ? { ...e, notification } : e)),
    }));
    return { submission, notification };
  } catch (error) {
    deps.log.error('the notification of a status change was not recorded', {
      reference,
      error: describeError(error),
    });
    return { submission: changed.submission, notification };
  }
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
  if (await deps.sender.optedOut(target)) return { state: 'not_sent', reason: 'opted_out', at };
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
    if (error instanceof OptedOutError) return { state: 'not_sent', reason: 'opted_out', at };
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
