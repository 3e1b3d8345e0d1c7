/**
 * One storage account: the blob service client, its containers (created once, on first use), a
 * readiness probe, and the translation of storage SDK errors into our error types.
 */
import { BlobServiceClient, RestError, type ContainerClient } from '@azure/storage-blob';
import { AlreadyExistsError, StateConflictError, StorageUnavailableError } from '../errors';

export type ContainerRole = 'state' | 'media' | 'submissions' | 'ledger' | 'transcripts' | 'system';

export interface BlobAccountOptions {
  connectionString: string;
  /** Prefix of every container name (`<prefix>-state`, `<prefix>-media`, ...). */
  containerPrefix: string;
}

export class BlobAccount {
  private readonly service: BlobServiceClient;
  private readonly ready = new Map<string, Promise<ContainerClient>>();

  constructor(private readonly options: BlobAccountOptions) {
    this.service = BlobServiceClient.fromConnectionString(options.connectionString, {
      retryOptions: { maxTries: 3, retryDelayInMs: 200, maxRetryDelayInMs: 2_000, tryTimeoutInMs: 15_000 },
      keepAliveOptions: { enable: true },
    });
  }

  /** The account's blob endpoint, without credentials (safe to log). */
  get endpoint(): string {
    return this.service.url.split('?')[0] ?? this.service.url;
  }

  containerName(role: ContainerRole): string {
    return `${this.options.containerPrefix}-${role}`;
  }

  /** The container for a role, created if missing (once per process). */
  async container(role: ContainerRole): Promise<ContainerClient> {
    const name = this.containerName(role);
    let pending = this.ready.get(name);
    if (!pending) {
      const client = this.service.getContainerClient(name);
      pending = client
        .createIfNotExists()
        .then(() => client)
        .catch((error: unknown) => {
          this.ready.delete(name);
          throw toStorageError(error, name);
        });
      this.ready.set(name, pending);
    }
    return pending;
  }

  /** True when the account answers within the timeout. Never throws. */
  async ping(timeoutMs = 2_000): Promise<boolean> {
    try {
      const client = this.service.getContainerClient(this.containerName('system'));
      await client.exists({ abortSignal: AbortSignal.timeout(timeoutMs) });
      return true;
    } catch {
      return false;
    }
  }
}

/**
 * Maps a storage SDK failure to our error types. A failed precondition (412, or 409 for a blob that
 * already exists) becomes `AlreadyExistsError` for create-only writes and `StateConflictError` otherwise.
 */
export function toStorageError(error: unknown, key: string, write: 'create' | 'update' = 'update'): Error {
  if (error instanceof RestError) {
    if (error.statusCode === 412 || (error.statusCode === 409 && error.code === 'BlobAlreadyExists')) {
      return write === 'create' ? new AlreadyExistsError(key) : new StateConflictError(key);
    }
    if (error.statusCode === undefined || error.statusCode >= 500 || error.statusCode === 408) {
      return new StorageUnavailableError(`Blob storage did not answer (${error.code ?? error.name})`, {
        cause: error,
      });
    }
    return new StorageUnavailableError(
      `Blob storage refused the request (${error.statusCode} ${error.code ?? ''})`,
      {
        cause: error,
      },
    );
  }
  if (error instanceof Error && error.name === 'AbortError') {
    return new StorageUnavailableError('Blob storage did not answer in time', { cause: error });
  }
  return error instanceof Error ? error : new StorageUnavailableError(String(error));
}

/** True for a 404 from the storage SDK. */
export function isNotFound(error: unknown): boolean {
  return error instanceof RestError && error.statusCode === 404;
}
