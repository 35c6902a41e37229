import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { connectRedis } from '../redis-connection.js';
import type { DecisionBus, DecisionEnvelope } from './types.js';

export interface RedisDecisionBusOptions {
  url: string;
  /** Pub/sub channel; replicas of one deployment share it. */
  channel: string;
  logger?: Logger;
}

/**
 * The decision bus over Redis pub/sub: one connection publishes, one subscribes. Pub/sub keeps no
 * history, so after a reconnection the subscriber asks its owner to resync from the store.
 */
export class RedisDecisionBus implements DecisionBus {
  readonly kind = 'redis';
  private readonly handlers = new Set<(envelope: DecisionEnvelope) => void>();
  private readonly resyncListeners = new Set<() => void>();
  private closed = false;

  private constructor(private readonly publisher: Redis, private readonly subscriber: Redis, private readonly options: RedisDecisionBusOptions) {}

  /** Connects both connections and subscribes; ENFORCE_BACKEND_UNAVAILABLE if Redis is away. */
  static async connect(options: RedisDecisionBusOptions): Promise<RedisDecisionBus> {
    const publisher = await connectRedis({ url: options.url, name: 'distillguard-bus-pub', commandTimeoutMs: 1_000 });
    let subscriber: Redis;
    try {
      subscriber = await connectRedis({ url: options.url, name: 'distillguard-bus-sub', commandTimeoutMs: 1_000 });
    } catch (error) {
      publisher.disconnect();
      throw error;
    }
    const bus = new RedisDecisionBus(publisher, subscriber, options);
    await subscriber.subscribe(options.channel);
    subscriber.on('message', (channel: string, text: string) => {
      if (channel === options.channel) bus.receive(text);
    });
    let lost = false;
    subscriber.on('close', () => {
      if (!bus.closed && !lost) options.logger?.warn({ channel: options.channel }, 'decision bus: lost the Redis connection; reconnecting');
      lost = true;
    });
    subscriber.on('ready', () => {
      if (!lost || bus.closed) return;
      lost = false;
      // ioredis re-subscribes by itself; whatever was published meanwhile is gone
      options.logger?.info({ channel: options.channel }, 'decision bus: reconnected to Redis; resynchronising from the store');
      for (const listener of bus.resyncListeners) listener();
    });
    return bus;
  }

  private receive(text: string): void {
    let envelope: DecisionEnvelope;
    try {
      envelope = JSON.parse(text) as DecisionEnvelope;
    } catch {
      this.options.logger?.error({ channel: this.options.channel }, 'decision bus: ignored a message that is not JSON');
      return;
    }
    if (!Array.isArray(envelope.messages)) {
      this.options.logger?.error({ channel: this.options.channel }, 'decision bus: ignored a message without messages');
      return;
    }
    for (const handler of this.handlers) handler(envelope);
  }

  async publish(envelope: DecisionEnvelope): Promise<void> {
    if (this.closed) return;
    await this.publisher.publish(this.options.channel, JSON.stringify(envelope));
  }

  subscribe(handler: (envelope: DecisionEnvelope) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  onResyncNeeded(listener: () => void): void {
    this.resyncListeners.add(listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.handlers.clear();
    this.publisher.disconnect();
    this.subscriber.disconnect();
  }
}
