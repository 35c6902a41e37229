import { Pool } from 'undici';
import { DistillguardError } from '../errors.js';
import type { UpstreamConfig, UpstreamProtocol } from '../config/schema.js';

/** A resolved destination for one request. */
export interface UpstreamTarget {
  config: UpstreamConfig;
  pool: Pool;
  /** Path prefix from the base URL (without `/v1`), prepended to the API path. */
  pathPrefix: string;
  /** The upstream key, read from the environment once at start; never logged. */
  apiKey: string | undefined;
}

interface Route {
  target: UpstreamTarget;
  exact: Set<string>;
  prefixes: string[];
  wildcard: boolean;
}

/**
 * Maps (model, protocol) to an upstream. Exact model names win over prefixes (`claude-*`), which
 * win over the catch-all `*`; among equals the first configured upstream wins. One undici Pool per
 * upstream keeps connections warm.
 */
export class UpstreamRouter {
  private readonly routes: Route[];
  private readonly cache = new Map<string, UpstreamTarget | null>();

  constructor(upstreams: readonly UpstreamConfig[], env: NodeJS.ProcessEnv = process.env) {
    this.routes = upstreams.map((config) => {
      const url = new URL(config.baseUrl);
      const pathPrefix = url.pathname.replace(/\/+$/, '').replace(/\/v1$/, '');
      const pool = new Pool(url.origin, {
        connections: config.connections,
        headersTimeout: config.headersTimeoutMs,
        bodyTimeout: config.bodyTimeoutMs,
        keepAliveTimeout: 30_000,
        pipelining: 1,
      });
      const apiKey = config.apiKeyEnv ? env[config.apiKeyEnv] || undefined : undefined;
      return {
        target: { config, pool, pathPrefix, apiKey },
        exact: new Set(config.models.filter((m) => !m.includes('*'))),
        prefixes: config.models.filter((m) => m.endsWith('*') && m !== '*').map((m) => m.slice(0, -1)),
        wildcard: config.models.includes('*'),
      };
    });
  }

  /** The upstream for a model on an API, or undefined when none serves it. */
  resolve(model: string, protocol: UpstreamProtocol): UpstreamTarget | undefined {
    const cacheKey = `${protocol}\u0000${model}`;
    const cached = this.cache.get(cacheKey);
    if (cached !== undefined) return cached ?? undefined;
    const serving = this.routes.filter((r) => r.target.config.protocols.includes(protocol));
    const found =
      serving.find((r) => r.exact.has(model)) ??
      serving.find((r) => r.prefixes.some((p) => model.startsWith(p))) ??
      serving.find((r) => r.wildcard);
    if (this.cache.size > 10_000) this.cache.clear(); // model names come from clients: bound the cache
    this.cache.set(cacheKey, found?.target ?? null);
    return found?.target;
  }

  /** Like resolve, but throws MODEL_NOT_SERVED with a helpful message. */
  require(model: string, protocol: UpstreamProtocol): UpstreamTarget {
    const target = this.resolve(model, protocol);
    if (!target) {
      throw new DistillguardError('MODEL_NOT_SERVED', `The model '${model}' is not served on this API (${protocol}) by this gateway`, {
        hint: 'use GET /v1/models for the models available, or route the model to an upstream in the config',
        details: { param: 'model' },
      });
    }
    return target;
  }

  /** Every configured upstream, for /v1/models and health checks. */
  all(): UpstreamTarget[] {
    return this.routes.map((r) => r.target);
  }

  /** Models named explicitly in the config (wildcards excluded). */
  explicitModels(): string[] {
    return [...new Set(this.routes.flatMap((r) => [...r.exact]))];
  }

  async close(): Promise<void> {
    await Promise.all(this.routes.map((r) => r.target.pool.close()));
  }
}
