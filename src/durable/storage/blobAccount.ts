/**
 * One storage account: the blob service client, its containers (created once, on first use), a
 * readiness probe, and the translation of storage SDK errors into our error types.
 */
import { BlobServiceClient, RestError, type ContainerClient } from '@azure/storage-blob';
import {
  AlreadyExistsError,
  ConfigError,
  StateConflictError,
  StorageUnavailableError,
} from '../../core/errors';
import { connectionStringProblem } from './connectionString';

/**
 * What the account said to a probe: it answers; it refuses our credentials (401/403, a configuration
 * error: a wrong key never heals); or it does not answer (connection refused, DNS, timeout, 5xx: it may
 * come up). `detail` is a status and code or a network error code, never a key.
 */
export type StorageAccess =
  { status: 'ok' } | { status: 'denied'; detail: string } | { status: 'unreachable'; detail: string };

export type ContainerRole = 'state' | 'media' | 'submissions' | 'inbox' | 'history' | 'system';

/** A container of an earlier layout: read while it exists, never created (`inboxLayout.ts`). */
export type EarlierContainerRole = 'ledger';

export interface BlobAccountOptions {
  connectionString: string;
  /** Prefix of every container name (`<prefix>-state`, `<prefix>-media`, ...). */
  containerPrefix: string;
}

export class BlobAccount {
  private readonly service: BlobServiceClient;
  private readonly ready = new Map<string, Promise<ContainerClient>>();

  /** Throws a `ConfigError` naming AZURE_STORAGE_CONNECTION_STRING when the SDK cannot use it. */
  constructor(private readonly options: BlobAccountOptions) {
    const problem = connectionStringProblem(options.connectionString);
    try {
      if (problem !== undefined) throw new Error(problem);
      this.service = BlobServiceClient.fromConnectionString(options.connectionString, {
        retryOptions: { maxTries: 3, retryDelayInMs: 200, maxRetryDelayInMs: 2_000, tryTimeoutInMs: 15_000 },
        keepAliveOptions: { enable: true },
      });
    } catch {
      // The SDK's own message may quote the string; ours names the part that is wrong.
      throw new ConfigError([
        `AZURE_STORAGE_CONNECTION_STRING is malformed: ${problem ?? 'the storage SDK cannot use it'}`,
      ]);
    }
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

  /** A container of an earlier layout, not created: it may not exist. */
  existingContainer(role: EarlierContainerRole): ContainerClient {
    return this.service.getContainerClient(`${this.options.containerPrefix}-${role}`);
  }

  /** True when the account answers within the timeout. Never throws. */
  async ping(timeoutMs = 2_000): Promise<boolean> {
    return (await this.probe(timeoutMs)).status === 'ok';
  }

  /** Asks the account about one of our containers: does it answer, and does it take our credentials? */
  async probe(timeoutMs = 2_000): Promise<StorageAccess> {
    try {
      const client = this.service.getContainerClient(this.containerName('system'));
      await client.exists({ abortSignal: AbortSignal.timeout(timeoutMs) });
      return { status: 'ok' };
    } catch (error) {
      if (error instanceof RestError && (error.statusCode === 401 || error.statusCode === 403)) {
        return { status: 'denied', detail: `${error.statusCode} ${error.code ?? ''}`.trim() };
      }
      if (error instanceof RestError) {
        const detail = [error.statusCode, error.code].filter((part) => part !== undefined).join(' ');
        return { status: 'unreachable', detail: detail || error.name };
      }
      if (error instanceof Error && error.name === 'AbortError')
        return { status: 'unreachable', detail: `no answer within ${timeoutMs} ms` };
      return { status: 'unreachable', detail: error instanceof Error ? error.name : 'unknown error' };
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
