/**
 * Serialises the simulator's exchange records exactly as `JSON.stringify` would (same keys, same
 * order, same escaping: a test checks byte equality), but faster: messages carried over from earlier
 * turns and per-account strings are escaped once and reused, instead of once per request. Escaping
 * text is the largest single cost of a 16-million-exchange run.
 */
import type { ExchangeMessage, ExchangeRecord } from '../records/types.js';

/** Where a message's JSON is kept once computed: a symbol key, which JSON.stringify ignores. */
const JSON_OF = Symbol('json');
type CachedMessage = ExchangeMessage & { [JSON_OF]?: string };

/**
 * Keys under which a producer that already has the JSON-escaped form of the response text or
 * reasoning (the response composer builds it alongside) hands it to the serialiser: the escaped
 * characters without the quotes. Symbol keys, so JSON.stringify and validation ignore them.
 */
export const TEXT_JSON = Symbol('textJson');
export const REASONING_JSON = Symbol('reasoningJson');
/** A response that may carry its texts' JSON-escaped forms. */
export type ResponseWithJson = ExchangeRecord['response'] & { [TEXT_JSON]?: string; [REASONING_JSON]?: string };

/**
 * A message whose content's JSON-escaped form (`contentJson`, without quotes) is already known: its
 * JSON is set from it, so resending it in later turns never escapes the content again.
 */
export function messageWithJson(role: ExchangeMessage['role'], content: string, contentJson: string): ExchangeMessage {
  const m: CachedMessage = { role, content };
  m[JSON_OF] = `{"role":${JSON.stringify(role)},"content":"${contentJson}"}`;
  return m;
}
const listJson = new WeakMap<readonly string[], string>();

/** `JSON.stringify(message)`, computed once per message object (history messages recur every turn). */
function message(m: CachedMessage): string {
  let json = m[JSON_OF];
  if (json === undefined) {
    json = JSON.stringify(m);
    m[JSON_OF] = json;
  }
  return json;
}

function list(items: readonly string[]): string {
  let json = listJson.get(items);
  if (json === undefined) {
    json = JSON.stringify(items);
    listJson.set(items, json);
  }
  return json;
}

/** Per-writer cache of short strings that repeat (ids, user agents, models, system prompts). */
export class StringCache {
  private readonly map = new Map<string, string>();

  // small on purpose: a large cache is live heap that every major GC marks again
  constructor(private readonly limit = 30_000) {}

  /** `JSON.stringify(text)`, cached for strings up to 1 KB. */
  json(text: string): string {
    if (text.length > 1024) return JSON.stringify(text);
    let json = this.map.get(text);
    if (json === undefined) {
      json = JSON.stringify(text);
      // a bounded cache: when full, start over (the working set is re-learned in a few requests)
      if (this.map.size >= this.limit) this.map.clear();
      this.map.set(text, json);
    }
    return json;
  }
}

/**
 * The JSON text of an exchange record built by the simulator's actor. Only the fields the actor sets
 * are known here; the equality with `JSON.stringify` is checked by serialize.test.ts.
 */
export function serializeExchange(r: ExchangeRecord, cache: StringCache): string {
  const c = r.client;
  let out = `{"id":"${r.id}","ts":"${r.ts}","account_id":${cache.json(r.account_id)}`;
  if (r.key_id !== undefined) out += `,"key_id":${cache.json(r.key_id)}`;
  if (r.surface !== undefined) out += `,"surface":${cache.json(r.surface)}`;
  out += `,"client":{"ip":"${c.ip}"`;
  if (c.asn !== undefined) out += `,"asn":${c.asn}`;
  if (c.country !== undefined) out += `,"country":"${c.country}"`;
  if (c.user_agent !== undefined) out += `,"user_agent":${cache.json(c.user_agent)}`;
  if (c.tls_fp !== undefined) out += `,"tls_fp":${cache.json(c.tls_fp)}`;
  if (c.device_id !== undefined) out += `,"device_id":${cache.json(c.device_id)}`;
  out += `},"model":${cache.json(r.model)},"endpoint":${cache.json(r.endpoint)},"request":{`;
  const q = r.request;
  if (q.system !== undefined) out += `"system":${cache.json(q.system)},`;
  out += '"messages":[';
  for (let i = 0; i < q.messages.length; i++) out += (i > 0 ? ',' : '') + message(q.messages[i]!);
  out += ']';
  if (q.tools !== undefined) out += `,"tools":${list(q.tools)}`;
  if (q.reasoning !== undefined) out += `,"reasoning":${q.reasoning}`;
  if (q.max_tokens !== undefined) out += `,"max_tokens":${q.max_tokens}`;
  if (q.temperature !== undefined) out += `,"temperature":${q.temperature}`;
  if (q.stream !== undefined) out += `,"stream":${q.stream}`;
  const s: ResponseWithJson = r.response;
  out += `},"response":{"status":${s.status}`;
  if (s.text !== undefined) {
    const json = s[TEXT_JSON];
    out += json !== undefined ? `,"text":"${json}"` : `,"text":${JSON.stringify(s.text)}`;
  }
  if (s.reasoning !== undefined) {
    const json = s[REASONING_JSON];
    out += json !== undefined ? `,"reasoning":"${json}"` : `,"reasoning":${JSON.stringify(s.reasoning)}`;
  }
  if (s.finish_reason !== undefined) out += `,"finish_reason":${cache.json(s.finish_reason)}`;
  if (s.refusal !== undefined) out += `,"refusal":${s.refusal}`;
  const u = r.usage;
  out += `},"usage":{"input_tokens":${u.input_tokens},"output_tokens":${u.output_tokens}`;
  if (u.reasoning_tokens !== undefined) out += `,"reasoning_tokens":${u.reasoning_tokens}`;
  out += '}';
  if (r.latency_ms !== undefined) out += `,"latency_ms":${r.latency_ms}`;
  return `${out}}`;
}
