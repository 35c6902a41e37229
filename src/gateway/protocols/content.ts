/**
 * Turning the many content shapes of the three APIs into the plain text that spec v1 records carry.
 * Non-text parts become markers such as `[image]`, as the spec asks.
 */

type Part = Record<string, unknown>;
const isObject = (v: unknown): v is Part => typeof v === 'object' && v !== null && !Array.isArray(v);

const MARKERS: Record<string, string> = {
  image_url: '[image]', image: '[image]', input_image: '[image]',
  input_audio: '[audio]', audio: '[audio]',
  file: '[file]', input_file: '[file]', document: '[document]',
  thinking: '', redacted_thinking: '',
};

/** Text of one content part, or its marker. */
export function partText(part: unknown): string {
  if (typeof part === 'string') return part;
  if (!isObject(part)) return '';
  const type = typeof part.type === 'string' ? part.type : '';
  if (typeof part.text === 'string') return part.text; // text, input_text, output_text
  if (type === 'refusal' && typeof part.refusal === 'string') return part.refusal;
  if (type === 'tool_use' || type === 'server_tool_use') return `[tool_use ${String(part.name ?? '')}]`;
  if (type === 'tool_result' || type === 'web_search_tool_result') return contentText(part.content);
  if (type in MARKERS) return MARKERS[type]!;
  return type ? `[${type}]` : '';
}

/** Text of a content field that is a string, an array of parts, or absent. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map(partText).filter((t) => t !== '').join('\n');
  if (isObject(content)) return partText(content);
  return '';
}

/** A JSON value as a short string, for token estimates of tool arguments. */
export const asString = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const asNumber = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
export const asObject = (v: unknown): Part | undefined => (isObject(v) ? v : undefined);
export { isObject };

/** Rough token count (≈ 4 characters a token) where the upstream gives none. */
export function estimateTokens(text: string | undefined): number {
  if (!text) return 0;
  return Math.max(1, Math.ceil(text.length / 4));
}

/** The JSON object in an SSE data field, or undefined for anything else (junk never throws). */
export function parseEventObject(data: string): Part | undefined {
  try {
    return asObject(JSON.parse(data));
  } catch {
    return undefined;
  }
}
