/**
 * Enforcement as one running part of the gateway: the policy (reloaded live), the decision cache
 * fed by the bus and the store, the rate-limit store, the decision service the detection engine
 * and analysts publish through, and the gate the gateway calls on every request.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { EnforcementConfig } from '../config/schema.js';
import type { Store } from '../store/types.js';
import { AnalystActions } from './decisions/analyst.js';
import { DecisionCache } from './decisions/cache.js';
import { AuditChangeFeed } from './decisions/change-feed.js';
import { MemoryBusHub } from './decisions/memory-bus.js';
import { RedisDecisionBus } from './decisions/redis-bus.js';
import { DecisionService } from './decisions/service.js';
import { PolicyTransitions } from './decisions/transitions.js';
import type { DecisionBus, DecisionPublisher } from './decisions/types.js';
import { explainAccount, type AccountExplanation } from './explain.js';
import { EnforcementGate } from './gateway-hook.js';
import { EnforcementMetrics } from './metrics.js';
import { PolicyHolder } from './policy/holder.js';
import { loadClassifierScorer, type PromptScorer } from './prompt-scorer.js';
import { connectRedis } from './redis-connection.js';
import { RateLimiter } from './ratelimit/limiter.js';
import { MemoryRateLimitStore } from './ratelimit/memory.js';
import { createRedisRateLimitStore } from './ratelimit/local-first.js';
import type { RateLimitStore } from './ratelimit/types.js';

export interface StartEnforcementOptions {
  config: EnforcementConfig;
  store: Store;
  logger: Logger;
  registry: Registry;
  /** Prompt scorer for prompt rules; default: the shipped classifier when the build has one. */
  scorer?: PromptScorer;
  /** In-process bus network (tests run several replicas in one process); default: a private one. */
  hub?: MemoryBusHub;
  /** The rate limiter's clock (ms); tests move it to refill buckets without waiting. */
  clock?: () => number;
  /** Folder of the prompt classifier's model files (default: the shipped `models/`). */
  modelsDir?: string;
}

export class Enforcement {
  private closers: Array<() => Promise<void> | void> = [];
  private scorer: PromptScorer | undefined;

  private constructor(
    /** This replica's id on the bus. */
    readonly origin: string,
    readonly policy: PolicyHolder,
    readonly cache: DecisionCache,
    readonly bus: DecisionBus,
    readonly rateLimits: RateLimitStore,
    readonly service: DecisionService,
    readonly analyst: AnalystActions,
    readonly gate: EnforcementGate,
    readonly metrics: EnforcementMetrics,
    private readonly logger: Logger,
  ) {}

  /** What the detection engine calls with its verdicts and campaigns. */
  get publisher(): DecisionPublisher {
    return this.service;
  }

