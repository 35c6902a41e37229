/**
 * Live updates: one poller per gateway reads the store's change stamp (an O(1) query) while at
 * least one dashboard listens, and tells every listener when it moves. Pages then refetch what
 * they show, so a thousand open dashboards cost one query per interval, not a thousand.
 */
import type { Logger } from 'pino';
import type { Store } from '../store/types.js';

export type ChangeListener = (stamp: string) => void;

export class ChangeFeed {
  /** Runs at each change before the listeners are told (the plugin drops its shared results here). */
  beforeNotify: () => void = () => {};
  private readonly listeners = new Set<ChangeListener>();
  private timer: NodeJS.Timeout | undefined;
  private last: string | undefined;
  private polling = false;

  constructor(private readonly store: Store, private readonly intervalMs = 1000, private readonly logger?: Logger) {}

  /** The stamp last seen (undefined before the first poll). */
  get stamp(): string | undefined {
    return this.last;
  }

  /** Starts listening; returns the function that stops. */
  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    if (!this.timer) {
      this.timer = setInterval(() => void this.poll(), this.intervalMs);
      this.timer.unref();
      void this.poll();
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  /** Stops polling (listeners stay registered until they unsubscribe). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Reads the stamp once and notifies on change; overlapping calls are skipped, never queued. */
  async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const stamp = await this.store.changeStamp();
      if (stamp === this.last) return;
      const first = this.last === undefined;
      this.last = stamp;
      if (first) return;
      this.beforeNotify();
      for (const listener of [...this.listeners]) listener(stamp);
    } catch (error) {
      // the store may be closing during shutdown; the next poll tries again
      this.logger?.warn({ err: error }, 'dashboard change feed could not read the store');
    } finally {
      this.polling = false;
    }
  }
}
