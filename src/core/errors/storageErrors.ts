/** Failures of storage: lost races, existing items, no answer, stored data that no longer fits. */
import { ChannelLayerError, maskIds } from './layerError';

/** An optimistic-concurrency write lost: the stored item changed since it was read. */
export class StateConflictError extends ChannelLayerError {
  readonly httpStatus = 409;
  readonly reason = 'state_conflict';

  constructor(readonly key: string) {
    super(`State for key ${JSON.stringify(maskIds(key))} changed since it was read`);
  }
}

/** A create-only write found the item already there. */
export class AlreadyExistsError extends ChannelLayerError {
  readonly httpStatus = 409;
  readonly reason = 'already_exists';

  constructor(readonly key: string) {
    super(`An item named ${JSON.stringify(maskIds(key))} already exists`);
  }
}

/** Storage did not answer or answered with a server error. */
export class StorageUnavailableError extends ChannelLayerError {
  readonly httpStatus = 503;
  readonly reason = 'storage_unavailable';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A stored document no longer matches its schema. */
export class StoredDataError extends ChannelLayerError {
  readonly httpStatus = 500;
  readonly reason = 'stored_data_invalid';

  constructor(
    readonly key: string,
    message: string,
  ) {
    super(`Stored item ${JSON.stringify(maskIds(key))} is invalid: ${message}`);
  }
}
