/**
 * Redis connections for the shared enforcement backends (rate limits, decision bus). Commands fail
 * fast while Redis is away (no offline queue, a short command timeout) instead of holding requests;
 * the callers decide what a failure means.
 */
import { Redis } from 'ioredis';
import { DistillguardError } from '../errors.js';

export interface RedisConnectionOptions {
  url: string;
  /** Shown in Redis' CLIENT LIST and in errors. */
  name: string;
  /** Longest a command may take before it fails (ms). */
  commandTimeoutMs?: number;
  /** How long the first connection may take (ms). */
  connectTimeoutMs?: number;
}

/** The URL with any password masked, for messages and logs. */
export function redactRedisUrl(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, '//***@');
}

/** Opens a connection and waits until it is ready; ENFORCE_BACKEND_UNAVAILABLE if it cannot. */
export async function connectRedis(options: RedisConnectionOptions): Promise<Redis> {
  const redis = new Redis(options.url, {
    lazyConnect: true,
    connectionName: options.name,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: options.commandTimeoutMs ?? 250,
    connectTimeout: options.connectTimeoutMs ?? 2_000,
    // keep retrying in the background after the first success: a Redis restart must heal by itself
    retryStrategy: (attempt) => Math.min(50 * attempt, 1_000),
  });
  // ioredis emits 'error' on every failed reconnection attempt; the owner logs state changes itself
  redis.on('error', () => {});
  try {
    await redis.connect();
  } catch (cause) {
    redis.disconnect();
    throw new DistillguardError('ENFORCE_BACKEND_UNAVAILABLE', `cannot connect to Redis at ${redactRedisUrl(options.url)} (${options.name}): ${(cause as Error).message}`, {
      cause, hint: 'start Redis (e.g. redis-server --port 6379), fix enforcement.redis.url, or use the in-memory backends',
    });
  }
  return redis;
}

/** True when a Redis answers PING at `url` within `timeoutMs` (tests use it to skip with a message). */
export async function redisReachable(url: string, timeoutMs = 1_000): Promise<boolean> {
  const redis = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, connectTimeout: timeoutMs, retryStrategy: () => null });
  redis.on('error', () => {});
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}
