import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { enforcementRoutes } from '../admin/enforcement-routes.js';
import { adminRoutes } from '../admin/routes.js';
import { AdminService } from '../admin/service.js';
import { dashboardRoutes } from '../dashboard/plugin.js';
import type { DistillguardConfig } from '../config/schema.js';
import { createLogger } from '../logging/logger.js';
import { Recorder } from '../recording/recorder.js';
import { storeSink } from '../recording/store-sink.js';
import { SqliteWorkerSink } from '../recording/sqlite-worker-sink.js';
import { pruneExpiredExchanges } from '../store/retention.js';
import { SqliteStore } from '../store/sqlite-store.js';
import type { Store } from '../store/types.js';
import { DetectionFeed } from '../detect/feed.js';
import { LiveDetector } from '../detect/live.js';
import { loadDefaultScorer } from '../detect/scorer.js';
import { detectionConfigOf, engineConfigOf } from '../detect/settings.js';
import type { MemoryBusHub } from '../enforce/decisions/memory-bus.js';
import type { PromptScorer } from '../enforce/prompt-scorer.js';
import { Enforcement } from '../enforce/runtime.js';
import { startIntel, type IntelRuntime } from '../intel/runtime.js';
import { buildGatewayApp } from './app.js';
import { KeyResolver } from './key-resolver.js';
import { GatewayMetrics } from './metrics.js';
import { UpstreamRouter } from './upstreams.js';

/** A running gateway and the handles tests and the CLI need. */
export interface RunningGateway {
  url: string;
  port: number;
  app: FastifyInstance;
  store: Store;
  recorder: Recorder;
  admin: AdminService;
  metrics: GatewayMetrics;
  logger: Logger;
  /** Verdict and campaign changes of the live detection engine (empty when `detection.live` is off). */
  detection: DetectionFeed;
  /** Countermeasures: the policy, the decision publisher (`enforcement.publisher`), analysts' actions. */
  enforcement: Enforcement;
  /** Threat-intelligence sharing: TAXII server, publisher, partner polling (docs/INTEL.md). */
  intel: IntelRuntime;
  /** Graceful stop: refuse new work, finish in-flight requests, drain every record, close the store. */
  stop(): Promise<void>;
}

export interface StartGatewayOptions {
  /** Use this store instead of opening `config.store.path` (it is then not closed on stop). */
  store?: Store;
  logger?: Logger;
  env?: NodeJS.ProcessEnv;
  /** Enforcement parts tests substitute: a prompt scorer, an in-process bus shared by several gateways, the rate limiter's clock. */
  enforcement?: { scorer?: PromptScorer; hub?: MemoryBusHub; clock?: () => number };
}

const PRUNE_INTERVAL_MS = 60 * 60 * 1000;

