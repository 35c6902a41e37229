/**
 * Replay: sends a simulated scenario (spec v1 exchanges, optional accounts) through a running
 * gateway with the official OpenAI and Anthropic SDK clients.
 *
 * ```ts
 * const figures = await runReplay({ gateway: 'http://127.0.0.1:8080', exchanges: 'exchanges.jsonl.gz', adminToken, speed: 600 });
 * ```
 * The gateway must list the replaying host in `server.trustedProxies` (`--trusted-proxy`), or the
 * client facts (X-Forwarded-For, x-client-* headers) are ignored.
 */
export { runReplay, REPLAY_DEFAULTS } from './replay.js';
export type { ReplayOptions } from './replay.js';
export { AccountKeyManager, AccountRefusedError, IMPORT_CHUNK_RECORDS } from './accounts.js';
export type { AccountFigures, AccountKeyManagerOptions, KeyProvider } from './accounts.js';
export { HttpAdminApi, isFatalAdminError } from './admin-api.js';
export type { AdminApi, HttpAdminApiOptions, IssuedKey } from './admin-api.js';
export {
  ANTHROPIC_DEFAULT_MAX_TOKENS,
  ANTHROPIC_MIN_THINKING_BUDGET,
  buildAnthropicMessages,
  buildOpenAIChat,
  buildOpenAIResponses,
  buildRequest,
  CLIENT_HEADERS,
  clientHeaders,
  isReplayEndpoint,
  pairToolTurns,
  REPLAY_ENDPOINTS,
  splitToolMarkers,
  TOOL_RESULT_PREFIX,
} from './requests.js';
export type { AnthropicMessagesBody, BuildOptions, BuildResult, BuiltRequest, ReplayEndpoint, ToolCall, Turn } from './requests.js';
export { dueAt, runSchedule, systemClock } from './scheduler.js';
export type { Clock, DispatchInfo, ScheduleHooks, ScheduleOptions, ScheduleResult, Speed } from './scheduler.js';
export { classifyFailure, SdkSender } from './sender.js';
export type { ExchangeSender, FailureKind, SdkSenderOptions, SendContext, SendOutcome } from './sender.js';
export { formatCounts, formatDuration, formatProgress, formatSummary, LatencyHistogram, ReplayStats } from './stats.js';
export type { ProgressSnapshot, ReplayFigures } from './stats.js';
