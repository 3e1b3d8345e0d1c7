/**
 * Failures of a lookup or a change asked for by name: nothing by that name (404), a paging cursor that
 * cannot be used (400), a value that may not be used (422, naming the field). The operator API answers
 * with them as they are; their messages name what was asked for, never a person's id.
 */
import { ChannelLayerError, maskIds } from './layerError';

/** Nothing is stored under the name asked for: `new NotFoundError('submission', 'GR-7K3F9Q')`. */
export class NotFoundError extends ChannelLayerError {
  readonly httpStatus = 404;
  readonly reason = 'not_found';
  readonly key: string;

  constructor(kind: string, key: string) {
    super(`No ${kind} ${JSON.stringify(maskIds(key))}`);
    this.key = key;
  }
}

/** A paging cursor that this service did not give out, was changed, or was given with other filters. */
export class InvalidCursorError extends ChannelLayerError {
  readonly httpStatus = 400;
  readonly reason = 'invalid_cursor';

  constructor(why: string) {
    super(`The cursor cannot be used: ${why}. Start again without a cursor.`);
  }
}

/**
 * A value a change or a filter names is not one that may be used; the message names the field and what
 * it takes: `new InvalidValueError({ field: 'status', takes: 'one of submitted, ...' })`.
 */
export class InvalidValueError extends ChannelLayerError {
  readonly httpStatus = 422;
  readonly reason = 'invalid_value';
  readonly field: string;

  constructor(problem: { field: string; takes: string }) {
    super(`${problem.field}: ${problem.takes}`);
    this.field = problem.field;
  }
}
