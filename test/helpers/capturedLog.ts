/** A logger whose lines a test reads back: each line with its level, in the order they were logged. */
import { createLogger, type Logger, type LoggerOptions, type LogLevel } from '../../src/core/log';

export interface LogLine {
  level: LogLevel;
  line: string;
}

/** A logger at `debug` (or `options.level`) that keeps what it logs in `lines`. */
export function capturedLog(options: Omit<LoggerOptions, 'sink'> = {}): { lines: LogLine[]; log: Logger } {
  const lines: LogLine[] = [];
  const log = createLogger({
    level: 'debug',
    ...options,
    sink: (level, line) => lines.push({ level, line }),
  });
  return { lines, log };
}
