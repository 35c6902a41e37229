import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { adminRoutes } from '../admin/routes.js';
import { AdminService } from '../admin/service.js';
import type { DistillguardConfig } from '../config/schema.js';
import { createLogger } from '../logging/logger.js';
import { Recorder } from '../recording/recorder.js';
import { storeSink } from '../recording/store-sink.js';
import { SqliteWorkerSink } from '../recording/sqlite-worker-sink.js';
import { pruneExpiredExchanges } from '../store/retention.js';
import { SqliteStore } from '../store/sqlite-store.js';
import type { Store } from '../store/types.js';
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
  /** Graceful stop: refuse new work, finish in-flight requests, drain every record, close the store. */
  stop(): Promise<void>;
}

export interface StartGatewayOptions {
  /** Use this store instead of opening `config.store.path` (it is then not closed on stop). */
  store?: Store;
  logger?: Logger;
  env?: NodeJS.ProcessEnv;
}

const PRUNE_INTERVAL_MS = 60 * 60 * 1000;

/** Opens the store, starts the recorder and listens. */
export async function startGateway(config: DistillguardConfig, options: StartGatewayOptions = {}): Promise<RunningGateway> {
  const env = options.env ?? process.env;
  const logger = options.logger ?? createLogger(config);
  const ownsStore = !options.store;
  const store = options.store ?? (await SqliteStore.open({ path: config.store.path }));
  const metrics = new GatewayMetrics();
  // A file database gets a writer thread; an in-memory one (tests, or a store handed in) is
  // private to this thread and is written inline.
  const workerSink = ownsStore && config.store.path !== ':memory:' && config.recording.writer === 'worker'
    ? await SqliteWorkerSink.start(config.store.path, config.retention)
    : undefined;
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
  const keys = new KeyResolver(store);
  const admin = new AdminService(store);
  admin.onAccessChange = () => keys.invalidateAll();
  const router = new UpstreamRouter(config.upstreams, env);
  if (config.upstreams.length === 0) logger.warn('no upstream configured: every model request will be answered 404 (use --upstream URL)');
  for (const upstream of router.all()) {
    if (upstream.config.apiKeyEnv && !upstream.apiKey) {
      logger.info({ upstream: upstream.config.name, env: upstream.config.apiKeyEnv }, 'no upstream API key in the environment; forwarding without one');
    }
  }
  const adminToken = env[config.admin.tokenEnv] || undefined;
  const app = await buildGatewayApp({
    config, store, router, recorder, keys, metrics, logger,
    plugins: [adminRoutes(admin, { token: adminToken, tokenSha256: config.admin.tokenSha256 })],
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
      await workerSink?.close();
      if (ownsStore) await store.close();
    })();
    return stopping;
  };
  logger.info({ url, db: config.store.path, upstreams: config.upstreams.map((u) => u.name) }, 'gateway listening');
  return { url, port, app, store, recorder, admin, metrics, logger, stop };
}
