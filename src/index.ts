/**
 * distillguard's programmatic API. The CLI (`distillguard`) is built on the same pieces.
 */
export * from './errors.js';
export * from './records/index.js';
export { loadConfig, ENV_OVERRIDES, type LoadConfigOptions } from './config/load.js';
export { defaultConfig, upstreamFromUrl, type DistillguardConfig, type UpstreamConfig, type UpstreamProtocol } from './config/schema.js';
export type { Store, StoredAccount, StoredApiKey, StoredAction, StoredVerdict, AuditEntry } from './store/types.js';
export { SqliteStore, type SqliteStoreOptions } from './store/sqlite-store.js';
export { applyTextRetention, pruneExpiredExchanges, type RetentionSettings } from './store/retention.js';
export { Recorder, type ExchangeSink, type ExchangeListener } from './recording/recorder.js';
export { AdminService } from './admin/service.js';
export { startGateway, type RunningGateway, type StartGatewayOptions } from './gateway/server.js';
export { buildGatewayApp, type GatewayDeps } from './gateway/app.js';
export { startUpstreamSimulator, type UpstreamSim, type UpstreamSimOptions } from './upstream-sim/index.js';
export { VERSION } from './version.js';
