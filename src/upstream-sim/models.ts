/**
 * `GET /v1/models` and `GET /v1/models/{id}` in the OpenAI and Anthropic list formats. The bodies
 * never change while the simulator runs, so they are serialised once at start-up.
 */

/** Models listed when the options do not name any. */
export const DEFAULT_MODELS: readonly string[] = ['sim-gpt', 'sim-reasoner', 'sim-claude'];

// A fixed date: listings must be identical from one run to the next.
const CREATED = 1735689600; // 2025-01-01T00:00:00Z
const CREATED_AT = '2025-01-01T00:00:00Z';

/** Pre-serialised model listings. */
export interface ModelCatalogue {
  openaiList: string;
  anthropicList: string;
  /** Single-model bodies by id. */
  openaiOne: ReadonlyMap<string, string>;
  anthropicOne: ReadonlyMap<string, string>;
}

function displayName(id: string): string {
  return id
    .split(/[-_]+/)
    .filter((w) => w.length > 0)
    .map((w) => w[0]?.toUpperCase() + w.slice(1))
    .join(' ');
}

/** Builds the listings for `ids`. */
export function buildCatalogue(ids: readonly string[]): ModelCatalogue {
  const openai = ids.map((id) => ({ id, object: 'model', created: CREATED, owned_by: 'distillguard-sim' }));
  const anthropic = ids.map((id) => ({ type: 'model', id, display_name: displayName(id), created_at: CREATED_AT }));
  return {
    openaiList: JSON.stringify({ object: 'list', data: openai }),
    anthropicList: JSON.stringify({ data: anthropic, has_more: false, first_id: ids[0] ?? null, last_id: ids[ids.length - 1] ?? null }),
    openaiOne: new Map(openai.map((m) => [m.id, JSON.stringify(m)])),
    anthropicOne: new Map(anthropic.map((m) => [m.id, JSON.stringify(m)])),
  };
}
