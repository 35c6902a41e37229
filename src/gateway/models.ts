import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errorBody } from './api-errors.js';
import type { KeyResolver } from './key-resolver.js';
import type { UpstreamRouter } from './upstreams.js';

interface ModelsRouteDeps {
  router: UpstreamRouter;
  keys: KeyResolver;
  presentedKey: (request: FastifyRequest) => string | undefined;
  authMessages: Record<string, string>;
}

interface ModelEntry {
  id: string;
  created: number;
}

const CACHE_MS = 60_000;

/**
 * `GET /v1/models`: the models named in the config, plus what catch-all upstreams list themselves
 * (cached for a minute). Answered in Anthropic's shape when the client sends `anthropic-version`,
 * otherwise in OpenAI's.
 */
export function modelsRoute(app: FastifyInstance, deps: ModelsRouteDeps): void {
  let cache: { at: number; models: ModelEntry[] } | undefined;

  async function upstreamModels(): Promise<ModelEntry[]> {
    if (cache && Date.now() - cache.at < CACHE_MS) return cache.models;
    const found = new Map<string, ModelEntry>();
    for (const id of deps.router.explicitModels()) found.set(id, { id, created: 0 });
    for (const target of deps.router.all()) {
      if (!target.config.models.includes('*')) continue;
      try {
        const response = await target.pool.request({
          method: 'GET',
          path: `${target.pathPrefix}/v1/models`,
          headers: target.apiKey ? { authorization: `Bearer ${target.apiKey}`, 'x-api-key': target.apiKey } : {},
          headersTimeout: 5_000,
          bodyTimeout: 5_000,
        });
        const body = (await response.body.json()) as { data?: Array<{ id?: unknown; created?: unknown }> };
        if (response.statusCode !== 200 || !Array.isArray(body.data)) continue;
        for (const model of body.data) {
          if (typeof model.id === 'string' && !found.has(model.id)) {
            found.set(model.id, { id: model.id, created: typeof model.created === 'number' ? model.created : 0 });
          }
        }
      } catch {
        // an upstream that cannot list its models still serves them; the list is best effort
      }
    }
    cache = { at: Date.now(), models: [...found.values()].sort((a, b) => a.id.localeCompare(b.id)) };
    return cache.models;
  }

  app.get('/v1/models', async (request, reply) => {
    const anthropic = typeof request.headers['anthropic-version'] === 'string';
    const flavor = anthropic ? 'anthropic' : 'openai';
    const check = await deps.keys.check(deps.presentedKey(request));
    if (!check.ok) {
      return reply.code(401).send(errorBody(flavor, { status: 401, code: check.code, message: deps.authMessages[check.code]! }));
    }
    const models = await upstreamModels();
    if (anthropic) {
      return reply.send({
        data: models.map((m) => ({ type: 'model', id: m.id, display_name: m.id, created_at: new Date(m.created * 1000).toISOString() })),
        has_more: false,
        first_id: models[0]?.id ?? null,
        last_id: models[models.length - 1]?.id ?? null,
      });
    }
    return reply.send({ object: 'list', data: models.map((m) => ({ id: m.id, object: 'model', created: m.created, owned_by: 'distillguard' })) });
  });
}