  /**
   * Starts everything; throws (POLICY_INVALID, ENFORCE_BACKEND_UNAVAILABLE, …) if the policy is
   * wrong or a configured Redis cannot be reached, so a gateway never runs half-protected.
   */
  static async start(options: StartEnforcementOptions): Promise<Enforcement> {
    const { config, store, logger } = options;
    const log = logger.child({ component: 'enforcement' });
    const policy = new PolicyHolder({ file: config.policyFile, logger: log });
    const metrics = new EnforcementMetrics(options.registry);
    const cleanup: Array<() => Promise<void> | void> = [() => policy.close()];
    try {
      const bus: DecisionBus = config.bus === 'redis'
        ? await RedisDecisionBus.connect({ url: config.redis.url, channel: config.redis.channel, logger: log })
        : (options.hub ?? new MemoryBusHub()).connect();
      cleanup.push(() => bus.close());
      let syncErrorLoggedAt = 0;
      const rateLimits: RateLimitStore = config.rateLimitStore === 'redis'
        ? createRedisRateLimitStore(await connectRedis({ url: config.redis.url, name: 'distillguard-ratelimit' }), {
          keyPrefix: config.redis.keyPrefix, ownsConnection: true, ...config.redisRateLimit,
          onSyncError: (error) => {
            metrics.backendErrors.inc({ backend: 'ratelimit' });
            if (Date.now() - syncErrorLoggedAt < 10_000) return;
            syncErrorLoggedAt = Date.now();
            log.warn({ err: error }, 'syncing rate limits with Redis failed; local decisions continue within each bucket\'s budget and the consumption is sent again');
          },
        })
        : new MemoryRateLimitStore();
      cleanup.push(() => rateLimits.close());
      const cache = new DecisionCache();
      await cache.hydrate(store);
      const origin = `replica-${randomBytes(4).toString('hex')}`;
      const service = new DecisionService({ store, bus, cache, logger: log, origin });
      const analyst = new AnalystActions(service);
      let scorer = options.scorer;
      const gate = new EnforcementGate({
        policy, cache, limiter: new RateLimiter(rateLimits, options.clock), scorer: () => scorer, metrics, logger: log, onBackendError: config.onBackendError,
      });
      const enforcement = new Enforcement(origin, policy, cache, bus, rateLimits, service, analyst, gate, metrics, log);
      service.transitions = new PolicyTransitions(service, () => policy.current, log);
      enforcement.closers = cleanup;

      bus.subscribe((envelope) => {
        if (envelope.origin === enforcement.origin) return; // applied already when published
        metrics.propagation.observe(Math.max(0, Date.now() - envelope.sentAt) / 1000);
        for (const message of envelope.messages) cache.apply(message);
      });
      const resync = async (why: string): Promise<void> => {
        try {
          await cache.hydrate(store);
          log.debug({ why, ...cache.stats() }, 'decision cache resynchronised from the store');
        } catch (error) {
          log.error({ err: error, why }, 'resynchronising the decision cache failed; keeping the current picture');
        }
      };
      bus.onResyncNeeded(() => void resync('bus reconnected'));
      if (config.resyncSeconds > 0) {
        const timer = setInterval(() => void resync('periodic'), config.resyncSeconds * 1000);
        timer.unref();
        cleanup.push(() => clearInterval(timer));
      }
      if (config.auditPollMs > 0) {
        const feed = new AuditChangeFeed({
          store, logger: log, intervalMs: config.auditPollMs,
          refresh: (type, id) => service.refreshTarget(type, id), resync: () => resync('audit log moved fast'),
        });
        await feed.start();
        cleanup.push(() => feed.stop());
      }
      if (!scorer && policy.current.prompts.length > 0) scorer = loadClassifierScorer(log, options.modelsDir);
      enforcement.scorer = scorer;
      policy.onChange((next) => {
        metrics.reloads.inc({ result: 'applied' });
        if (!scorer && next.prompts.length > 0) {
          scorer = loadClassifierScorer(log, options.modelsDir);
          enforcement.scorer = scorer;
        }
      });
      policy.watch();
      const p = policy.current;
      log.info({ policy: p.source, version: p.version, mode: p.mode, tiers: p.tiers.length, risk: p.risk.length, prompts: p.prompts.length,
        bus: bus.kind, rateLimits: rateLimits.kind, scorer: scorer?.name ?? null, ...cache.stats() }, 'enforcement started');
      if (p.prompts.length > 0 && !scorer) log.warn('the policy has prompt rules but no prompt classifier is available: they do nothing until one is');
      return enforcement;
    } catch (error) {
      for (const close of cleanup.reverse()) await close();
      throw error;
    }
  }

  /** Re-reads the policy file now (also done on file change and SIGHUP). */
  reloadPolicy(trigger = 'admin'): ReturnType<PolicyHolder['reload']> {
    const result = this.policy.reload(trigger);
    if (!result.ok) this.metrics.reloads.inc({ result: 'rejected' });
    else if (!result.changed) this.metrics.reloads.inc({ result: 'unchanged' });
    return result;
  }

  /** Why an account is treated as it is, now. */
  explain(accountId: string, options: { model?: string } = {}): Promise<AccountExplanation> {
    return explainAccount(this, accountId, options);
  }

  /** The prompt scorer in use, if any. */
  get promptScorer(): PromptScorer | undefined {
    return this.scorer;
  }

  /** A summary for `GET /admin/v1/enforcement` and logs. */
  status(): Record<string, unknown> {
    const p = this.policy.current;
    return {
      replica: this.origin,
      policy: { source: p.source, version: p.version, mode: p.mode, loadedAt: p.loadedAt, tiers: p.tiers.map((t) => t.name),
        risk: p.risk.map((s) => ({ name: s.name, action: s.action, dryRun: s.dryRun })), prompts: p.prompts.map((r) => r.name),
        lastReloadError: this.policy.lastError ?? null },
      bus: this.bus.kind,
      rateLimits: this.rateLimits.kind,
      promptScorer: this.scorer?.name ?? null,
      cache: this.cache.stats(),
    };
  }

  async close(): Promise<void> {
    const closers = this.closers;
    this.closers = [];
    for (const close of closers.reverse()) {
      try {
        await close();
      } catch (error) {
        this.logger.warn({ err: error }, 'closing an enforcement part failed');
      }
    }
  }
}
