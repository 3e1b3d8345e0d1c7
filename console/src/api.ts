/**
 * The operator API as the console calls it: every request carries the key (kept in this tab's session
 * storage only, never in a URL), so a key taken out of `OPERATOR_API_KEYS` stops working at the next
 * request. A 401 signs the console out; other refusals become `ApiError` with the service's message and,
 * for a 422, the fields it names.
 */
import type { Reader } from './read.js';

const KEY_ITEM = 'console.operatorKey';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: readonly { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

/** The key was refused: the console shows the sign-in and nothing else. */
export class SignedOutError extends ApiError {}

export const session = {
  key: (): string | undefined => sessionStorage.getItem(KEY_ITEM) ?? undefined,
  keep: (key: string): void => sessionStorage.setItem(KEY_ITEM, key),
  forget: (): void => sessionStorage.removeItem(KEY_ITEM),
};

export interface Api {
  get<T>(path: string, read: Reader<T>): Promise<T>;
  send<T>(method: 'POST' | 'PATCH' | 'DELETE', path: string, body: unknown, read: Reader<T>): Promise<T>;
  /** The bytes of a file answer (a photo, a voice note, a CSV export). */
  file(path: string, accept?: string): Promise<Blob>;
}

export function apiWith(key: string, signedOut: (error: SignedOutError) => void): Api {
  const call = async (path: string, init: RequestInit = {}): Promise<Response> => {
    const headers = new Headers(init.headers);
    headers.set('Authorization', `Bearer ${key}`);
    let response: Response;
    try {
      response = await fetch(path, { ...init, headers, cache: 'no-store' });
    } catch {
      throw new ApiError(0, 'offline');
    }
    if (response.ok) return response;
    const error = await errorOf(response);
    if (error instanceof SignedOutError) signedOut(error);
    throw error;
  };
  const json = async <T>(response: Response, read: Reader<T>): Promise<T> =>
    read(await response.json(), 'answer');
  return {
    get: async (path, read) => json(await call(path, { headers: { Accept: 'application/json' } }), read),
    send: async (method, path, body, read) =>
      json(
        await call(path, {
          method,
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          body: JSON.stringify(body),
        }),
        read,
      ),
    file: async (path, accept) => (await call(path, accept ? { headers: { Accept: accept } } : {})).blob(),
  };
}

async function errorOf(response: Response): Promise<ApiError> {
  const body: unknown = await response.json().catch(() => undefined);
  const error: unknown = typeof body === 'object' && body !== null ? Reflect.get(body, 'error') : undefined;
  const text = (name: string): string | undefined => {
    const value: unknown = typeof error === 'object' && error !== null ? Reflect.get(error, name) : undefined;
    return typeof value === 'string' ? value : undefined;
  };
  const fieldsValue: unknown =
    typeof error === 'object' && error !== null ? Reflect.get(error, 'fields') : undefined;
  const fields = Array.isArray(fieldsValue)
    ? fieldsValue.flatMap((f: unknown) => {
        if (typeof f !== 'object' || f === null) return [];
        const path: unknown = Reflect.get(f, 'path');
        const message: unknown = Reflect.get(f, 'message');
        return typeof path === 'string' && typeof message === 'string' ? [{ path, message }] : [];
      })
    : [];
  const message = text('message') ?? `${response.status} ${response.statusText}`;
  return response.status === 401
    ? new SignedOutError(401, message)
    : new ApiError(response.status, message, fields);
}

/** A query string of the values that are set: `?status=accepted&since=2026-01-01`. */
export function query(values: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) if (value) params.set(name, value);
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}