/** Opens the store, starts the recorder and listens. */
export async function startGateway(config: DistillguardConfig, options: StartGatewayOptions = {}): Promise<RunningGateway> {
  const env = options.env ?? process.env;
  const logger = options.logger ?? createLogger(config);
  const ownsStore = !options.store;
  const store = options.store ?? (await SqliteStore.open({ path: config.store.path }));
  const metrics = new GatewayMetrics();
  // first, so that a bad policy or an unreachable Redis stops the start before anything else runs
  let enforcement: Enforcement;
  try {
    enforcement = await Enforcement.start({ config: config.enforcement, store, logger, registry: metrics.registry,
      ...(config.detection.modelsDir ? { modelsDir: config.detection.modelsDir } : {}), ...options.enforcement });
  } catch (error) {
    if (ownsStore) await store.close();
    throw error;
  }
  let intel: IntelRuntime;
  try {
    intel = startIntel({ config, store, env, logger });
  } catch (error) {
    await enforcement.close();
    if (ownsStore) await store.close();
    throw error;
  }
  const intelWorker = { sharingKeyHex: intel.key?.secretHex() ?? null, maxAgeDays: config.intel.maxAgeDays, refreshSeconds: config.intel.refreshSeconds };
  // A file database gets a writer thread; an in-memory one (tests, or a store handed in) is
  // private to this thread and is written inline.
  const detectionConfig = detectionConfigOf(config);
  const workerSink = ownsStore && config.store.path !== ':memory:' && config.recording.writer === 'worker'
    ? await SqliteWorkerSink.start(config.store.path, config.retention, config.detection.live
      ? { config: detectionConfig, keepText: config.retention.keepText, intel: intelWorker, accountPollMs: config.detection.accountPollMs,
        ...(config.detection.modelsDir ? { modelsDir: config.detection.modelsDir } : {}) }
      : undefined)
    : undefined;
  const detection = new DetectionFeed();
  const onListenerError = (error: unknown): void => logger.error({ err: error }, 'a detection listener failed');
  const recorder = new Recorder({
    sink: workerSink ?? storeSink(store, config.retention),
    capacity: config.recording.queueCapacity,
    batchSize: config.recording.batchSize,
    flushIntervalMs: config.recording.flushIntervalMs,
    spillPath: config.recording.spillPath,
    onWritten: (count) => metrics.recordsWritten.inc(count),
    onWriteError: (error, pending) => {
      metrics.recordWriteFailures.inc();
      logger.error({ err: error, pending }, 'writing exchange records failed; they stay queued and will be retried');
    },
  });
  metrics.watchRecorder(recorder);
  /** Has the live engine assess accounts stored since it last looked; resolves once their verdicts are emitted. */
  let assessNewAccounts: () => Promise<void> = async () => {};
  let stopAccountPoll = (): void => {};
  if (config.detection.live && workerSink) {
    workerSink.onDetection((update) => detection.emit(update, onListenerError), (message) => logger.error({ message }, 'live detection failed on a batch'));
    assessNewAccounts = () => workerSink.assessNewAccounts();
  } else if (config.detection.live) {
    // In-memory store: the engine runs on this thread, batch by batch, in order.
    const detector = await LiveDetector.create(store, loadDefaultScorer(config.detection.modelsDir),
      { ...engineConfigOf(detectionConfig), intel: await intel.matcher() });
    let chain: Promise<void> = Promise.resolve();
    const inOrder = (step: () => Promise<void>, failure: string): Promise<void> => {
      chain = chain.then(step).catch((error: unknown) => logger.error({ err: error }, failure));
      return chain;
    };
    recorder.subscribe((batch) => {
      void inOrder(async () => detection.emit(await detector.process(batch), onListenerError), 'live detection failed on a batch');
    });
    assessNewAccounts = () => inOrder(async () => detection.emit(await detector.assessNewAccounts(), onListenerError), 'assessing new accounts failed');
    if (config.detection.accountPollMs > 0) {
      const poll = setInterval(() => void assessNewAccounts(), config.detection.accountPollMs);
      poll.unref();
      stopAccountPoll = () => clearInterval(poll);
    }
  }
  const keys = new KeyResolver(store);
  const admin = new AdminService(store);
  admin.onAccessChange = () => keys.invalidateAll();
  // a new account is assessed on its sign-up facts, and its verdict reaches the decision caches,
  // before the admin call that created it returns: a campaign's new account is held at its first request
  admin.onAccountsAdded = async () => {
    await assessNewAccounts();
    await published;
  };
  admin.onAssessmentProblem = (problem) => logger.warn({ problem }, 'new accounts not yet assessed');
  // the live engine's verdicts and campaigns (stored by the engine) drive the policy's countermeasures
  let published: Promise<void> = Promise.resolve();
  detection.subscribe((update) => {
    published = published.then(async () => {
      for (const campaign of update.campaigns) await enforcement.publisher.publishCampaign(campaign, { alreadyStored: true });
      await enforcement.publisher.publishVerdicts(update.verdicts, { alreadyStored: true });
    }).catch((error: unknown) => logger.error({ err: error }, 'publishing detection results to enforcement failed'));
  });
  const router = new UpstreamRouter(config.upstreams, env);
  if (config.upstreams.length === 0) logger.warn('no upstream configured: every model request will be answered 404 (use --upstream URL)');
  for (const upstream of router.all()) {
    if (upstream.config.apiKeyEnv && !upstream.apiKey) {
      logger.info({ upstream: upstream.config.name, env: upstream.config.apiKeyEnv }, 'no upstream API key in the environment; forwarding without one');
    }
  }
  const adminToken = env[config.admin.tokenEnv] || undefined;
  const app = await buildGatewayApp({
    config, store, router, recorder, keys, metrics, logger, enforcement: enforcement.gate,
    plugins: [
      ...intel.plugins,
      enforcementRoutes(enforcement, { token: adminToken, tokenSha256: config.admin.tokenSha256 }),
      adminRoutes(admin, { token: adminToken, tokenSha256: config.admin.tokenSha256 }),
      dashboardRoutes({ store, analyst: enforcement.analyst, auth: { token: adminToken, tokenSha256: config.admin.tokenSha256 }, keepText: config.retention.keepText, logger,
        // a file database is read on the dashboard's own worker thread, off the request path
        ...(ownsStore && config.store.path !== ':memory:' ? { readFrom: config.store.path } : {}) }),
    ],
  });
  await app.listen({ host: config.server.host, port: config.server.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.server.port;
  const host = config.server.host.includes(':') ? `[${config.server.host}]` : config.server.host;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;

  const prune = async (): Promise<void> => {
    try {
      const deleted = await pruneExpiredExchanges(store, config.retention);
      if (deleted > 0) logger.info({ deleted, days: config.retention.exchangeDays }, 'pruned exchanges past retention');
    } catch (error) {
      logger.error({ err: error }, 'retention pruning failed');
    }
  };
  void prune();
  const pruneTimer = setInterval(() => void prune(), PRUNE_INTERVAL_MS);
  pruneTimer.unref();

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      clearInterval(pruneTimer);
      stopAccountPoll();
      const deadline = Date.now() + config.server.shutdownGraceMs;
      // in-flight requests get the grace period; after it their connections are cut (and recorded)
      const force = setTimeout(() => app.server.closeAllConnections(), config.server.shutdownGraceMs);
      force.unref();
      // keep-alive sockets whose last response finishes during shutdown turn idle later: close them as they do
      const sweep = setInterval(() => app.server.closeIdleConnections(), 50);
      await app.close();
      clearTimeout(force);
      clearInterval(sweep);
      await recorder.close(Math.max(deadline, Date.now() + 5_000));
      const stats = recorder.stats();
      logger.info({ written: stats.written, spilled: stats.spilled }, 'gateway stopped; recording queue drained');
      if (stats.spilled > 0) logger.error({ spillPath: config.recording.spillPath, spilled: stats.spilled }, 'some records could not be stored and were written to the spill file');
      await router.close();
      await enforcement.close();
      await intel.stop();
      await workerSink?.close();
      if (ownsStore) await store.close();
    })();
    return stopping;
  };
  logger.info({ url, db: config.store.path, upstreams: config.upstreams.map((u) => u.name) }, 'gateway listening');
  return { url, port, app, store, recorder, admin, metrics, logger, detection, enforcement, intel, stop };
}
