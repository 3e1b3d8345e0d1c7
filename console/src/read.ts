/**
 * Reading the operator API's answers: the console trusts no shape it did not check. Each reader takes an
 * `unknown` and gives a typed value or throws `ShapeError` naming the path that did not fit.
 */
export class ShapeError extends Error {}

export type Reader<T> = (value: unknown, path: string) => T;

function fail(path: string, wanted: string): never {
  throw new ShapeError(`The service answered something unexpected at ${path}: ${wanted} expected`);
}

export const str: Reader<string> = (value, path) => (typeof value === 'string' ? value : fail(path, 'text'));
export const num: Reader<number> = (value, path) =>
  typeof value === 'number' && Number.isFinite(value) ? value : fail(path, 'a number');
export const bool: Reader<boolean> = (value, path) =>
  typeof value === 'boolean' ? value : fail(path, 'true or false');

export function optional<T>(read: Reader<T>): Reader<T | undefined> {
  return (value, path) => (value === undefined || value === null ? undefined : read(value, path));
}

export function list<T>(read: Reader<T>): Reader<T[]> {
  return (value, path) =>
    Array.isArray(value)
      ? value.map((item: unknown, i) => read(item, `${path}[${i}]`))
      : fail(path, 'a list');
}

/** A record of numbers (counts by status or by reason). */
export const counts: Reader<Record<string, number>> = (value, path) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail(path, 'an object');
  return Object.fromEntries(Object.entries(value).map(([key, n]) => [key, num(n, `${path}.${key}`)]));
};

/** An object read field by field: `object({ id: str, size: optional(num) })`. */
export function object<T extends Record<string, unknown>>(fields: {
  [K in keyof T]: Reader<T[K]>;
}): Reader<T> {
  return (value, path) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail(path, 'an object');
    const read: Partial<T> = {};
    for (const key of Object.keys(fields) as (keyof T & string)[]) {
      const reader = fields[key];
      read[key] = reader(Reflect.get(value, key), `${path}.${key}`);
    }
    return read as T;
  };
}
