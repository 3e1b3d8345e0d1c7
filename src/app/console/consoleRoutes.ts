/**
 * `GET /console` and its files: the operator console, a static page over the operator API (no second path
 * to storage: what the console does, the API does). Its files are built into `dist/console/` by
 * `scripts/buildConsole.mjs` and read once at start; a name that is not one of them is 404. The page
 * loads only its own files (a strict Content-Security-Policy), is never framed, and is not cached
 * across deployments (its files are revalidated).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { NotFoundError } from '../../core/errors';
import type { RouteHandler } from '../../core/http';
import { RawAnswer, sendRaw } from '../../core/rawAnswer';
import type { ApiRoute } from '../server';

export const CONSOLE_PATH = '/console';

/** Where the build puts the console: `dist/console`, beside `dist/src`. */
export const CONSOLE_FOLDER = join(__dirname, '..', '..', '..', 'console');

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * Map tiles come from OpenStreetMap when the browser can reach it (the page shows coordinates and a link
 * when it cannot); media are fetched with the key and shown from `blob:` URLs.
 */
const POLICY = [
  "default-src 'self'",
  "img-src 'self' blob: https://tile.openstreetmap.org",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "style-src 'self'",
  "script-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

interface ConsoleFile {
  type: string;
  body: Buffer;
  etag: string;
}

/** The console's files, by name (`index.html`, `main.js`, ...); empty when it was not built. */
export function consoleFiles(folder = CONSOLE_FOLDER): Map<string, ConsoleFile> {
  const files = new Map<string, ConsoleFile>();
  if (!existsSync(folder)) return files;
  for (const name of readdirSync(folder)) {
    const type = TYPES[extname(name)];
    if (type === undefined) continue;
    const body = readFileSync(join(folder, name));
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"`;
    files.set(name, { type, body, etag });
  }
  return files;
}

/** The console's routes, for `createServer`'s `raw` routes; none when it was not built (the banner says so). */
export function consoleRoutes(files: Map<string, ConsoleFile>): ApiRoute[] {
  if (!files.has('index.html')) return [];
  const serve =
    (nameOf: (params: Record<string, string>) => string): RouteHandler =>
    (request, response) => {
      const name = nameOf(request.params ?? {});
      const file = files.get(name);
      if (file === undefined) throw new NotFoundError('console file', name);
      const headers = {
        'Cache-Control': 'no-cache',
        ETag: file.etag,
        'Content-Security-Policy': POLICY,
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
      };
      if (request.headers['if-none-match'] === file.etag)
        return sendRaw(response, 304, new RawAnswer(file.type, '', headers));
      return sendRaw(response, 200, new RawAnswer(file.type, file.body, headers));
    };
  return [
    { method: 'GET', path: CONSOLE_PATH, handler: serve(() => 'index.html') },
    { method: 'GET', path: `${CONSOLE_PATH}/{file}`, handler: serve((params) => params.file ?? '') },
  ];
}
