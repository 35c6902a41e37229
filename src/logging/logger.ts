import pino, { type Logger } from 'pino';
import type { DistillguardConfig } from '../config/schema.js';

/**
 * Structured JSON logs (pino) on stderr, so that stdout stays free for command output such as a
 * new API key. Secrets are redacted wherever they might appear.
 */
export function createLogger(config: Pick<DistillguardConfig, 'logging'>, name = 'distillguard'): Logger {
  return pino({
    name,
    level: config.logging.level,
    redact: {
      paths: ['req.headers.authorization', 'req.headers["x-api-key"]', 'headers.authorization', 'headers["x-api-key"]', 'secret', '*.secret'],
      censor: '[redacted]',
    },
  }, pino.destination({ fd: 2, sync: false }));
}
