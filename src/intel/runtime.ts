/**
 * Threat intelligence inside `distillguard serve`: the TAXII server plugin, the publisher that
 * keeps publish collections in step with detections, the poller of partners' collections, the
 * ageing of imported indicators, and the live matcher for the in-thread engine.
 */
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { DistillguardConfig } from '../config/schema.js';
import type { Store } from '../store/types.js';
import type { SharingKey } from './fingerprints.js';
import { StoreIntelMatcher } from './match/store-matcher.js';
import { partnersOf, sharingKeyOf } from './settings.js';
import { pollPartner, type PollResult } from './taxii/client.js';
import { publishDetections } from './taxii/publisher.js';
import { taxiiRoutes } from './taxii/server.js';

const DAY_MS = 86_400_000;
const AGE_OUT_INTERVAL_MS = 3_600_000;

/** What the gateway holds of the intel runtime. */
export interface IntelRuntime {
  /** The sharing key (null when none is configured). */
  key: SharingKey | null;
  /** Route plugins to mount (the TAXII server when enabled). */
  plugins: Array<(app: FastifyInstance) => Promise<void>>;
  /** Exports detections into the publish collections now. */
  publishNow(): Promise<number>;
  /** Polls every partner with a collection URL (or the named one) now. */
  pollNow(partner?: string): Promise<PollResult[]>;
  /** Deletes indicators past their validity or intel.maxAgeDays. */
  ageOut(): Promise<number>;
  /** A live matcher on this store (for an engine on this thread); refreshed until `stop`. */
  matcher(): Promise<StoreIntelMatcher>;
  stop(): Promise<void>;
}

export interface StartIntelOptions {
  config: DistillguardConfig;
  store: Store;
  env: NodeJS.ProcessEnv;
  logger: Logger;
}

/** Starts the intel jobs of a gateway (nothing runs that is not configured). */
export function startIntel(options: StartIntelOptions): IntelRuntime {
  const { config, store, env, logger } = options;
  const settings = config.intel;
  const key = sharingKeyOf(settings, env);
  const timers: NodeJS.Timeout[] = [];
  const matchers: StoreIntelMatcher[] = [];
  let running: Promise<unknown> = Promise.resolve();
  const serial = <T>(job: () => Promise<T>): Promise<T> => {
    const result = running.then(job, job);
    running = result.catch(() => undefined);
    return result;
  };
  const refreshMatchers = (): void => {
    for (const matcher of matchers) matcher.refresh().catch((error: unknown) => logger.error({ err: error }, 'reloading imported indicators failed'));
  };

  const runtime: IntelRuntime = {
    key,
    plugins: settings.taxii.enabled ? [taxiiRoutes({ store, settings, key, onImport: refreshMatchers })] : [],
    publishNow: () => serial(async () => {
      const results = await publishDetections(store, settings, key);
      const added = results.reduce((n, r) => n + r.added.length, 0);
      if (added > 0) logger.info({ added, collections: results.map((r) => r.collectionId) }, 'published detections to TAXII collections');
      return added;
    }),
    pollNow: (name) => serial(async () => {
      const results: PollResult[] = [];
      for (const partner of partnersOf(settings)) {
        if (!partner.collectionUrl || (name !== undefined && partner.name !== name)) continue;
        const result = await pollPartner(store, settings, key, partner, env);
        if (result.imported) {
          const { outcome, prepared } = result.imported;
          logger.info({ partner: partner.name, added: outcome.added, updated: outcome.updated, unchanged: outcome.unchanged, warnings: prepared.warnings }, 'imported partner intelligence');
        }
        results.push(result);
      }
      refreshMatchers();
      return results;
    }),
    ageOut: async () => {
      const now = Date.now();
      const deleted = await store.deleteIntelIndicators({ expiredBefore: new Date(now).toISOString(), importedBefore: new Date(now - settings.maxAgeDays * DAY_MS).toISOString() });
      if (deleted > 0) logger.info({ deleted }, 'imported indicators aged out');
      return deleted;
    },
    matcher: async () => {
      const matcher = new StoreIntelMatcher(store, key, { maxAgeDays: settings.maxAgeDays });
      await matcher.refresh();
      matcher.start(settings.refreshSeconds * 1000, (error) => logger.error({ err: error }, 'reloading imported indicators failed'));
      matchers.push(matcher);
      return matcher;
    },
    stop: async () => {
      for (const timer of timers) clearInterval(timer);
      for (const matcher of matchers) matcher.stop();
      await running;
    },
  };

  const every = (ms: number, job: () => Promise<unknown>, what: string): void => {
    const run = (): void => { job().catch((error: unknown) => logger.error({ err: error }, `${what} failed`)); };
    run();
    if (ms > 0) {
      const timer = setInterval(run, ms);
      timer.unref();
      timers.push(timer);
    }
  };
  if (settings.taxii.enabled && settings.taxii.collections.some((c) => c.kind === 'publish')) {
    every(settings.taxii.publishSeconds * 1000, () => runtime.publishNow(), 'publishing detections to TAXII');
  }
  for (const partner of partnersOf(settings)) {
    if (partner.collectionUrl) every(partner.pollSeconds * 1000, () => runtime.pollNow(partner.name), `polling ${partner.name}`);
  }
  every(AGE_OUT_INTERVAL_MS, () => runtime.ageOut(), 'ageing out imported indicators');
  return runtime;
}
