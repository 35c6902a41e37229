/**
 * Defaults of `distillguard replay`, apart from the modules that load the SDKs, so that the CLI
 * can show them in `--help` without loading the SDKs.
 */
export const REPLAY_DEFAULTS = { speed: 60, concurrency: 64, requestTimeoutMs: 120_000, maxConsecutiveConnectionErrors: 50 } as const;
