/** Reasoning protection: one rewriter per API, withholding or summarising reasoning. */
import type { UpstreamProtocol } from '../../config/schema.js';
import type { ResponseRewriter } from '../../gateway/enforcement-hook.js';
import { chatReasoningRewriter } from './chat.js';
import { messagesReasoningRewriter } from './messages.js';
import { responsesReasoningRewriter } from './responses.js';
import { summariseReasoning, type SummaryOptions } from './summarise.js';

export { summariseReasoning, splitSentences, type SummaryOptions } from './summarise.js';

/**
 * The rewriter that gives clients of `protocol` only a summary of the reasoning (`summary`) or
 * none of it (`none`).
 */
export function reasoningRewriter(protocol: UpstreamProtocol, exposure: 'summary' | 'none', options: SummaryOptions): ResponseRewriter {
  const summarise = exposure === 'summary' ? (text: string) => summariseReasoning(text, options) : undefined;
  switch (protocol) {
    case 'openai.chat':
      return chatReasoningRewriter(summarise);
    case 'anthropic.messages':
      return messagesReasoningRewriter(summarise);
    case 'openai.responses':
      return responsesReasoningRewriter(summarise);
  }
}
