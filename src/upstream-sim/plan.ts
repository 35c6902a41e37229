/**
 * The API-neutral answer to a request: what the simulated model says, thinks and calls, and the
 * token counts. The wire modules only format a plan; they never decide content.
 */
import { createRng, hash53 } from './hash.js';
import {
  estimateTokens,
  generateAnswer,
  generateReasoning,
  generateSummary,
  generateToolPreamble,
  topicContext,
  truncateToTokens,
} from './text.js';
import { buildArguments, chooseTool } from './tools.js';
import type { Json, SimRequest } from './types.js';

/** A planned answer. Token counts always follow {@link estimateTokens} of the texts it holds. */
export interface AnswerPlan {
  /** Hash of the transcript: seeds ids so that the same request gets the same ids. */
  seed: number;
  /** Empty when no reasoning was asked for. */
  reasoningText: string;
  /** Responses-style summary of the reasoning; empty unless asked for. */
  summaryText: string;
  /** The visible answer; for a tool call, the preamble (Anthropic) or empty. */
  text: string;
  toolCall: { name: string; input: Json; arguments: string } | null;
  /** True when the output budget cut the answer short. */
  truncated: boolean;
  promptTokens: number;
  reasoningTokens: number;
  /** Every output token, reasoning included. */
  outputTokens: number;
}

// Separate PRNG streams per part, so that e.g. asking for reasoning leaves the answer text unchanged.
const SALT_LENGTH = 1;
const SALT_ANSWER = 2;
const SALT_REASONING = 3;
const SALT_SUMMARY = 4;
const SALT_TOOL = 5;

/** How much longer than the answer the reasoning is, by effort: [minimum, spread]. */
function reasoningRatio(effort: string | undefined): [number, number] {
  switch (effort) {
    case 'minimal':
    case 'low':
      return [1.5, 0.5];
    case 'medium':
      return [2, 0.5];
    case 'high':
    case 'xhigh':
      return [2.5, 0.5];
    default:
      return [1.5, 1.5];
  }
}

/** Plans the answer to `req`; `defaultOutputTokens` is the typical length when nothing else says. */
export function planAnswer(req: SimRequest, defaultOutputTokens: number): AnswerPlan {
  const seed = hash53(req.transcript);
  const tool = chooseTool(req);
  const ctx = topicContext(req.lastUserText, tool?.name);
  const target = req.directives.tokens ?? Math.max(1, Math.round(defaultOutputTokens * (0.5 + createRng(seed, SALT_LENGTH)())));

  let reasoningText = '';
  let summaryText = '';
  if (req.reasoning) {
    const rng = createRng(seed, SALT_REASONING);
    const [min, spread] = reasoningRatio(req.reasoning.effort);
    let reasoningTarget = Math.max(16, Math.round(target * (min + spread * rng())));
    if (req.reasoning.budgetTokens !== undefined) reasoningTarget = Math.max(1, Math.min(reasoningTarget, req.reasoning.budgetTokens));
    reasoningText = generateReasoning(rng, ctx, reasoningTarget);
    if (req.reasoning.summary) summaryText = generateSummary(createRng(seed, SALT_SUMMARY), ctx);
  }

  let toolCall: AnswerPlan['toolCall'] = null;
  let text: string;
  if (tool) {
    const rng = createRng(seed + hash53(tool.name), SALT_TOOL);
    const input = buildArguments(tool.parameters, ctx, rng);
    toolCall = { name: tool.name, input, arguments: JSON.stringify(input) };
    text = req.toolPreamble ? generateToolPreamble(rng, ctx) : '';
  } else {
    text = generateAnswer(createRng(seed, SALT_ANSWER), ctx, target);
  }

  // The budget covers reasoning first, then the visible answer, as with real reasoning models.
  // Tool calls are never cut: a truncated call would only exercise JSON error paths in clients.
  let truncated = false;
  if (req.maxTokens !== undefined) {
    const budget = Math.max(1, req.maxTokens);
    const reasoningTokens = estimateTokens(reasoningText);
    if (reasoningTokens >= budget && (text.length > 0 || toolCall !== null || reasoningTokens > budget)) {
      reasoningText = truncateToTokens(reasoningText, budget);
      text = '';
      toolCall = null;
      truncated = true;
    } else if (estimateTokens(text) > budget - reasoningTokens) {
      text = truncateToTokens(text, budget - reasoningTokens);
      truncated = true;
    }
  }

  const reasoningTokens = estimateTokens(reasoningText);
  const toolTokens = toolCall ? estimateTokens(toolCall.name) + estimateTokens(toolCall.arguments) : 0;
  return {
    seed,
    reasoningText,
    summaryText,
    text,
    toolCall,
    truncated,
    promptTokens: req.promptTokens,
    reasoningTokens,
    outputTokens: reasoningTokens + estimateTokens(text) + toolTokens,
  };
}
