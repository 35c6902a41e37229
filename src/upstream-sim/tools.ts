/**
 * Tool calling: when the simulated model calls a tool, and deterministic arguments that validate
 * against (the common subset of) the tool's JSON Schema.
 */
import { type Rng, intBetween, pick } from './hash.js';
import type { TopicContext } from './text.js';
import type { Json, SimRequest, ToolSpec } from './types.js';

/**
 * The tool to call, or null to answer in text.
 *
 * A forced choice (`required`/`any`, or a named tool) always calls. Otherwise the model calls a tool
 * only when the conversation ends with a user message that mentions a declared tool by name; requiring
 * a user turn stops SDK tool loops (runTools) from calling the same tool forever.
 */
export function chooseTool(req: SimRequest): ToolSpec | null {
  if (req.tools.length === 0) return null;
  const choice = req.toolChoice;
  switch (choice.mode) {
    case 'none':
      return null;
    case 'named':
      return req.tools.find((t) => t.name === choice.name) ?? null;
    case 'required':
      return mentionedTool(req) ?? req.tools[0] ?? null;
    case 'auto':
      return req.endsWithUserText ? mentionedTool(req) : null;
  }
}

function mentionedTool(req: SimRequest): ToolSpec | null {
  const text = req.lastUserText.toLowerCase();
  if (text.length === 0) return null;
  for (const tool of req.tools) {
    const name = tool.name.toLowerCase();
    // "get_weather" is also recognised when written as "get weather".
    if (name.length > 0 && (text.includes(name) || text.includes(name.replace(/[_-]+/g, ' ')))) return tool;
  }
  return null;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const PLACES = ['Paris', 'Tokyo', 'San Francisco', 'Berlin', 'Toronto', 'Sydney'] as const;
const NAMES = ['Alex Morgan', 'Sam Lee', 'Jordan Park', 'Riley Chen'] as const;

/**
 * Arguments for `schema`, built from the prompt where a property name suggests what it holds
 * (a location, a query...) and otherwise from the schema alone (enum, bounds, defaults).
 */
export function buildArguments(schema: unknown, ctx: TopicContext, rng: Rng): Json {
  const value = valueFor(schema, '', ctx, rng, 0);
  // Function arguments are always an object on the wire.
  return isRecord(value) ? value : {};
}

function valueFor(schema: unknown, name: string, ctx: TopicContext, rng: Rng, depth: number): Json {
  if (!isRecord(schema) || depth > 6) return stringFor(name, ctx, rng);
  if ('const' in schema) return toJson(schema['const']);
  if (Array.isArray(schema['enum']) && schema['enum'].length > 0) return toJson(pick(rng, schema['enum'] as unknown[]));
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const options = schema[key];
    if (Array.isArray(options)) {
      const usable = options.find((o) => !(isRecord(o) && o['type'] === 'null'));
      if (usable !== undefined) return valueFor(usable, name, ctx, rng, depth + 1);
    }
  }
  let type = schema['type'];
  if (Array.isArray(type)) type = type.find((t) => t !== 'null') ?? 'string';
  if (type === undefined && isRecord(schema['properties'])) type = 'object';
  switch (type) {
    case 'object':
      return objectFor(schema, ctx, rng, depth);
    case 'array': {
      const count = Math.max(typeof schema['minItems'] === 'number' ? schema['minItems'] : 1, 1);
      const items: Json[] = [];
      for (let i = 0; i < Math.min(count, 3); i++) items.push(valueFor(schema['items'], singular(name), ctx, rng, depth + 1));
      return items;
    }
    case 'integer':
    case 'number':
      return numberFor(schema, name, rng, type === 'integer');
    case 'boolean':
      return rng() < 0.5;
    case 'null':
      return null;
    default:
      if (schema['default'] !== undefined) return toJson(schema['default']);
      return stringFor(name, ctx, rng, typeof schema['format'] === 'string' ? schema['format'] : undefined);
  }
}

