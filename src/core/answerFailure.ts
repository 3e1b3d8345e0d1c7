/**
 * How a request that failed is answered, whatever hosts it (our restify server, or a bot developer's own
 * `http`/express server through `nodeHandler`): the status its error maps to (`httpStatusOf`), a public
 * body that never carries internals, logged as ours (5xx) or the client's (4xx); a client that went away
 * (499) is not answered at all.
 */
import { describeError, httpStatusOf, publicErrorBody } from './errors';
import type { HttpResponse } from './http';
import type { Logger } from './log';

/** Answers a failed request (unless an answer went out already); returns its status. */
export function answerFailure(error: unknown, response: HttpResponse, log: Logger, url: string): number {
  const status = httpStatusOf(error);
  if (status === 499) {
    // Nothing to answer, and nothing of ours failed; the status is kept for whoever reports it.
    log.info('client closed the request', { url });
    response.status(499);
    return status;
  }
  if (status >= 500) log.error('request failed', { url, error: describeError(error) });
  else log.warn('request refused', { url, status, error: describeError(error) });
  if (!response.headersSent) {
    // The rest of the body was not read: the connection cannot carry another request.
    if (status === 408 || status === 413) response.header('connection', 'close');
    response.send(status, publicErrorBody(error));
  }
  return status;
}
