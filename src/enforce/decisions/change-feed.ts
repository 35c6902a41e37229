/**
 * Notices changes made to the store behind the bus's back (a CLI command against the same
 * database, another tool writing actions) by polling the head of the append-only audit log, and
 * re-reads the targets they name. One small indexed query per interval.
 */
import type { Logger } from 'pino';
import type { AuditEntry, Store } from '../../store/types.js';

const WATCHED_TARGETS = new Set(['account', 'campaign', 'application', 'key']);
const PAGE = 200;

export interface ChangeFeedOptions {
  store: Store;
  logger: Logger;
  intervalMs: number;
  /** Re-read one target into the cache. */
  refresh(targetType: string, targetId: string): Promise<void>;
  /** Re-read everything (when more changed than one page shows). */
  resync(): Promise<void>;
}

const entryKey = (e: AuditEntry): string => JSON.stringify([e.ts, e.actor, e.action, e.targetType, e.targetId, e.details]);

export class AuditChangeFeed {
  private timer: NodeJS.Timeout | undefined;
  private head: string | undefined;
  private running = false;

  constructor(private readonly options: ChangeFeedOptions) {}

  /** Reads the current head (so history is not replayed) and starts polling. */
  async start(): Promise<void> {
    const top = await this.options.store.listAudit({ limit: 1 });
    this.head = top[0] ? entryKey(top[0]) : undefined;
    this.timer = setInterval(() => void this.poll(), this.options.intervalMs);
    this.timer.unref();
  }

  /** One poll; exposed for tests. */
  async poll(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    try {
      const entries = await this.options.store.listAudit({ limit: PAGE });
      const index = this.head === undefined ? entries.length : entries.findIndex((e) => entryKey(e) === this.head);
      const fresh = index === -1 ? entries : entries.slice(0, index);
      if (entries[0]) this.head = entryKey(entries[0]);
      if (index === -1 && entries.length === PAGE) {
        await this.options.resync();
        return fresh.length;
      }
      if (fresh.some((entry) => entry.action === 'enforce.publish')) {
        // a batch of verdicts was published without a bus (distillguard enforce publish)
        await this.options.resync();
        return fresh.length;
      }
      const targets = new Set<string>();
      for (const entry of fresh) {
        if (!WATCHED_TARGETS.has(entry.targetType) || entry.actor.startsWith('policy:') || entry.actor === 'policy') continue;
        targets.add(`${entry.targetType}\u0000${entry.targetId}`);
      }
      for (const target of targets) {
        const [type, id] = target.split('\u0000') as [string, string];
        await this.options.refresh(type, id);
      }
      return fresh.length;
    } catch (error) {
      this.options.logger.error({ err: error }, 'polling the audit log for enforcement changes failed; retrying');
      return 0;
    } finally {
      this.running = false;
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