function objectFor(schema: Record<string, unknown>, ctx: TopicContext, rng: Rng, depth: number): Json {
  const props = isRecord(schema['properties']) ? schema['properties'] : {};
  const required = Array.isArray(schema['required']) ? new Set(schema['required'].filter((r) => typeof r === 'string')) : null;
  const out: { [key: string]: Json } = {};
  for (const [key, sub] of Object.entries(props)) {
    // Without a `required` list every property is filled; with one, optional ones half the time.
    if (required && !required.has(key) && rng() < 0.5) continue;
    out[key] = valueFor(sub, key, ctx, rng, depth + 1);
  }
  return out;
}

function numberFor(schema: Record<string, unknown>, name: string, rng: Rng, integer: boolean): number {
  const lower = name.toLowerCase();
  if (/^lat(itude)?$/.test(lower)) return 48.8566;
  if (/^(lon|lng|longitude)$/.test(lower)) return 2.3522;
  const min = typeof schema['minimum'] === 'number' ? schema['minimum'] : typeof schema['exclusiveMinimum'] === 'number' ? schema['exclusiveMinimum'] + 1 : undefined;
  const max = typeof schema['maximum'] === 'number' ? schema['maximum'] : typeof schema['exclusiveMaximum'] === 'number' ? schema['exclusiveMaximum'] - 1 : undefined;
  if (min === undefined && max === undefined && /count|limit|num|max|top|size|results|k$/.test(lower)) return 5;
  const lo = Math.ceil(min ?? (max !== undefined ? Math.min(0, max) : 1));
  const hi = Math.floor(max ?? Math.max(lo, 100));
  const n = intBetween(rng, lo, Math.max(lo, hi));
  if (integer) return n;
  const withFraction = n + Math.round(rng() * 100) / 100;
  return withFraction > hi ? n : withFraction;
}

function stringFor(name: string, ctx: TopicContext, rng: Rng, format?: string): string {
  const lower = name.toLowerCase();
  if (format === 'date' || /date|day$/.test(lower)) return '2025-01-15';
  if (format === 'date-time' || /timestamp|datetime/.test(lower)) return '2025-01-15T12:00:00Z';
  if (format === 'email' || /email/.test(lower)) return 'user@example.com';
  if (format === 'uri' || format === 'url' || /url|link|href/.test(lower)) return `https://example.com/${slug(ctx)}`;
  if (/city|location|place|town|country|region|address|destination|origin/.test(lower)) return ctx.properNouns[0] ?? pick(rng, PLACES);
  if (/unit/.test(lower)) return 'celsius';
  if (/lang|locale/.test(lower)) return 'en';
  if (/time/.test(lower)) return '12:00';
  if (/(^|_)id$|Id$/.test(name)) return `id_${slug(ctx).replace(/-/g, '_')}`;
  if (/name/.test(lower)) return ctx.properNouns[0] ?? pick(rng, NAMES);
  return topicWords(ctx).slice(0, 4).join(' ');
}

/** The prompt's topic words, minus those that only name the tool ("use search_docs" is not the query). */
function topicWords(ctx: TopicContext): readonly string[] {
  const tool = ctx.tool?.toLowerCase();
  if (!tool) return ctx.words;
  const words = ctx.words.filter((w) => !tool.includes(w.toLowerCase()));
  return words.length > 0 ? words : ctx.words;
}

function slug(ctx: TopicContext): string {
  return topicWords(ctx).slice(0, 3).join('-').toLowerCase().replace(/[^a-z0-9-]/g, '') || 'item';
}

function singular(name: string): string {
  return name.endsWith('s') ? name.slice(0, -1) : name;
}

function toJson(v: unknown): Json {
  if (v === null || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') return v;
  // Schemas only hold JSON (they came from a JSON body), so a round-trip is a safe deep copy.
  return JSON.parse(JSON.stringify(v ?? null)) as Json;
}
