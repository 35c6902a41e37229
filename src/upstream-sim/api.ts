/**
 * The contract between the server and the three model endpoints, plus the request-reading helpers
 * they share.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { AnswerPlan } from './plan.js';
import { parseDirectives } from './prompt.js';
import type { SseFrame } from './sse.js';
import { estimateTokens } from './text.js';
import type { SimRequest, ToolChoice, WireFormat } from './types.js';
import { isRecord, str } from './wire.js';

/** A formatted answer: one JSON body, or the frames of an event stream. */
export type Rendered = { kind: 'json'; body: string } | { kind: 'sse'; frames: SseFrame[] };

/** A valid request, read into neutral form, with the means to format its answer. */
export interface Prepared {
  sim: SimRequest;
  /** Formats `plan`; `created` is the Unix time in seconds. */
  render(plan: AnswerPlan, created: number): Rendered;
}

/** Why a request body is not a valid request for the endpoint (answered with a 400). */
export interface Invalid {
  invalid: string;
  param?: string;
}

/** One model endpoint. */
export interface ApiHandler {
  readonly format: WireFormat;
  prepare(body: unknown, headers: IncomingHttpHeaders): Prepared | Invalid;
}

/** Type guard separating a rejected request from a prepared one. */
export function isInvalid(p: Prepared | Invalid): p is Invalid {
  return 'invalid' in p;
}

/**
 * The text of a message's content in any of the three APIs: a string, or parts/blocks with a `text`
 * field (text, input_text, output_text); tool results nest their own content. Media count as a marker.
 */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let out = '';
  for (const part of content) {
    if (typeof part === 'string') {
      out += (out ? '\n' : '') + part;
      continue;
    }
    if (!isRecord(part)) continue;
    const text = str(part['text']);
    let piece: string | undefined;
    if (text !== undefined) piece = text;
    else if (part['type'] === 'tool_result') piece = contentText(part['content']);
    else if (part['type'] === 'tool_use') piece = `[call ${str(part['name']) ?? ''}(${JSON.stringify(part['input'] ?? {})})]`;
    else if (typeof part['type'] === 'string' && /image|audio|file|document/.test(part['type'])) piece = `[${part['type']}]`;
    if (piece !== undefined) out += (out ? '\n' : '') + piece;
  }
  return out;
}

/**
 * Accumulates a conversation into the transcript that seeds generation and the prompt token count
 * (text tokens plus a small per-message overhead, like real chat formats).
 */
export class TranscriptBuilder {
  private readonly parts: string[];
  private tokens = 0;
  private lastUserRaw = '';
  private endsWithUser = false;

  constructor(model: string) {
    this.parts = [model];
  }

  system(text: string): void {
    if (!text) return;
    this.parts.push('system', text);
    this.tokens += estimateTokens(text) + 4;
  }

  /** Adds a turn; `userText` marks a user message written by a person rather than a tool result. */
  add(role: string, text: string, userText: boolean): void {
    this.parts.push(role, text);
    this.tokens += estimateTokens(text) + 4;
    if (userText) this.lastUserRaw = text;
    this.endsWithUser = userText;
  }

  /** Tool definitions cost prompt tokens too; they do not change the answer text. */
  tools(definitions: unknown): void {
    if (Array.isArray(definitions) && definitions.length > 0) this.tokens += estimateTokens(JSON.stringify(definitions));
  }

  /** The neutral request fields derived from the conversation. */
  finish(): Pick<SimRequest, 'transcript' | 'promptTokens' | 'lastUserText' | 'endsWithUserText' | 'directives'> {
    const { directives, clean } = parseDirectives(this.lastUserRaw);
    return {
      transcript: this.parts.join('\u0001'),
      promptTokens: this.tokens + 3,
      lastUserText: clean,
      endsWithUserText: this.endsWithUser,
      directives,
    };
  }
}

/** OpenAI tool_choice (Chat and Responses spellings) in neutral form. */
export function openaiToolChoice(choice: unknown): ToolChoice {
  if (choice === 'none') return { mode: 'none' };
  if (choice === 'required') return { mode: 'required' };
  if (isRecord(choice) && choice['type'] === 'function') {
    const name = str(choice['name']) ?? (isRecord(choice['function']) ? str(choice['function']['name']) : undefined);
    if (name) return { mode: 'named', name };
  }
  return { mode: 'auto' };
}

const REASONING_MODEL_RE = /reason|think|^o[134](?![0-9])/i;

/** Whether a model id names a reasoning model (its answers include reasoning unasked). */
export function isReasoningModel(model: string): boolean {
  return REASONING_MODEL_RE.test(model);
}

/** Splits a tool call's JSON arguments into streaming fragments of a dozen characters or so. */
export function argumentFragments(args: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i += 12) out.push(args.slice(i, i + 12));
  return out.length > 0 ? out : [''];
}
