/** A pino logger whose lines tests can read. */
import { pino, type Logger } from 'pino';

export interface CapturedLog {
  logger: Logger;
  lines: Array<Record<string, unknown>>;
  /** Messages (`msg`) so far. */
  messages(): string[];
}

export function captureLog(level = 'info'): CapturedLog {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level }, { write: (line: string) => { lines.push(JSON.parse(line) as Record<string, unknown>); } });
  return { logger, lines, messages: () => lines.map((l) => String(l.msg)) };
}
