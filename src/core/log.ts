/**
 * A small leveled logger. Every line passes through a redactor that replaces any configured secret value,
 * so a token that slips into an error message still never reaches the log.
 */

import { describeError } from './errors';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LoggerOptions {
  level?: LogLevel;
  /** Values that must never be printed (tokens, app secrets, passwords). */
  secrets?: readonly string[];
  /** Where lines go; defaults to stdout for debug/info and stderr for warn/error. */
  sink?: (level: LogLevel, line: string) => void;
}

const MIN_SECRET_LENGTH = 4;

export function createLogger(options: LoggerOptions = {}): Logger {
  const threshold = ORDER[options.level ?? 'info'];
  const secrets = (options.secrets ?? []).filter((s) => s.length >= MIN_SECRET_LENGTH);
  const sink =
    options.sink ??
    ((level: LogLevel, line: string) => {
      if (ORDER[level] >= ORDER.warn) process.stderr.write(`${line}\n`);
      else process.stdout.write(`${line}\n`);
    });
  const redact = (text: string): string =>
    secrets.reduce((out, secret) => out.split(secret).join('[redacted]'), text);

  const write = (level: LogLevel, message: string, fields?: LogFields): void => {
    if (ORDER[level] < threshold) return;
    const suffix = fields && Object.keys(fields).length > 0 ? ` ${safeJson(fields)}` : '';
    sink(level, redact(`${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} ${message}${suffix}`));
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}

/** A logger that drops everything (tests that do not look at logs). */
export const silentLogger: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

function safeJson(fields: LogFields): string {
  try {
    return JSON.stringify(fields, (_key, value: unknown) =>
      value instanceof Error ? describeError(value) : value,
    );
  } catch {
    return '[unserialisable fields]';
  }
}
