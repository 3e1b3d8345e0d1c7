/**
 * The JSON files named by variables (CHANNELS_FILE, COMMUNITIES_FILE), and JSON held by one (CHANNELS_JSON): "not found", "not readable" and a
 * syntax error (with its line and column) are three different messages, each naming the variable and the
 * path, never quoting the file's content (it may hold secrets).
 */
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { ConfigError } from './errors';
import { locateJsonError } from './jsonSyntax';

/** Reads a file as UTF-8 text (tests inject one that fails). */
export type ReadText = (path: string) => string;

const readUtf8: ReadText = (path) => readFileSync(path, 'utf8');

/** Why a file cannot be read, from an fs error code. */
export function fileErrorMessage(variable: string, path: string, code: string | undefined): string {
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return `${variable}: file not found (${path})`;
    case 'EACCES':
    case 'EPERM':
      return `${variable}: file not readable (permission denied) (${path})`;
    case 'EISDIR':
      return `${variable}: names a folder, not a file (${path})`;
    default:
      return `${variable}: file not readable (${code ?? 'unknown error'}) (${path})`;
  }
}

/** A problem with the file a variable names, found without reading it; `undefined` when it looks readable. */
export function configFileProblem(variable: string, path: string): string | undefined {
  try {
    if (statSync(path).isDirectory()) return fileErrorMessage(variable, path, 'EISDIR');
    accessSync(path, constants.R_OK);
    return undefined;
  } catch (error) {
    return fileErrorMessage(variable, path, errorCode(error));
  }
}

/** Reads and parses a JSON file; throws a `ConfigError` saying what is wrong, naming the variable. */
export function readJsonFile(variable: string, path: string, readText: ReadText = readUtf8): unknown {
  let text: string;
  try {
    text = readText(path);
  } catch (error) {
    throw new ConfigError([fileErrorMessage(variable, path, errorCode(error))]);
  }
  return parseJsonText(variable, text, ` (${path})`);
}

/**
 * Parses JSON a variable holds or names (`CHANNELS_JSON`, the text of `CHANNELS_FILE`); a syntax error
 * is a `ConfigError` naming the variable, the line and the column, never quoting the text (it may hold
 * secrets). `where` ends the message (the file's path).
 */
export function parseJsonText(variable: string, text: string, where = ''): unknown {
  // A byte-order mark (some Windows editors write one) is not part of the JSON.
  const json = text.startsWith('\uFEFF') ? text.slice(1) : text;
  try {
    return JSON.parse(json);
  } catch {
    const at = locateJsonError(json);
    throw new ConfigError([
      at
        ? `${variable}: not valid JSON at line ${at.line}, column ${at.column}: ${at.reason}${where}`
        : `${variable}: not valid JSON${where}`,
    ]);
  }
}

/** A zod issue path as it reads in the file: `channels[1].accessToken`. */
export function jsonPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}
